import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { textReply, tokens, type ChatServer } from '../server/chatServer';
import { parley, useServer, waitFor } from './helpers';
import { recordStore } from './recorders';

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
  before(async () => {
    server = await useServer();
  });
  after(async () => {
    await server.close();
  });

  /** Rewrites in one untitled editor; of every 5, 2 accepted, 2 rejected, 1 stopped while streaming. */
  async function rewrites(count: number): Promise<void> {
    const api = await parley();
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'let a = 1;\nlet b = 2;\n' });
    const editor = await vscode.window.showTextDocument(doc);
    for (let i = 0; i < count; i++) {
      const original = doc.getText();
      editor.selection = new vscode.Selection(0, 0, 1, 0);
      if (i % 5 === 4) {
        server.enqueue({
          steps: [...tokens('const a = 1; // slow '.repeat(50)).map((t) => ({ content: t, delayMs: 20 })), { finish_reason: 'stop' }],
        });
        const running = api.rewrite.start('Use const');
        const session = await waitFor(
          'a rewrite streaming',
          () => api.rewrite.session(doc)?.status === 'streaming' && api.rewrite.session(doc),
        );
        await session.reject();
        await running;
        assert.strictEqual(doc.getText(), original, 'a stopped rewrite restores the text');
      } else {
        server.enqueue(textReply(`const a = ${i};`));
        const session = await api.rewrite.start('Use const');
        assert.strictEqual(session?.status, 'pending');
        if (i % 2 === 0) await session!.accept();
        else {
          await session!.reject();
          assert.strictEqual(doc.getText(), original, 'a rejected rewrite restores the text');
        }
      }
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }

  it('200 chat turns, 50 rewrites and 20 view hide/show cycles: heap, live objects and handles do not grow', async () => {
    const api = await parley();
    await api.chat.newChat();
    await api.chat.send('warm up');
    await rewrites(5); // warm up the rewrite path too, so first-use objects are not counted as growth
    const heapBefore = heapAfterGc();
    const before = resources();
    const liveBefore = api.liveDisposables();
    // Counted from here: the durability tests before this one make saves fail on purpose.
    const store = recordStore(api);
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
    await rewrites(50);
    await api.view.reveal();
    const heapAfter = heapAfterGc();
    const liveAfter = api.liveDisposables();
    const after = resources();
    store.dispose();
    const growthMb = (heapAfter - heapBefore) / 1e6;
    console.log(
      `      soak: 200 turns, 50 rewrites, 20 hide/show cycles in ${Math.round((Date.now() - started) / 1000)} s; heap after GC ${(heapBefore / 1e6).toFixed(1)} → ${(heapAfter / 1e6).toFixed(1)} MB (${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(1)} MB); store writes ${store.writes}, save failures ${store.saveFailures}`,
    );
    console.log(
      `      live handles before ${JSON.stringify(before)}; after ${JSON.stringify(after)}; Parley's live disposables ${liveBefore} → ${liveAfter}`,
    );
    assert.ok(liveAfter <= liveBefore, `Parley's live disposables grew: ${liveBefore} → ${liveAfter}`);
    assert.ok(growthMb < 20, `heap grew ${growthMb.toFixed(1)} MB`);
    assert.ok(store.writes >= 200, `the soak's turns were saved (${store.writes} writes)`);
    assert.strictEqual(store.saveFailures, 0, 'no save failed during the soak');
    for (const kind of ['Timeout', 'TCPSocketWrap']) {
      assert.ok((after[kind] ?? 0) <= (before[kind] ?? 0) + 5, `${kind}: ${before[kind] ?? 0} → ${after[kind] ?? 0}`);
    }
  });
});
