import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CommandApprovalAnswer, CommandApprovalRequest } from '../../src/agent/tools/commandApproval';
import { createRunCommandTool, type RunCommandTool } from '../../src/agent/tools/runCommand';
import type { ToolOutcome } from '../../src/core/agent/agentTool';
import { waitFor } from './helpers';

const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const inFolder = (...p: string[]) => path.join(folder(), ...p);
const parleyConfig = () => vscode.workspace.getConfiguration('parley');
let log: vscode.LogOutputChannel | undefined;

/** A user who answers the approvals as scripted, and remembers what they were asked. */
class ScriptedUser {
  asked: CommandApprovalRequest[] = [];
  private answers: (CommandApprovalAnswer | 'never')[] = [];

  answer(...answers: (CommandApprovalAnswer | 'never')[]): void {
    this.answers.push(...answers);
  }

  reset(): void {
    this.asked = [];
    this.answers = [];
  }

  readonly approve = (request: CommandApprovalRequest): Promise<CommandApprovalAnswer> => {
    this.asked.push(request);
    const next = this.answers.shift();
    if (next === 'never') return new Promise(() => undefined); // looks away: only Stop ends the question
    return Promise.resolve(next ?? { choice: 'deny', reason: `the test did not expect to be asked about ${request.command}` });
  };
}

