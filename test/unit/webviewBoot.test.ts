import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as path from 'path';
import * as vm from 'vm';
import type { Boot, SavedState } from '../../src/webview/bootApi';
import type { FromWebview, PageSnapshot, ToWebview } from '../../src/shared/protocol';
import { jsonInScript } from '../../src/core/text/jsonInScript';

const REPO = path.resolve(__dirname, '../../..');

/**
 * The chat page's first script (src/webview/boot.ts), bundled as the build does and run in a
 * context with only what a webview page gives it: `window` (an event target), the VS Code API,
 * `performance`, `queueMicrotask`, and of `document` the snapshot element's text, as the page's
 * HTML carries it (`snapshot`, written as chatHtml writes it).
 */
function runBoot(saved: SavedState | undefined, snapshot?: PageSnapshot) {
  const code = esbuild.buildSync({
    entryPoints: [path.join(REPO, 'src/webview/boot.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  }).outputFiles[0].text;
  const posted: FromWebview[] = [];
  const rethrown: unknown[] = [];
  const window = new EventTarget() as EventTarget & { parleyBoot?: Boot };
  const context = vm.createContext({
    window,
    performance,
    document: {
      getElementById: (id: string) => (id === 'parley-snapshot' && snapshot ? { textContent: jsonInScript(snapshot) } : null),
    },
    acquireVsCodeApi: () => ({ postMessage: (m: FromWebview) => posted.push(m), getState: () => saved, setState: () => undefined }),
    // A handler's error is thrown again on its own (as an event's would be); collected here.
    queueMicrotask: (f: () => void) => {
      try {
        f();
      } catch (e) {
        rethrown.push(e);
      }
    },
  });
  vm.runInContext(code, context);
  // Objects made inside the context have its own Object prototype: compared as plain data.
  const plain = () => JSON.parse(JSON.stringify(posted)) as FromWebview[];
  const send = (data: ToWebview) => window.dispatchEvent(Object.assign(new Event('message'), { data }));
  return { posted: plain, rethrown, send, boot: window.parleyBoot! };
}

const profile = (label: string): ToWebview => ({ type: 'chrome', chrome: { profileLabel: label } });
const labelOf = (m: ToWebview) => (m.type === 'chrome' ? m.chrome.profileLabel! : m.type);

describe('chat page boot script', () => {
  it('says ready before anything else, naming the message the reader was on after a reload', () => {
    assert.deepStrictEqual(runBoot(undefined).posted(), [{ type: 'ready' }]);
    assert.deepStrictEqual(runBoot({ draft: 'half a question' }).posted(), [{ type: 'ready' }]);
    const reading = { conversationId: 'c1', id: 'm42', offset: -12 };
    assert.deepStrictEqual(runBoot({ reading }).posted(), [{ type: 'ready', fromId: 'm42' }]);
  });

  it('keeps what arrives before the main script listens, and hands it over in order, then the rest as it comes', () => {
    const { send, boot } = runBoot(undefined);
    send(profile('a'));
    send(profile('b'));
    const seen: string[] = [];
    boot.listen((m) => seen.push(labelOf(m)));
    assert.deepStrictEqual(seen, ['a', 'b']);
    send(profile('c'));
    assert.deepStrictEqual(seen, ['a', 'b', 'c']);
  });

  it('a message the page fails on does not keep the others from it', () => {
    const { send, boot, rethrown } = runBoot(undefined);
    send(profile('a'));
    send(profile('broken'));
    send(profile('c'));
    const seen: string[] = [];
    boot.listen((m) => {
      if (labelOf(m) === 'broken') throw new Error('cannot draw this');
      seen.push(labelOf(m));
    });
    send(profile('d'));
    assert.deepStrictEqual(seen, ['a', 'c', 'd']);
    assert.strictEqual((rethrown[0] as Error).message, 'cannot draw this', 'the error is not swallowed');
  });

  const snapshot: PageSnapshot = {
    id: 7,
    state: {
      conversationId: 'c1',
      messages: [
        { id: 'm40', role: 'user', content: 'Why </script><!--<script> here?' },
        { id: 'm41', role: 'assistant', content: 'It is text.\u2028' },
      ],
      omitted: 40,
      busy: false,
      history: [],
    },
  };
  const stateOf = (m: ToWebview) => (m.type === 'state' ? JSON.parse(JSON.stringify(m.state)) : m.type);

  it('hands the state its HTML carries over first, and says which it drew', () => {
    const { send, boot, posted } = runBoot(undefined, snapshot);
    assert.deepStrictEqual(posted(), [{ type: 'ready', snapshot: 7 }]);
    send(profile('a'));
    const seen: unknown[] = [];
    boot.listen((m) => seen.push(m.type === 'state' ? stateOf(m) : labelOf(m)));
    assert.deepStrictEqual(seen, [snapshot.state, 'a'], 'the state, its text as it was, then what arrived');
  });

  it('a reader on a message of the snapshot draws it; one further back asks for the state from there', () => {
    const within = runBoot({ reading: { conversationId: 'c1', id: 'm40', offset: 0 } }, snapshot);
    assert.deepStrictEqual(within.posted(), [{ type: 'ready', fromId: 'm40', snapshot: 7 }]);
    const further = runBoot({ reading: { conversationId: 'c1', id: 'm12', offset: 0 } }, snapshot);
    assert.deepStrictEqual(further.posted(), [{ type: 'ready', fromId: 'm12' }]);
    const seen: ToWebview[] = [];
    further.boot.listen((m) => seen.push(m));
    assert.deepStrictEqual(seen, [], 'nothing drawn before the state from there arrives');
    // The reader was in a conversation no longer open: the snapshot is what the extension would send.
    const elsewhere = runBoot({ reading: { conversationId: 'c0', id: 'm3', offset: 0 } }, snapshot);
    assert.deepStrictEqual(elsewhere.posted(), [{ type: 'ready', fromId: 'm3', snapshot: 7 }]);
  });

  it('hands over the VS Code API it acquired (a page may acquire it only once)', () => {
    const { boot, posted } = runBoot(undefined);
    boot.vscode.postMessage({ type: 'newChat' });
    assert.deepStrictEqual(posted(), [{ type: 'ready' }, { type: 'newChat' }]);
  });
});
