import * as assert from 'assert';
import * as path from 'path';
import { textReply } from '../server/chatServer';
import { chatFrame, openWorkbench, runCommand, screenshotIfFailed, SCREENSHOTS, type Workbench } from './workbench';

/**
 * A new user with a local model server running: no provider configured, the test server stands
 * in for Ollama on its real port (11434). Opening the chat view offers it first; one click sets
 * it up, and the first question is answered by it.
 */
describe('First run with a local server: found by itself (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;
  before(async function () {
    try {
      wb = await openWorkbench({
        configured: false,
        serverPort: 11434,
        serverModels: ['llama3.2:latest', 'qwen2.5-coder:7b', 'nomic-embed-text'],
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      throw new Error('port 11434 on 127.0.0.1 is in use (a real Ollama, or another test run using it): stop it to run this test.');
    }
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'local-servers');
  });

  it('the empty chat view offers the detected server first; one click sets it up and a question is answered', async () => {
    const { page, server } = wb!;
    assert.strictEqual(server.requests.length, 0, 'nothing was probed before Parley was opened');
    await runCommand(page, 'Parley: Open Chat');
    const frame = chatFrame(page);
    const offer = frame.locator('#setup .local-offer').first();
    await offer.waitFor({ timeout: 30_000 });
    assert.strictEqual(
      await frame.locator('#setup .local-offer .local-label').first().textContent(),
      'Ollama on localhost:11434, 3 models',
    );
    assert.strictEqual(
      await frame.locator('#setup .local-offer .local-detail').first().textContent(),
      'llama3.2:latest, qwen2.5-coder:7b, nomic-embed-text',
    );
    // Found servers come before the generic provider choice.
    const order = await frame
      .locator('#setup')
      .evaluate((el) => [...el.querySelectorAll('.local-offer, #setup-button')].map((b) => b.className || b.id));
    assert.deepStrictEqual(order, ['local-offer', 'setup-button']);
    assert.deepStrictEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/models'],
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'local-servers.png') });

    // Choose Provider lists it first as well (same search, kept for the window: no second probe).
    await runCommand(page, 'Parley: Choose Provider');
    const first = page.locator('.quick-input-list .monaco-list-row').first();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Choose Provider' }).waitFor();
    assert.match((await first.textContent()) ?? '', /Ollama on localhost:11434, 3 models/);
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.strictEqual(server.requests.length, 1);

    await offer.click();
    await frame.locator('#profile', { hasText: 'Ollama · llama3.2:latest' }).waitFor({ timeout: 15_000 });
    await frame.locator('#setup').waitFor({ state: 'hidden' });
    await page.locator('.statusbar-item', { hasText: 'Ollama · llama3.2:latest' }).waitFor({ timeout: 15_000 });

    server.enqueue(textReply('Hi! I am **llama3.2** on your machine, ready to explain code.', { delayMs: 10 }));
    await frame.locator('#input').fill('Who are you?');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant', { hasText: 'ready to explain code' }).waitFor({ timeout: 30_000 });
    await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 30_000 });
    const chat = server.requests.at(-1)!;
    assert.strictEqual(chat.path, '/v1/chat/completions');
    assert.strictEqual(chat.body.model, 'llama3.2:latest');
    assert.strictEqual(chat.headers.authorization, undefined, 'no key for a local server');
    assert.match(JSON.stringify(chat.body.messages), /Who are you\?/);
  });
});
