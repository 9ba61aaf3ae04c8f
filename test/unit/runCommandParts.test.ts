import * as assert from 'assert';
import { alwaysAllowEntries, shellWord } from '../../src/core/agent/allowEntries';
import { commandRanOutcome, userDeclinedOutcome } from '../../src/core/agent/commandOutcome';
import { judgeCommand } from '../../src/core/agent/commandPolicy';
import { CappedOutput } from '../../src/core/agent/outputCap';
import { describeRunCommand, readRunCommandArgs } from '../../src/core/agent/runCommandTool';
import { changeDirectoryLine } from '../../src/core/agent/shellCd';
import { splitShellCommand } from '../../src/core/agent/shellParts';
import { terminalText, TerminalTextReader } from '../../src/core/agent/terminalText';

describe('run_command: terminal output as plain text', () => {
  it('removes colours, cursor moves, titles, hyperlinks and shell-integration marks', () => {
    const raw =
      '\x1b]633;C\x07\x1b[1;31mError:\x1b[0m bad\r\n' +
      '\x1b]0;window title\x07\x1b[2K\x1b[1Gnext\x1b[?25l line\r\n' +
      '\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ text\x1b(B\x1b=\r\n' +
      '\x1bP+q544e\x1b\\\x9b32mC1 csi\x9b0m\r\n';
    assert.strictEqual(terminalText(raw), 'Error: bad\nnext line\nlink text\nC1 csi\n');
  });

  it('keeps a progress line as last drawn, tabs, and a last line without a line break', () => {
    assert.strictEqual(
      terminalText('downloading 10%\rdownloading 55%\rdownloading 100%\r\ndone\tok\nend'),
      'downloading 100%\ndone\tok\nend',
    );
    assert.strictEqual(terminalText('abc\r'), 'abc', 'a line ending in a lone \\r keeps its text');
    assert.strictEqual(terminalText('spin |\b/\b-\b done\n'), 'spin  done\n', 'backspaces take back what they erase');
    assert.strictEqual(terminalText('bell\x07 and\x00 nul\n'), 'bell and nul\n');
  });

  it('reads sequences and line ends cut anywhere between chunks the same as whole', () => {
    const raw = 'a\x1b[38;5;196mred\x1b[0m\r\nb\x1b]633;P;Cwd=/tmp\x1b\\c\r\n10%\r20%\r\nlast';
    const whole = terminalText(raw);
    for (let cut = 0; cut <= raw.length; cut++) {
      const reader = new TerminalTextReader();
      const split = reader.push(raw.slice(0, cut)) + reader.push(raw.slice(cut)) + reader.end();
      assert.strictEqual(split, whole, `cut at ${cut}`);
    }
    const reader = new TerminalTextReader();
    assert.strictEqual([...raw].map((c) => reader.push(c)).join('') + reader.end(), whole, 'one character at a time');
  });

  it('an unterminated title or one endless line does not hold everything back', () => {
    const reader = new TerminalTextReader();
    let out = reader.push(`\x1b]0;${'x'.repeat(10_000)}`) + reader.push('after\n');
    assert.ok(out.endsWith('after\n') && out.length < 7_000, 'the garbage sequence is dropped');
    out = reader.push('y'.repeat(50_000));
    assert.ok(out.length >= 16_384, 'a line without end is passed on once long');
  });
});

describe('run_command: output capped to its head and tail', () => {
  const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

  it('short output is kept whole', () => {
    const out = new CappedOutput();
    out.push('one\ntwo\n');
    assert.strictEqual(out.text(), 'one\ntwo\n');
    assert.strictEqual(out.capped, false);
    assert.strictEqual(out.lines, 2);
  });

  it('long output keeps whole lines of its start and end and says how many lines were left out', () => {
    for (const chunk of [1, 7, 100, 100_000]) {
      const text = numbered(20_000);
      const out = new CappedOutput({ head: 2048, tail: 8192 });
      for (let i = 0; i < text.length; i += chunk) out.push(text.slice(i, i + chunk));
      const shown = out.text();
      const [head, rest] = shown.split(/… [\d,]+ lines omitted …\n/);
      assert.ok(rest !== undefined, `the omission is said (${chunk})`);
      assert.ok(head.startsWith('line 1\nline 2\n') && head.endsWith('\n'), 'the head is whole lines from the start');
      assert.ok(rest.endsWith('line 20000\n') && /^line \d+\n/.test(rest), 'the tail is whole lines up to the end');
      const headLines = head.split('\n').length - 1;
      const tailLines = rest.split('\n').length - 1;
      const omitted = Number(/… ([\d,]+) lines omitted/.exec(shown)![1].replace(/,/g, ''));
      assert.strictEqual(headLines + omitted + tailLines, 20_000, `every line is shown or counted (${chunk})`);
      assert.ok(shown.length <= 2048 + 8192 + 40, `within the cap: ${shown.length}`);
      assert.strictEqual(out.lines, 20_000);
    }
  });

  it('one huge line is cut by characters', () => {
    const out = new CappedOutput({ head: 100, tail: 100 });
    out.push('x'.repeat(10_000));
    assert.match(out.text(), /^x{100}\n… 9,800 characters omitted …\nx{100}$/);
    assert.strictEqual(out.lines, 1);
  });
});

