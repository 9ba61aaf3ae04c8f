import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { textReply, type ChatServer } from '../server/chatServer';
import { parley, useServer, waitFor } from './helpers';

/** A full GC, then the heap in use (the extension host runs without --expose-gc). */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Timers, sockets and other handles alive in the extension host, by kind. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

describe('Soak: hours of use in one session', function () {
  this.timeout(300_000);
  let server: ChatServer;
  before(async () => { server = await useServer(); });
  after(async () => { await server.close(); });

  it('200 chat turns and 20 view hide/show cycles: heap and live handles do not grow', async () => {
    const api = await parley();
    await api.chat.newChat();
    await api.chat.send('warm up');
    const heapBefore = heapAfterGc();
    const before = resources();
    // Counted from here: the durability tests before this one make saves fail on purpose.
    const failuresBefore = api.store.saveFailures;
    const started = Date.now();
    for (let turn = 0; turn < 200; turn++) {
      if (turn % 20 === 0) await api.chat.newChat();
      server.enqueue(textReply(`Answer ${turn}: ${'lorem ipsum dolor sit amet '.repeat(20)}`));
      await api.chat.send(`Question ${turn}`);
      if (turn % 10 === 0) {
        await vscode.commands.executeCommand('workbench.view.explorer');
        await waitFor('view hidden', () => !api.view.visible);
        await vscode.commands.executeCommand('parley.openChat');
        await waitFor('view shown', () => api.view.visible);
      }
    }
    await api.chat.idle();
    const heapAfter = heapAfterGc();
    const after = resources();
    const growthMb = (heapAfter - heapBefore) / 1e6;
    console.log(`      soak: 200 turns, 20 hide/show cycles in ${Math.round((Date.now() - started) / 1000)} s; heap after GC ${(heapBefore / 1e6).toFixed(1)} → ${(heapAfter / 1e6).toFixed(1)} MB (${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(1)} MB); store writes ${api.store.writes}, save failures ${api.store.saveFailures - failuresBefore}`);
    console.log(`      live handles before ${JSON.stringify(before)}; after ${JSON.stringify(after)}`);
    assert.ok(growthMb < 20, `heap grew ${growthMb.toFixed(1)} MB`);
    assert.strictEqual(api.store.saveFailures - failuresBefore, 0, 'no save failed during the soak');
    for (const kind of ['Timeout', 'TCPSocketWrap']) {
      assert.ok((after[kind] ?? 0) <= (before[kind] ?? 0) + 5, `${kind}: ${before[kind] ?? 0} → ${after[kind] ?? 0}`);
    }
  });
});
