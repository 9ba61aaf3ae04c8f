import * as assert from 'assert';
import { chatFrame, openWorkbench, runCommand, screenshotIfFailed, type Workbench } from './workbench';

const KEY = 'llama-key-0123456789';

/**
 * A profile set up without a key (llama.cpp found by itself, `needsKey: false`) whose server was
 * restarted with `--api-key`: the question is refused with 401. The error offers to enter a key;
 * one click asks for it, the profile learns it needs one, and the same question is sent again.
 */
describe('A keyless profile answered 401: the chat offers to enter a key (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;
  before(async () => {
    wb = await openWorkbench({ server: { apiKey: KEY, like: 'llamacpp' } });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'key-rejected');
  });

  it('Enter API key in the error asks for the key in a password box and sends the question again with it; the question stays as typed', async () => {
    const { page, server } = wb!;
    await runCommand(page, 'Parley: Open Chat');
    const frame = chatFrame(page);
    const question = 'Why does fib(40) take so long?';
    await frame.locator('#input').fill(question);
    await frame.locator('#input').press('Enter');
    const error = frame.locator('.message.assistant .message-foot .error');
    await error.waitFor({ timeout: 30_000 });
    assert.match((await error.textContent()) ?? '', /HTTP 401 .*Invalid API Key\. This server asks for an API key/);
    assert.strictEqual(server.requests.at(-1)!.headers.authorization, undefined);

    const enterKey = frame.locator('.message.assistant .message-foot button.enter-api-key');
    assert.strictEqual(await enterKey.textContent(), 'Enter API key and retry');
    await enterKey.click();
    const box = page.locator('.quick-input-widget input[type="password"]');
    await box.waitFor({ timeout: 15_000 });
    assert.match((await page.locator('.quick-input-widget .quick-input-title').textContent()) ?? '', /API key for Local test server/);
    await box.fill(KEY);
    await box.press('Enter');

    await frame.locator('.message.assistant', { hasText: 'Hello from the test server.' }).waitFor({ timeout: 30_000 });
    await frame.locator('.message.assistant .message-foot .error').waitFor({ state: 'detached' });
    assert.deepStrictEqual(
      await frame.locator('.message.user .message-body').allTextContents(),
      [question],
      'the question is there once, as typed',
    );
    const retried = server.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!;
    assert.strictEqual(retried.headers.authorization, `Bearer ${KEY}`);
    assert.match(JSON.stringify(retried.body.messages), /Why does fib\(40\) take so long\?/);

    // The profile learnt it needs the key: the next question carries it without asking.
    await frame.locator('#input').fill('And fib(50)?');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant').nth(1).filter({ hasText: 'Hello from the test server.' }).waitFor({ timeout: 30_000 });
    assert.strictEqual(server.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.headers.authorization, `Bearer ${KEY}`);
  });
});