describe('run_command: what "Always allow" remembers', () => {
  const cases: [string, string[] | undefined][] = [
    ['npm test -- --grep parser', ['npm test']],
    ['git log --oneline -5', ['git log']],
    ['ls -la src', ['ls']],
    ['cat "my notes.txt"', ["cat 'my notes.txt'"]],
    ['npm run build && npm test', ['npm run build', 'npm test']],
    ['cd src && make', ['cd src', 'make']],
    ["python -c 'print(1)'", ["python -c 'print(1)'"]],
    ["bash -c 'npm test -- --watch'", ["bash -c 'npm test -- --watch'", 'npm test']],
    ['FOO=1 node script.js --fast', ['FOO=1 node script.js --fast']],
    ['npm test > out.txt', undefined],
    ['echo $HOME', undefined],
    ['echo $(whoami)', undefined],
    ["echo 'unclosed", undefined],
  ];
  for (const [command, expected] of cases) {
    it(`${command} → ${expected ? expected.join(' | ') : 'never unasked'}`, () => {
      assert.deepStrictEqual(alwaysAllowEntries(command), expected);
      if (expected) {
        assert.deepStrictEqual(
          judgeCommand(command, { allowed: expected, denied: [] }),
          { decision: 'allow' },
          'the same command then runs unasked',
        );
      }
    });
  }

  it('an interpreter is never allowed wholesale', () => {
    const entries = alwaysAllowEntries("python3 -c 'print(1)'")!;
    assert.strictEqual(judgeCommand('python3 -c \'import os; os.remove("x")\'', { allowed: entries, denied: [] }).decision, 'ask');
  });

  it('words are written so the allow list reads them back as they were', () => {
    for (const word of ['plain', 'a b', "it's", '$HOME', '`x`', '*.ts', 'a"b', '~', '#x', '']) {
      assert.deepStrictEqual(splitShellCommand(`echo ${shellWord(word)}`)[0].words, ['echo', word], word);
    }
  });
});

describe('run_command: arguments and outcomes', () => {
  it('reads the arguments a model sends and says what to fix in the rest', () => {
    assert.deepStrictEqual(readRunCommandArgs({ command: 'npm test' }), { ok: true, value: { command: 'npm test', cwd: undefined } });
    assert.deepStrictEqual(readRunCommandArgs({ command: 'ls', cwd: 'src' }), { ok: true, value: { command: 'ls', cwd: 'src' } });
    assert.deepStrictEqual(readRunCommandArgs({ command: 'ls', cwd: '.' }), { ok: true, value: { command: 'ls', cwd: undefined } });
    assert.deepStrictEqual(readRunCommandArgs({ command: 'ls', cwd: null }), { ok: true, value: { command: 'ls', cwd: undefined } });
    for (const [args, said] of [
      ['npm test', /takes a JSON object/],
      [null, /got null/],
      [{}, /command is missing/],
      [{ command: ['npm', 'test'] }, /command must be a string .*got an array/],
      [{ command: '   ' }, /command is empty/],
      [{ command: 'ls', cwd: 3 }, /cwd must be .*got a number/],
      [{ command: 'x'.repeat(9000) }, /9000 characters/],
    ] as const) {
      const read = readRunCommandArgs(args);
      assert.ok(!read.ok && said.test(read.error), `${JSON.stringify(args).slice(0, 40)}: ${read.ok ? 'accepted' : read.error}`);
    }
    assert.strictEqual(describeRunCommand({ command: 'npm test', cwd: 'pkg' }), 'Run `npm test` in pkg');
    assert.strictEqual(describeRunCommand(42), 'Run a command (invalid arguments)');
  });

  it('the outcome says how the command ended', () => {
    assert.match(
      commandRanOutcome({ end: { how: 'exited', exitCode: 2 }, output: 'boom\n', lines: 1 }).text,
      /^Exit code 2\.\nOutput:\nboom$/,
    );
    assert.match(commandRanOutcome({ end: { how: 'exited', exitCode: 0 }, output: '', lines: 0 }).text, /\(no output\)/);
    const stopped = commandRanOutcome({ end: { how: 'stopped' }, output: 'half', lines: 1 });
    assert.ok(stopped.isError && /stopped the command/.test(stopped.text));
    assert.match(commandRanOutcome({ end: { how: 'signal', signal: 'SIGINT' }, output: '', lines: 0 }).text, /ended by SIGINT/);
    assert.match(userDeclinedOutcome('  use yarn  ').text, /said: "use yarn"/);
    assert.strictEqual(userDeclinedOutcome(undefined).denied, true);
  });
});

describe('run_command: moving the shell to the folder', () => {
  it('quotes the folder for each shell', () => {
    assert.strictEqual(changeDirectoryLine('/bin/bash', "/w/it's"), `cd '/w/it'\\''s'`);
    assert.strictEqual(changeDirectoryLine('/usr/bin/fish', "/w/it's\\x"), `cd '/w/it\\'s\\\\x'`);
    const pwsh = 'C:\\Program Files\\PowerShell\\7\\pwsh.exe'; // repo-boundary: ignore (a shell's path, as data)
    const cmd = 'C:\\Windows\\System32\\cmd.exe'; // repo-boundary: ignore (a shell's path, as data)
    assert.strictEqual(changeDirectoryLine(pwsh, "C:\\it's"), `Set-Location -LiteralPath 'C:\\it''s'`); // repo-boundary: ignore (data)
    assert.strictEqual(changeDirectoryLine(cmd, 'D:\\w'), 'cd /d "D:\\w"'); // repo-boundary: ignore (data)
  });
});
