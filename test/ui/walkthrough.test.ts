import * as assert from 'assert';
import * as path from 'path';
import { textReply } from '../server/chatServer';
import { chatFrame, openWorkbench, runCommand, screenshotIfFailed, SCREENSHOTS, type Workbench } from './workbench';

/**
 * A first run, as a new user has it: no provider configured, the test server stands in for
 * Ollama on its port (11434). The Get Started walkthrough's Choose Provider lists it first (found
 * by itself), one pick sets it up, then the walkthrough tests the connection and explains a
 * sample, ending with the explanation in the chat view.
 */
describe('First run: the Get Started walkthrough (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({ configured: false, serverPort: 11434 });
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'walkthrough');
  });

  it('chooses Ollama, tests the connection, and explains a sample into the chat', async () => {
    const { page, server } = wb;
    await runCommand(page, 'Welcome: Open Walkthrough');
    const input = page.locator('.quick-input-widget input');
    await input.pressSequentially('Get started with Parley', { delay: 10 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Parley' }).first().waitFor();
    await input.press('Enter');
    const step = (title: string) => page.locator('.getting-started-step', { hasText: title }).first();
    const action = (label: string) => page.getByRole('button', { name: label, exact: true }).first();

    await step('Choose a provider').click();
    await action('Choose Provider').click();
    // The server found on this machine is the first row; pick it with the mouse, as a person would.
    const first = page.locator('.quick-input-list .monaco-list-row').first();
    await first.waitFor();
    assert.match((await first.textContent()) ?? '', /Ollama on localhost:11434, 2 models/);
    await first.click();
    await page.locator('.statusbar-item', { hasText: 'Ollama · test-model' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'walkthrough.png') });
    assert.deepStrictEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/models'],
      'Choose Provider looked for local servers',
    );

    await step('Test the connection').click();
    await action('Test Connection').click();
    // The connection check, then its two questions to the model (tools, an image), before Explain is answered.
    await waitForRequests(server, 4);
    assert.match(JSON.stringify(server.requests[1].body.messages), /Connection test/);
    assert.strictEqual(server.requests[2].body.tools?.length, 1);
    assert.match(JSON.stringify(server.requests[3].body.messages), /image_url/);

    server.enqueue(textReply('`debounce` returns a function that waits until calls stop for `ms` milliseconds before calling `fn`.'));
    await step('Explain some code').click();
    await action('Try Explain on a Sample').click();
    const frame = chatFrame(page);
    await frame.locator('.message.assistant', { hasText: 'returns a function that waits' }).waitFor({ timeout: 60_000 });
    const sent = server.requests[server.requests.length - 1].body.messages.at(-1).content as string;
    assert.match(sent, /function debounce\(fn, ms\)/);
  });
});

async function waitForRequests(server: { requests: unknown[] }, n: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (server.requests.length < n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} requests, got ${server.requests.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