let calls = 0;
function call(tool: RunCommandTool, args: unknown, signal = new AbortController().signal): Promise<ToolOutcome> {
  return tool.run(args, { signal, callId: `call-${++calls}` });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function pidFrom(file: string): Promise<number> {
  return waitFor(`the command to write ${path.basename(file)}`, () => {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
    return /^\d+$/.test(text) ? Number(text) : undefined;
  });
}

function parleyTerminals(): vscode.Terminal[] {
  return vscode.window.terminals.filter((t) => t.name === 'Parley' && t.exitStatus === undefined);
}

/** What the terminal shows, read as a person would copy it. */
async function terminalShows(terminal: vscode.Terminal, text: string): Promise<void> {
  terminal.show();
  await waitFor(`the terminal to show ${JSON.stringify(text)}`, async () => {
    await vscode.commands.executeCommand('workbench.action.terminal.focus');
    await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    await vscode.commands.executeCommand('workbench.action.terminal.clearSelection');
    return (await vscode.env.clipboard.readText()).includes(text);
  });
}

function newTool(user: ScriptedUser): RunCommandTool {
  log ??= vscode.window.createOutputChannel('Parley run_command test', { log: true });
  return createRunCommandTool({ approve: user.approve, log: () => log! });
}

async function resetSettings(): Promise<void> {
  await parleyConfig().update('agent.allowedCommands', undefined, vscode.ConfigurationTarget.Global);
  await parleyConfig().update('agent.deniedCommands', undefined, vscode.ConfigurationTarget.Global);
}

const SCRATCH = 'run-command-scratch';
const allow = (...entries: string[]) => parleyConfig().update('agent.allowedCommands', entries, vscode.ConfigurationTarget.Global);
const deny = (...entries: string[]) => parleyConfig().update('agent.deniedCommands', entries, vscode.ConfigurationTarget.Global);
const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('Agent run_command', function () {
  this.timeout(120_000);
  const user = new ScriptedUser();
  let tool: RunCommandTool;
  const scratch = (...p: string[]) => inFolder(SCRATCH, ...p);

  before(() => {
    fs.mkdirSync(scratch(), { recursive: true });
    tool = newTool(user);
  });
  beforeEach(() => user.reset());
  afterEach(resetSettings);
  after(() => {
    tool.dispose();
    fs.rmSync(scratch(), { recursive: true, force: true });
  });

  it('runs an approved command in the Parley terminal and reads its output and exit code 0', async () => {
    user.answer({ choice: 'run' });
    const command = 'echo "hello from parley" && ls src';
    const outcome = await call(tool, { command });
    assert.strictEqual(outcome.isError, undefined, outcome.text);
    assert.match(outcome.text, /^Exit code 0\.\nOutput:\nhello from parley\n[\s\S]*math\.ts/);
    assert.doesNotMatch(outcome.text, /\x1b|\]633|\r/, 'no escape sequence or carriage return reaches the model');
    assert.strictEqual(user.asked.length, 1);
    const [asked] = user.asked;
    assert.strictEqual(asked.command, command);
    assert.strictEqual(asked.cwd, folder());
    assert.strictEqual(asked.where, '.');
    assert.match(asked.callId, /^call-\d+$/);
    assert.deepStrictEqual(asked.alwaysAllows, ["echo 'hello from parley'", 'ls src']);
    assert.strictEqual(parleyTerminals().length, 1, 'it ran in one terminal named Parley');
    assert.ok(parleyTerminals()[0].shellIntegration, "through the shell's integration");
  });

  it('a failing command: its exit code and what it wrote to stderr, in the same terminal', async () => {
    user.answer({ choice: 'run' });
    const outcome = await call(tool, { command: 'ls does-not-exist-here' });
    assert.match(outcome.text, /^Exit code 2\.\nOutput:\n.*does-not-exist-here.*No such file or directory/);
    assert.match(outcome.summary ?? '', /^exit code 2/);
    assert.strictEqual(parleyTerminals().length, 1, 'the terminal is reused');
  });

  it('runs in the folder asked for, wherever the last command left the shell', async () => {
    await allow('pwd', 'cd src');
    const inSrc = await call(tool, { command: 'pwd', cwd: 'src' });
    assert.match(inSrc.text, new RegExp(`Output:\\n${escaped(inFolder('src'))}$`));
    // Several times: the shell reports its new folder only after the command's end.
    for (let i = 0; i < 3; i++) {
      await call(tool, { command: 'cd src' });
      const back = await call(tool, { command: 'pwd' });
      assert.match(back.text, new RegExp(`Output:\\n${escaped(folder())}$`), `time ${i + 1}`);
    }
    assert.strictEqual(user.asked.length, 0);
  });

  it('refuses a folder outside the workspace, a file, a missing folder and a link out, without asking', async () => {
    fs.symlinkSync(path.dirname(folder()), scratch('out-link'));
    const cases: [string, RegExp][] = [
      ['..', /outside the workspace/], // repo-boundary: ignore (hostile paths, as data)
      ['/etc', /outside the workspace/], // repo-boundary: ignore (a hostile path, as data)
      ['~', /home folder/],
      ['src/math.ts', /is a file/],
      ['no-such-folder', /does not exist/],
      [`${SCRATCH}/out-link`, /symbolic link .*outside the workspace/],
    ];
    for (const [cwd, said] of cases) {
      const outcome = await call(tool, { command: 'touch escaped.txt', cwd });
      assert.ok(outcome.isError && said.test(outcome.text), `${cwd}: ${outcome.text}`);
    }
    assert.strictEqual(user.asked.length, 0);
    assert.strictEqual(fs.existsSync(path.join(path.dirname(folder()), 'escaped.txt')), false);
  });

  it('arguments a model gets wrong are an error it can act on, and nothing runs', async () => {
    for (const [args, said] of [
      [{ command: 42 }, /command must be a string/],
      [{}, /command is missing/],
      ['touch x', /takes a JSON object/],
      [{ command: 'touch x', cwd: ['src'] }, /cwd must be/],
    ] as const) {
      const outcome = await call(tool, args);
      assert.ok(outcome.isError && said.test(outcome.text), outcome.text);
    }
    assert.strictEqual(user.asked.length, 0);
  });

  it('the user declines with a reason: the model reads the reason and nothing runs', async () => {
    user.answer({ choice: 'deny', reason: 'use the Makefile instead' });
    const outcome = await call(tool, { command: 'touch declined.txt', cwd: SCRATCH });
    assert.strictEqual(outcome.denied, true);
    assert.match(outcome.text, /declined to run the command and said: "use the Makefile instead"/);
    assert.strictEqual(user.asked.length, 1);
    assert.strictEqual(user.asked[0].where, SCRATCH);
    assert.strictEqual(fs.existsSync(scratch('declined.txt')), false, 'the command did not run');
  });

  it('Stop while the user is being asked: the question ends and nothing runs', async () => {
    user.answer('never');
    const stop = new AbortController();
    const pending = call(tool, { command: 'touch unanswered.txt', cwd: SCRATCH }, stop.signal);
    await waitFor('the question', () => user.asked.length === 1);
    stop.abort();
    const outcome = await pending;
    assert.match(outcome.text, /not run: the user stopped/);
    assert.strictEqual(user.asked[0].signal.aborted, true, 'the question is told to go away');
    assert.strictEqual(fs.existsSync(scratch('unanswered.txt')), false);
  });

  it('a command on the allow list runs unasked; one with a part not on it still asks', async () => {
    await allow('touch');
    const outcome = await call(tool, { command: 'touch allowed.txt', cwd: SCRATCH });
    assert.match(outcome.text, /^Exit code 0/);
    assert.strictEqual(fs.existsSync(scratch('allowed.txt')), true);
    assert.strictEqual(user.asked.length, 0);
    user.answer({ choice: 'deny' });
    await call(tool, { command: 'touch second.txt && rm allowed.txt', cwd: SCRATCH });
    assert.strictEqual(user.asked.length, 1);
    assert.strictEqual(fs.existsSync(scratch('allowed.txt')), true);
  });

  it('the deny list beats the allow list and never asks; the built-in list cannot be allowed', async () => {
    await allow('touch', 'git');
    await deny('touch');
    const denied = await call(tool, { command: 'touch denied.txt', cwd: SCRATCH });
    assert.strictEqual(denied.denied, true);
    assert.match(denied.text, /"touch denied\.txt" is on Parley's deny list/);
    const builtIn = await call(tool, { command: 'FOO=1 git push --dry-run' });
    assert.strictEqual(builtIn.denied, true);
    assert.match(builtIn.text, /git push/);
    assert.strictEqual(user.asked.length, 0);
    assert.strictEqual(fs.existsSync(scratch('denied.txt')), false);
  });

  it('"Always allow" adds the command to the user\'s settings and runs it; the next time it runs unasked', async () => {
    await allow('pwd');
    user.answer({ choice: 'always' });
    const first = await call(tool, { command: 'ls -a src' });
    assert.deepStrictEqual(user.asked[0].alwaysAllows, ['ls']);
    assert.match(first.text, /^Exit code 0[\s\S]*math\.ts/);
    assert.deepStrictEqual(parleyConfig().inspect('agent.allowedCommands')?.globalValue, ['pwd', 'ls']);
    const second = await call(tool, { command: 'ls src' });
    assert.match(second.text, /^Exit code 0[\s\S]*math\.ts/);
    assert.strictEqual(user.asked.length, 1, 'asked only the first time');
  });

  it("a workspace's settings cannot allow commands, but can deny them", async () => {
    const settingsFolder = inFolder('.vscode');
    fs.mkdirSync(settingsFolder, { recursive: true });
    const settings = { 'parley.agent.allowedCommands': ['touch'], 'parley.agent.deniedCommands': ['rmdir'] };
    fs.writeFileSync(path.join(settingsFolder, 'settings.json'), JSON.stringify(settings));
    try {
      await waitFor('the workspace settings to be read', () => parleyConfig().inspect('agent.deniedCommands')?.workspaceValue);
      user.answer({ choice: 'deny' });
      await call(tool, { command: 'touch from-workspace.txt', cwd: SCRATCH });
      assert.strictEqual(user.asked.length, 1, 'asked: the workspace cannot allow it');
      assert.strictEqual(fs.existsSync(scratch('from-workspace.txt')), false);
      const removed = await call(tool, { command: 'rmdir src' });
      assert.strictEqual(removed.denied, true, 'the workspace can deny');
      assert.strictEqual(user.asked.length, 1);
    } finally {
      fs.rmSync(settingsFolder, { recursive: true, force: true });
      await waitFor('the workspace settings to be gone', () => !parleyConfig().inspect('agent.deniedCommands')?.workspaceValue);
    }
  });

  it('huge output reaches the model as its first and last lines, with the count of lines left out', async () => {
    await allow('seq');
    const outcome = await call(tool, { command: 'seq 1 30000' });
    assert.match(outcome.text, /^Exit code 0\.\nOutput:\n1\n2\n3\n/);
    assert.match(outcome.text, /\n29999\n30000$/);
    const omitted = Number(/\n… ([\d,]+) lines omitted …\n/.exec(outcome.text)?.[1].replace(/,/g, ''));
    const shown = outcome.text.split('\n').length - 3; // the header's two lines and the omission's
    assert.strictEqual(shown + omitted, 30_000, 'every line is shown or counted');
    assert.ok(outcome.text.length < 11_000, `capped: ${outcome.text.length} characters`);
    assert.match(outcome.summary ?? '', /30,000 lines/);
  });

  it('a command that never ends runs until Stop, which ends it at once: the process is gone', async () => {
    user.answer({ choice: 'run' });
    const stop = new AbortController();
    const command = "bash -c 'echo $$ > never.pid; exec sleep 100000'";
    const pending = call(tool, { command, cwd: SCRATCH }, stop.signal);
    const pid = await pidFrom(scratch('never.pid'));
    assert.ok(isAlive(pid), 'it runs');
    const [terminal] = parleyTerminals();
    const stoppedAt = Date.now();
    stop.abort();
    const outcome = await pending;
    assert.ok(Date.now() - stoppedAt < 1_000, `the outcome came ${Date.now() - stoppedAt} ms after Stop`);
    assert.strictEqual(outcome.isError, true);
    assert.match(outcome.text, /^The user stopped the command before it finished/);
    await waitFor('the process to be gone', () => !isAlive(pid));
    await allow('echo');
    const next = await call(tool, { command: 'echo the terminal takes the next command' });
    assert.match(next.text, /^Exit code 0\.\nOutput:\nthe terminal takes the next command$/);
    assert.deepStrictEqual(parleyTerminals(), [terminal], 'Ctrl+C ended it: the terminal was kept');
  });

  it('closing the terminal while a command runs ends the command, and the model is told', async () => {
    user.answer({ choice: 'run' });
    const pending = call(tool, { command: "bash -c 'echo $$ > closed.pid; exec sleep 100000'", cwd: SCRATCH });
    const pid = await pidFrom(scratch('closed.pid'));
    parleyTerminals()[0].dispose();
    const outcome = await pending;
    assert.match(outcome.text, /^The terminal was closed before the command finished/);
    await waitFor('the process to be gone', () => !isAlive(pid));
  });

  describe('without shell integration', () => {
    before(() =>
      vscode.workspace.getConfiguration('terminal.integrated').update('shellIntegration.enabled', false, vscode.ConfigurationTarget.Global),
    );
    after(() =>
      vscode.workspace
        .getConfiguration('terminal.integrated')
        .update('shellIntegration.enabled', undefined, vscode.ConfigurationTarget.Global),
    );
    let plain: RunCommandTool;
    beforeEach(() => (plain = newTool(user)));
    afterEach(() => plain.dispose());

    it("runs the command in the user's shell and shows it in the Parley terminal", async () => {
      user.answer({ choice: 'run' });
      const outcome = await call(plain, { command: 'echo to-stdout; echo to-stderr >&2; exit 4', cwd: SCRATCH });
      assert.match(outcome.text, /^Exit code 4\.\nOutput:\n/);
      assert.match(outcome.text, /to-stdout/);
      assert.match(outcome.text, /to-stderr/);
      const [terminal] = parleyTerminals();
      assert.ok(terminal && 'pty' in terminal.creationOptions, 'the Parley terminal shows it');
      await terminalShows(terminal, '[exit code 4]');
      await terminalShows(terminal, '$ echo to-stdout; echo to-stderr >&2; exit 4');
    });

    it('Stop ends the command and what it started at once', async () => {
      user.answer({ choice: 'run' });
      const stop = new AbortController();
      // The background sleep ignores Ctrl+C (a shell without job control does that): it is killed.
      const command = 'sleep 100000 & echo $! > child.pid; echo $$ > shell.pid; wait';
      const pending = call(plain, { command, cwd: SCRATCH }, stop.signal);
      const shell = await pidFrom(scratch('shell.pid'));
      const child = await pidFrom(scratch('child.pid'));
      const stoppedAt = Date.now();
      stop.abort();
      const outcome = await pending;
      assert.ok(Date.now() - stoppedAt < 1_000, 'the outcome comes at once');
      assert.match(outcome.text, /^The user stopped the command/);
      await waitFor('the shell and its job to be gone', () => !isAlive(shell) && !isAlive(child));
    });
  });
});
