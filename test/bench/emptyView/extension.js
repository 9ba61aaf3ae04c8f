// The baseline for the chat view's opening time and memory (`npm run bench`): the least a
// webview view can be, a line of text and a script that marks when it has painted, the way
// Parley's view marks `parley:painted`. Also seeds Parley's history through its API, and
// profiles the extension host for the built-in chat bench.
const vscode = require('vscode');
const crypto = require('crypto');

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider('parleyBenchEmpty.view', {
      resolveWebviewView(view) {
        const nonce = crypto.randomBytes(16).toString('base64');
        view.webview.options = { enableScripts: true };
        view.webview.html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'">
</head><body><p id="empty-view">An empty webview view.</p>
<script nonce="${nonce}">requestAnimationFrame(() => setTimeout(() => performance.mark('bench:painted'), 0));</script>
</body></html>`;
      },
    }),
    vscode.commands.registerCommand('parleyBenchEmpty.open', () => vscode.commands.executeCommand('parleyBenchEmpty.view.focus')),
    // For the UI tests: Parley sends the view the state it already has (the open conversation, again).
    vscode.commands.registerCommand('parleyBenchEmpty.reopen', async () => {
      const api = await vscode.extensions.getExtension('parley-dev.parley').activate();
      await api.chat.open(api.chat.current().id);
    }),
    vscode.commands.registerCommand('parleyBenchEmpty.seed', async (count = 1000) => {
      // The bench waits for this status bar text.
      const status = vscode.window.createStatusBarItem();
      context.subscriptions.push(status);
      try {
        status.text = `Bench: seeded ${await seed(count)} messages`;
      } catch (e) {
        status.text = `Bench: seed failed: ${e && e.message}`;
      }
      status.show();
    }),
    // For the per-Send bench: a new conversation each time (Parley does not read the open one
    // again), the same messages as above; the bench waits for the view to show it.
    vscode.commands.registerCommand('parleyBenchEmpty.seedFresh1000', () => seed(1000, `bench-seeded-${Date.now()}`)),
    vscode.commands.registerCommand('parleyBenchEmpty.seedFresh2', () => seed(2, `bench-seeded-${Date.now()}`)),
    // For the opening bench: a conversation of N messages made current while the view is closed;
    // the status bar says which and how many times, for the bench to wait on.
    ...[1000, 2].map((n) => {
      let times = 0;
      const status = vscode.window.createStatusBarItem();
      context.subscriptions.push(status);
      return vscode.commands.registerCommand(`parleyBenchEmpty.current${n}`, async () => {
        await seed(n, `bench-current-${n}`);
        status.text = `Bench: current ${n} (${++times})`;
        status.show();
      });
    }),
    ...profileCommands(context),
  );
};

/**
 * For the built-in chat bench: a CPU profile of this extension host (Parley, VS Code's own chat
 * extension and VS Code's API all run in it), taken by the inspector in this same thread and
 * written to the OS temp folder as parley-bench-exthost-<pid>.cpuprofile. The bench waits for
 * the status bar text.
 */
function profileCommands(context) {
  const inspector = require('inspector');
  const status = vscode.window.createStatusBarItem();
  context.subscriptions.push(status);
  let session;
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  const say = (text) => {
    status.text = text;
    status.show();
  };
  return [
    vscode.commands.registerCommand('parleyBenchEmpty.profileStart', async () => {
      session = new inspector.Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
      say('Bench: profiling the extension host');
    }),
    vscode.commands.registerCommand('parleyBenchEmpty.profileStop', async () => {
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      const file = require('path').join(require('os').tmpdir(), `parley-bench-exthost-${process.pid}.cpuprofile`);
      require('fs').writeFileSync(file, JSON.stringify(profile));
      say('Bench: extension host profile written');
    }),
  ];
}

/** In the last question: text that would end the page's script element holding the state if it were written raw. */
const HOSTILE = ` Is "</script><script>document.title='pwned'</script><!--<script>" text?`;

/** One conversation of `count` messages, made Parley's current one (the chat opens on it). */
async function seed(count, id = 'bench-seeded') {
  const api = await vscode.extensions.getExtension('parley-dev.parley').activate();
  const langs = ['ts', 'python', 'rust', 'go', 'java', 'sql'];
  const messages = Array.from({ length: count }, (_, i) => ({
    id: `seed${i}`,
    role: i % 2 ? 'assistant' : 'user',
    content: i % 2
      ? `This walks the list once and keeps a running total; see below.\n\n\`\`\`${langs[i % 6]}\nconst total = items.reduce((a, b) => a + b.price, 0); // ${i}\n\`\`\`\n\nItems out of stock are **skipped**.`
      : `Question ${i}: how does the total work?${i === count - 2 ? HOSTILE : ''}`,
  }));
  await api.store.save({ id, title: 'Seeded', messages, updatedAt: Date.now() });
  await api.chat.open(id);
  return messages.length;
}
