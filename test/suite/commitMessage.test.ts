import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { textReply, type ChatServer } from '../server/chatServer';
import { assertAllValid, useServer, waitFor } from './helpers';

/** The few parts of the git extension's API the test reads (as src/commit/gitApi.ts declares them). */
interface Repo {
  rootUri: vscode.Uri;
  inputBox: { value: string };
}
interface Git {
  getRepository(uri: vscode.Uri): Repo | null;
  openRepository(root: vscode.Uri): Promise<Repo | null>;
}

const SUBJECTS = ['feat(math): add add()', 'fix(math): fib of negative numbers', 'docs(math): say what the helpers are for'];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** A real repository inside the test workspace, with three commits in one style. */
function makeRepo(name: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  const root = path.join(folder.uri.fsPath, name);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'test@example.com');
  git(root, 'config', 'user.name', 'Parley Test');
  git(root, 'config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(root, 'math.ts'), 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
  fs.writeFileSync(path.join(root, 'README.md'), '# Math\n');
  for (const subject of SUBJECTS) {
    fs.appendFileSync(path.join(root, 'README.md'), `${subject}\n`);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', subject);
  }
  return root;
}

async function openRepo(root: string): Promise<Repo> {
  const ext = vscode.extensions.getExtension<{ getAPI(v: 1): Git }>('vscode.git');
  assert.ok(ext, 'the built-in git extension is there');
  const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
  const uri = vscode.Uri.file(root);
  return (await api.openRepository(uri)) ?? waitFor('the git extension to open the repository', () => api.getRepository(uri) ?? undefined);
}

describe('#18 Commit message from the Source Control view (real git repository)', () => {
  let server: ChatServer;
  let root: string;
  let repo: Repo;
  const lastUserContent = () => (server.requests.at(-1)!.body.messages as { role: string; content: string }[]).at(-1)!.content;
  const write = () => vscode.commands.executeCommand<string>('parley.generateCommitMessage', repo.rootUri);

  before(async () => {
    root = makeRepo('commit-repo');
    // Staged: a new function and a credentials file. Not staged: another edit.
    fs.appendFileSync(path.join(root, 'math.ts'), '\nexport function subtract(a: number, b: number): number {\n  return a - b;\n}\n');
    fs.writeFileSync(path.join(root, '.env'), 'DATABASE_PASSWORD=hunter2-never-sent\n');
    git(root, 'add', 'math.ts', '.env');
    fs.appendFileSync(path.join(root, 'README.md'), 'UNSTAGED-EDIT-NOT-SENT\n');
    repo = await openRepo(root);
  });
  beforeEach(async () => {
    server = await useServer();
  });
  afterEach(async () => {
    assertAllValid(server);
    await server.close();
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes a message from the staged diff, in the style of the recent subjects, into the input box; excluded files never go', async () => {
    repo.inputBox.value = '';
    server.enqueue(textReply('feat(math): add subtract()\n\nSubtraction next to addition.'));
    const outcome = await write();
    assert.strictEqual(outcome, 'written');
    assert.strictEqual(repo.inputBox.value, 'feat(math): add subtract()\n\nSubtraction next to addition.');
    const sent = lastUserContent();
    for (const subject of SUBJECTS) assert.ok(sent.includes(`- ${subject}`), `the recent subject "${subject}" is given as the style`);
    assert.match(sent, /staged changes/);
    assert.match(sent, /\+export function subtract\(a: number, b: number\): number \{/);
    assert.match(sent, /math\.ts \(\+4 -0\)/);
    assert.doesNotMatch(sent, /hunter2|DATABASE_PASSWORD|\.env/, 'the credentials file is neither sent nor named');
    assert.match(sent, /1 changed files are not shown/);
    assert.doesNotMatch(sent, /UNSTAGED-EDIT-NOT-SENT/, 'with something staged, only the staged diff goes');
  });

  it('what was typed stays first and goes to the model as notes; the message follows it', async () => {
    repo.inputBox.value = 'Closes #12';
    server.enqueue(textReply('feat(math): add subtract()'));
    assert.strictEqual(await write(), 'written');
    assert.strictEqual(repo.inputBox.value, 'Closes #12\n\nfeat(math): add subtract()');
    assert.match(lastUserContent(), /author's own notes[^\n]*\nCloses #12\n/);
  });

  it('Stop, mid-stream, puts back exactly what was typed', async () => {
    repo.inputBox.value = 'my draft: keep me\n';
    server.enqueue(textReply(`feat(math): ${'a long streamed subject '.repeat(40)}`, { delayMs: 40 }));
    const running = write();
    await waitFor('the message to start streaming in', () => repo.inputBox.value.startsWith('my draft: keep me\n\nfeat(math):'));
    await vscode.commands.executeCommand('parley.stopCommitMessage', repo.rootUri);
    assert.strictEqual(await running, 'stopped');
    assert.strictEqual(repo.inputBox.value, 'my draft: keep me\n');
  });

  it('typing in the box while the message streams stops it and leaves the box as the user made it', async () => {
    repo.inputBox.value = '';
    server.enqueue(textReply(`feat(math): ${'streamed words '.repeat(60)}`, { delayMs: 40 }));
    const running = write();
    await waitFor('the message to start streaming in', () => repo.inputBox.value.startsWith('feat(math):'));
    repo.inputBox.value = 'fix: my own words';
    assert.strictEqual(await running, 'userEdited');
    assert.strictEqual(repo.inputBox.value, 'fix: my own words');
  });

  it('a repository with nothing changed says so and sends nothing', async () => {
    const clean = makeRepo('clean-repo');
    try {
      const cleanRepo = await openRepo(clean);
      const outcome = await vscode.commands.executeCommand<string>('parley.generateCommitMessage', cleanRepo.rootUri);
      assert.strictEqual(outcome, 'nothingChanged');
      assert.strictEqual(server.requests.length, 0);
      assert.strictEqual(cleanRepo.inputBox.value, '');

      // With nothing staged, every change goes: tracked edits and new files, but not a key file.
      fs.appendFileSync(path.join(clean, 'math.ts'), '// TRACKED-EDIT\n');
      fs.writeFileSync(path.join(clean, 'notes.md'), 'UNTRACKED-NOTE\n');
      fs.writeFileSync(path.join(clean, 'deploy.key'), 'PRIVATE-KEY-NEVER-SENT\n');
      server.enqueue(textReply('docs: add notes'));
      assert.strictEqual(await vscode.commands.executeCommand<string>('parley.generateCommitMessage', cleanRepo.rootUri), 'written');
      const sent = lastUserContent();
      assert.match(sent, /nothing is staged/);
      assert.match(sent, /\+\/\/ TRACKED-EDIT/);
      assert.match(sent, /notes\.md[\s\S]*\+UNTRACKED-NOTE/);
      assert.doesNotMatch(sent, /PRIVATE-KEY-NEVER-SENT|deploy\.key/);
      assert.strictEqual(cleanRepo.inputBox.value, 'docs: add notes');
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
    }
  });
});
