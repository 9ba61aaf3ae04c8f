import * as assert from 'assert';
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { startChatServer, textReply, type ChatServer } from '../server/chatServer';

const CORE = path.join(__dirname, '..', '..', 'src', 'core', 'client', 'node');

/**
 * Which modules a fresh Node process has loaded once `script` (run with CORE as cwd) is done.
 * Asynchronous: the test server in this process must keep answering meanwhile.
 */
async function loadedAfter(script: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-e',
      `${script}; process.on('beforeExit', () => { if (!globalThis.printed) { globalThis.printed = 1; console.log(JSON.stringify(Object.keys(require.cache))); } });`,
    ],
    { cwd: CORE, encoding: 'utf8' },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as string[];
}

const isSdk = (file: string) => /node_modules[\\/]openai[\\/]/.test(file) || file.endsWith(`${path.sep}openaiClient.js`);

/** #20: the `openai` SDK is loaded by the first request, never with the modules activation loads. */
describe('the openai SDK loads lazily', function () {
  this.timeout(30_000);
  let server: ChatServer;
  before(async () => {
    server = await startChatServer();
  });
  after(() => server.close());

  it('is not loaded with the client modules', async () => {
    const loaded = await loadedAfter("require('./chatClient'); require('./transport'); require('./requestLoop')");
    assert.ok(
      loaded.some((f) => f.endsWith(`${path.sep}chatClient.js`)),
      'the client was loaded',
    );
    assert.deepStrictEqual(loaded.filter(isSdk), []);
  });

  it('is loaded by the first request, which streams through it', async () => {
    server.enqueue(textReply('hello there'));
    const loaded = await loadedAfter(`
      const { streamChat } = require('./chatClient');
      let text = '';
      streamChat({ endpoint: { baseUrl: ${JSON.stringify(server.url)}, apiStyle: 'openai', headers: {} }, body: { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true },
        timeouts: { firstTokenMs: 10000, idleMs: 10000 }, onEvent: (e) => { if (e.type === 'content') text += e.text; } })
        .then(() => { if (text !== 'hello there') { console.log('[]'); process.exit(1); } });`);
    assert.ok(
      loaded.some((f) => f.endsWith(`${path.sep}openaiClient.js`)),
      'openaiClient.js was required',
    );
  });
});
