import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AgentTool, ToolOutcome } from '../../src/core/agent/agentTool';
import { createReadTools, defaultReadToolDeps, type ReadToolDeps } from '../../src/agent/tools/readTools';
import { findRipgrep } from '../../src/agent/tools/ripgrep';
import { bytesRead, git, makeReadFixture, processes, type ReadFixture } from './agentReadFixture';
import { waitFor } from './helpers';

const STOPPED: ToolOutcome = { text: 'Stopped by the user before it finished.', isError: true };

/** The tools as the agent's loop holds them, called the way it calls them. */
function toolbox(deps: ReadToolDeps = defaultReadToolDeps()) {
  const tools = createReadTools(deps);
  const tool = (name: string): AgentTool => {
    const found = tools.find((t) => t.definition.name === name);
    assert.ok(found, `${name} is one of the reading tools`);
    return found;
  };
  const run = (name: string, args: unknown, signal = new AbortController().signal) => tool(name).run(args, { signal, callId: 'call_1' });
  return { tools, tool, run };
}

/** The text the model reads, for a call that must succeed. */
async function text(outcome: Promise<ToolOutcome>): Promise<string> {
  const o = await outcome;
  assert.ok(!o.isError, `expected a result, got the error: ${o.text}`);
  return o.text;
}

/** The text the model reads, for a call that must be refused. */
async function refusal(outcome: Promise<ToolOutcome>): Promise<string> {
  const o = await outcome;
  assert.strictEqual(o.isError, true, `expected an error, got: ${o.text}`);
  return o.text;
}

describe('Agent reading tools', function () {
  this.timeout(60_000);
  let fx: ReadFixture;
  const { tools, run, tool } = toolbox();
  const wsPath = () => vscode.workspace.workspaceFolders![0].uri.path;

  before(() => {
    fx = makeReadFixture();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fx.remove();
  });

  it('are six tools of kind read, with the names the model calls', () => {
    assert.deepStrictEqual(
      tools.map((t) => [t.definition.name, t.kind]),
      ['read_file', 'list_directory', 'find_files', 'search_text', 'get_problems', 'get_changes'].map((n) => [n, 'read']),
    );
  });

  it('say each call in words for the transcript, whatever the arguments', () => {
    const said: [string, unknown, string][] = [
      ['read_file', { path: 'src/app.ts', startLine: 1, endLine: 40 }, 'Read src/app.ts, lines 1–40'],
      ['read_file', { path: 'src/app.ts', startLine: '401' }, 'Read src/app.ts from line 401'],
      ['read_file', { path: 'src/app.ts' }, 'Read src/app.ts'],
      ['read_file', { path: 42 }, 'Read a file'],
      ['read_file', 'nonsense', 'Read a file'],
      ['list_directory', {}, 'List the workspace folder'],
      ['list_directory', { path: 'src' }, 'List src'],
      ['find_files', { glob: '**/*.ts' }, 'Find files matching **/*.ts'],
      ['find_files', null, 'Find files'],
      ['search_text', { query: 'foo\\(', isRegex: true, include: '**/*.ts' }, 'Search for /foo\\(/ in **/*.ts'],
      ['search_text', { query: 'TODO' }, 'Search for "TODO"'],
      ['search_text', { query: ['x'] }, 'Search the workspace'],
      ['get_problems', { path: 'src/a.ts' }, 'Get the problems in src/a.ts'],
      ['get_problems', undefined, 'Get the problems in the workspace'],
      ['get_changes', { path: 'src' }, 'Get the changes in src'],
      ['get_changes', {}, 'Get the changes in the workspace'],
    ];
    assert.deepStrictEqual(
      said.map(([name, args]) => tool(name).describe(args)),
      said.map(([, , words]) => words),
    );
    assert.strictEqual(tool('read_file').describe({ path: `a\n${'b'.repeat(200)}` }).length, 'Read '.length + 80);
  });

  describe('read_file', () => {
    it('gives a tab-indented file whole, its text exactly as it is under a one-line header', async () => {
      assert.deepStrictEqual(await run('read_file', { path: 'agent-read/tabs.go' }), {
        text: 'agent-read/tabs.go (7 lines):\npackage main\n\nfunc main() {\n\tif true {\n\t\tprintln("hi")\n\t}\n}',
        summary: '7 lines',
      });
    });

    it('reads a CRLF file with plain line breaks (as edit_file matches it)', async () => {
      assert.strictEqual(
        await text(run('read_file', { path: 'src/crlf.js' })),
        'src/crlf.js (7 lines):\nfunction a() {\r\n  return 1;\r\n}\r\n\r\nfunction b() {\r\n  return 2;\r\n}'.replace(/\r/g, ''),
      );
      assert.strictEqual(
        await text(run('read_file', { path: './agent-read/windows.txt', startLine: 2 })),
        'agent-read/windows.txt, line 2 of 2:\nsecond line',
      );
    });

    it('reads a 5 MB file a page at a time, each page saying how to read on', async () => {
      const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => fx.bigLine(from + i));
      assert.strictEqual(
        await text(run('read_file', { path: 'agent-read/big/big.log' })),
        [
          'agent-read/big/big.log, lines 1–400 of 100000:',
          ...lines(1, 400),
          '[Lines 401–100000 are not shown (a page holds at most 400 lines or about 40 KB): call read_file with startLine 401 to read on.]',
        ].join('\n'),
      );
      assert.strictEqual(
        await text(run('read_file', { path: 'agent-read/big/big.log', startLine: 99_998 })),
        ['agent-read/big/big.log, lines 99998–100000 of 100000:', ...lines(99_998, 100_000)].join('\n'),
      );
      assert.deepStrictEqual(await run('read_file', { path: 'agent-read/big/big.log', startLine: 100_001 }), {
        text: 'agent-read/big/big.log has 100000 lines; startLine 100001 is past its end.',
        isError: true,
      });
    });

    it('reads what the user sees in an editor with unsaved changes', async () => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(fx.dir, 'notes.md')));
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'an unsaved line\n'));
      assert.ok(doc.isDirty);
      assert.strictEqual(
        await text(run('read_file', { path: 'agent-read/notes.md' })),
        'agent-read/notes.md (2 lines, as open in the editor with unsaved changes):\nthe needle is here\nan unsaved line',
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.strictEqual(
        await text(run('read_file', { path: 'agent-read/notes.md' })),
        'agent-read/notes.md (1 line):\nthe needle is here',
      );
    });

    it('refuses a binary file, a folder and a file that is not there, saying what to do instead', async () => {
      assert.strictEqual(
        await refusal(run('read_file', { path: 'agent-read/logo.png' })),
        'agent-read/logo.png is a binary file (14 bytes); read_file reads only text.',
      );
      assert.strictEqual(
        await refusal(run('read_file', { path: 'agent-read' })),
        'agent-read is a folder, not a file: list it with list_directory.',
      );
      assert.strictEqual(
        await refusal(run('read_file', { path: 'agent-read/nope.ts' })),
        'agent-read/nope.ts does not exist. Look for it with find_files or list_directory.',
      );
    });

    it('refuses paths out of the workspace, excluded files and links that lead out, in sentences the model reads', async () => {
      const hint = `Paths are relative to the workspace folder ${wsPath()}.`;
      const cases: [unknown, string][] = [
        [{ path: '../outside.txt' }, `"../outside.txt" is outside the workspace. ${hint}`], // repo-boundary: ignore (a hostile path, as data)
        [{ path: 'src/../../etc/passwd' }, `"src/../../etc/passwd" is outside the workspace. ${hint}`], // repo-boundary: ignore
        [{ path: '/etc/passwd' }, `"/etc/passwd" is outside the workspace. ${hint}`], // repo-boundary: ignore
        [{ path: `${fx.outside}/secret.txt` }, `${JSON.stringify(`${fx.outside}/secret.txt`)} is outside the workspace. ${hint}`],
        [
          { path: 'agent-read/.env' },
          '"agent-read/.env" is excluded (it may hold secrets, or the user keeps it out of Parley); leave it alone.',
        ],
        [
          { path: 'agent-read/out-file.txt' },
          `"agent-read/out-file.txt" is a symbolic link (or inside one) that leads outside the workspace; files outside ${fx.workspace} are not available.`,
        ],
        [
          { path: 'agent-read/out-link/secret.txt' },
          `"agent-read/out-link/secret.txt" is a symbolic link (or inside one) that leads outside the workspace; files outside ${fx.workspace} are not available.`,
        ],
        [{ path: 42 }, 'read_file was not run; its arguments need fixing:\n- path must be a string, got a number.'],
        ['agent-read/tabs.go', 'read_file takes a JSON object {path, startLine?, endLine?}, got the string "agent-read/tabs.go".'],
        [
          { path: 'agent-read/tabs.go', startLine: 'ten' },
          'read_file was not run; its arguments need fixing:\n- startLine must be a whole number, got the string "ten".',
        ],
      ];
      for (const [args, expected] of cases) assert.strictEqual(await refusal(run('read_file', args)), expected, JSON.stringify(args));
    });
  });

  describe('list_directory', () => {
    it('lists folders first, each with a trailing /, and leaves excluded entries out', async () => {
      assert.deepStrictEqual(await run('list_directory', { path: 'agent-read' }), {
        text: [
          'agent-read/ (4 folders, 5 files):',
          'big/',
          'node_modules/',
          'out-link/',
          'repo/',
          'logo.png',
          'notes.md',
          'out-file.txt',
          'tabs.go',
          'windows.txt',
          '[1 excluded entry is not shown.]',
        ].join('\n'),
        summary: '4 folders, 5 files',
      });
    });

    it('lists the workspace folder when no path is given', async () => {
      const entries = fs.readdirSync(fx.workspace, { withFileTypes: true });
      const folders = entries.filter((e) => e.isDirectory()).map((e) => `${e.name}/`);
      const files = entries.filter((e) => !e.isDirectory()).map((e) => e.name);
      const counts = `${folders.length} folders, ${files.length} file${files.length === 1 ? '' : 's'}`;
      assert.strictEqual(
        await text(run('list_directory', {})),
        [`The workspace folder (${counts}):`, ...folders.sort(), ...files.sort()].join('\n'),
      );
    });

    it('refuses a file, a link out of the workspace and a path outside it', async () => {
      assert.strictEqual(
        await refusal(run('list_directory', { path: 'agent-read/tabs.go' })),
        'agent-read/tabs.go is a file, not a folder: read it with read_file.',
      );
      assert.match(
        await refusal(run('list_directory', { path: 'agent-read/out-link' })),
        /^"agent-read\/out-link" is a symbolic link \(or inside one\) that leads outside the workspace/,
      );
      assert.strictEqual(
        await refusal(run('list_directory', { path: '..' })),
        `".." is outside the workspace. Paths are relative to the workspace folder ${wsPath()}.`,
      );
    });
  });

  describe('find_files', () => {
    it('gives the workspace paths matching a glob, sorted; links out of the workspace left out', async () => {
      assert.deepStrictEqual(await run('find_files', { glob: 'agent-read/**/*.{md,go,png,txt}' }), {
        text: '4 files match agent-read/**/*.{md,go,png,txt}:\nagent-read/logo.png\nagent-read/notes.md\nagent-read/tabs.go\nagent-read/windows.txt',
        summary: '4 files',
      });
      assert.strictEqual(
        await text(run('find_files', { glob: 'agent-read/**/*.{md,go,png,txt}', maxResults: 2 })),
        '4 files match agent-read/**/*.{md,go,png,txt}; the first 2:\nagent-read/logo.png\nagent-read/notes.md\n[Narrow the glob, or raise maxResults, to see the others.]',
      );
    });

    it('leaves out what search.exclude (node_modules) and parley.context.exclude exclude, and what lies through a link out', async () => {
      for (const glob of ['**/index.js', '**/.env*', '**/secret.txt']) {
        assert.deepStrictEqual(await run('find_files', { glob }), { text: `No files match ${glob}.`, summary: 'no files' });
      }
    });

    it('says that a glob without / matches only the top folder; refuses globs that climb out', async () => {
      assert.strictEqual(
        await text(run('find_files', { glob: '*.go' })),
        'No files match *.go. A glob without / matches only the top folder: try **/*.go.',
      );
      assert.strictEqual(
        await refusal(run('find_files', { glob: '../**' })), // repo-boundary: ignore (a hostile glob, as data)
        'find_files was not run; its arguments need fixing:\n- glob must be relative to the workspace folder, with no .. (such as "**/*.ts" or "src/**"), got "../**".',
      );
      assert.strictEqual(
        await refusal(run('find_files', { glob: 7 })),
        'find_files was not run; its arguments need fixing:\n- glob must be a string, got a number.',
      );
    });
  });

  describe('search_text', () => {
    it("uses the ripgrep VS Code ships (this host's)", () => {
      const rg = findRipgrep(vscode.env.appRoot);
      assert.ok(rg && fs.statSync(rg).isFile(), `ripgrep under ${vscode.env.appRoot}`);
    });

    // The same searches, with ripgrep and by reading the files, must read the same to the model.
    for (const engine of ['ripgrep', 'reading the files'] as const) {
      describe(`by ${engine}`, () => {
        const { run: search } = toolbox(engine === 'ripgrep' ? defaultReadToolDeps() : defaultReadToolDeps({ ripgrep: () => undefined }));
        const found = (args: unknown) => text(search('search_text', args));

        it('finds a line in a visible file only: not in node_modules, an excluded file, a binary, or through a link out', async () => {
          assert.deepStrictEqual(await search('search_text', { query: 'needle' }), {
            text: '1 match in 1 file for "needle":\nagent-read/notes.md:1: the needle is here',
            summary: '1 match in 1 file',
          });
        });

        it('ignores case unless asked; regular expressions; include', async () => {
          assert.strictEqual(
            await found({ query: 'NEEDLE' }),
            '1 match in 1 file for "NEEDLE":\nagent-read/notes.md:1: the needle is here',
          );
          assert.strictEqual(await found({ query: 'NEEDLE', caseSensitive: true }), 'No matches for "NEEDLE".');
          assert.strictEqual(
            await found({ query: 'ne+dle\\s+is', isRegex: true }),
            '1 match in 1 file for /ne+dle\\s+is/:\nagent-read/notes.md:1: the needle is here',
          );
          assert.strictEqual(await found({ query: 'needle', include: '**/*.ts' }), 'No matches for "needle" in **/*.ts.');
          assert.strictEqual(
            await found({ query: 'needle', include: '*.md' }),
            '1 match in 1 file for "needle" in *.md:\nagent-read/notes.md:1: the needle is here',
          );
          assert.strictEqual(await found({ query: 'ne.dle' }), 'No matches for "ne.dle".');
        });

        it('shows tab-indented and CRLF lines as they are, without the line break', async () => {
          assert.strictEqual(
            await found({ query: 'println' }),
            '1 match in 1 file for "println":\nagent-read/tabs.go:5: \t\tprintln("hi")',
          );
          assert.strictEqual(await found({ query: 'return 2' }), '1 match in 1 file for "return 2":\nsrc/crlf.js:6:   return 2;');
        });

        it('stops at 200 matches and says how to narrow the search', async () => {
          const lines = Array.from({ length: 200 }, (_, i) => `agent-read/big/big.log:${i + 1}: ${fx.bigLine(i + 1)}`);
          assert.deepStrictEqual(await search('search_text', { query: 'entry', include: 'agent-read/big/**' }), {
            text: [
              '200 matches in 1 file for "entry" in agent-read/big/**:',
              ...lines,
              '[The search stopped here, at 200 matches or about 20 KB: narrow it with include or a longer query.]',
            ].join('\n'),
            summary: '200 matches in 1 file (stopped there)',
          });
        });

        it('a query that looks like a flag is searched for, not obeyed', async () => {
          assert.strictEqual(await found({ query: '--files' }), 'No matches for "--files".');
        });

        it('refuses an invalid regular expression with the reason, and wrong argument types', async () => {
          const reason =
            engine === 'ripgrep'
              ? 'The search for /foo(/ did not run: regex parse error:\n    (?:foo()\n    ^\nerror: unclosed group'
              : '/foo(/ is not a valid regular expression: Invalid regular expression: /foo(/i: Unterminated group';
          assert.strictEqual(await refusal(search('search_text', { query: 'foo(', isRegex: true })), reason);
          assert.strictEqual(
            await refusal(search('search_text', { query: 5, include: '/etc/**' })),
            'search_text was not run; its arguments need fixing:\n- query must be a string, got a number.\n' +
              '- include must be relative to the workspace folder, with no .. (such as "**/*.ts" or "src/**"), got "/etc/**".',
          );
        });
      });
    }

    it('respects .gitignore (ripgrep)', async () => {
      assert.strictEqual(
        await text(run('search_text', { query: 'haystack' })),
        '1 match in 1 file for "haystack":\nagent-read/repo/a.ts:2: export const haystack = true;',
      );
    });
  });

  describe('get_problems', () => {
    let collection: vscode.DiagnosticCollection;
    const at = (line: number, col: number) => new vscode.Range(line, col, line, col + 4);
    const diagnostic = (
      range: vscode.Range,
      message: string,
      severity: vscode.DiagnosticSeverity,
      source?: string,
      code?: vscode.Diagnostic['code'],
    ) => Object.assign(new vscode.Diagnostic(range, message, severity), { source, code });

    before(() => {
      collection = vscode.languages.createDiagnosticCollection('agent-read-test');
      const uri = (rel: string) => vscode.Uri.file(path.join(fx.dir, rel));
      collection.set(uri('tabs.go'), [
        diagnostic(at(4, 2), 'undefined: println2', vscode.DiagnosticSeverity.Error, 'gopls', {
          value: 'UndeclaredName',
          target: vscode.Uri.parse('https://pkg.go.dev'),
        }),
        diagnostic(at(0, 0), 'package comment missing\nadd a comment', vscode.DiagnosticSeverity.Warning, 'lint'),
        diagnostic(at(2, 0), 'unused', vscode.DiagnosticSeverity.Hint),
      ]);
      collection.set(uri('notes.md'), [diagnostic(at(0, 4), "Consider 'pin'", vscode.DiagnosticSeverity.Information)]);
      collection.set(uri('.env'), [diagnostic(at(0, 0), 'SECRET_TOKEN is needle-secret', vscode.DiagnosticSeverity.Error)]);
      collection.set(vscode.Uri.file(path.join(fx.outside, 'secret.txt')), [
        diagnostic(at(0, 0), 'outside', vscode.DiagnosticSeverity.Error),
      ]);
    });
    after(() => collection.dispose());

    it("gives a folder's problems by file and line: severity, path:line:column, message, source; hints and excluded files left out", async () => {
      assert.deepStrictEqual(await run('get_problems', { path: 'agent-read' }), {
        text: [
          '3 problems in 2 files:',
          "agent-read/notes.md:1:5 info: Consider 'pin'",
          'agent-read/tabs.go:1:1 warning: package comment missing\n  add a comment (lint)',
          'agent-read/tabs.go:5:3 error: undefined: println2 (gopls UndeclaredName)',
        ].join('\n'),
        summary: '3 problems in 2 files',
      });
    });

    it("gives one file's problems, and the workspace's without a path (nothing outside it)", async () => {
      assert.strictEqual(
        await text(run('get_problems', { path: 'agent-read/tabs.go' })),
        '2 problems in 1 file:\nagent-read/tabs.go:1:1 warning: package comment missing\n  add a comment (lint)\nagent-read/tabs.go:5:3 error: undefined: println2 (gopls UndeclaredName)',
      );
      const all = await text(run('get_problems', {}));
      assert.ok(all.includes("\nagent-read/notes.md:1:5 info: Consider 'pin'\n"), all);
      assert.ok(!all.includes('needle-secret') && !all.includes('outside'), all);
    });

    it('says plainly when there are none, and refuses a file that is not there or is excluded', async () => {
      assert.deepStrictEqual(await run('get_problems', { path: 'agent-read/windows.txt' }), {
        text: 'No problems reported in agent-read/windows.txt. (Language tools often check only the files open in the editor.)',
        summary: 'no problems',
      });
      assert.strictEqual(
        await refusal(run('get_problems', { path: 'agent-read/nope.ts' })),
        'agent-read/nope.ts does not exist. Look for it with find_files or list_directory.',
      );
      assert.match(await refusal(run('get_problems', { path: 'agent-read/.env' })), /is excluded/);
    });
  });

  describe('get_changes', () => {
    const noIndex = (t: string) => t.replace(/^index [0-9a-f]+\.\.[0-9a-f]+/gm, 'index …');
    const aDiff = [
      'diff --git a/agent-read/repo/a.ts b/agent-read/repo/a.ts',
      'index … 100644',
      '--- a/agent-read/repo/a.ts',
      '+++ b/agent-read/repo/a.ts',
      '@@ -1,2 +1,2 @@',
      '-export const a = 1;',
      '+export const a = 2;',
      ' export const haystack = true;',
    ];

    it('gives the staged and unstaged diff against HEAD with workspace paths, names untracked files, leaves out excluded and ignored ones', async () => {
      const o = await run('get_changes', { path: 'agent-read/repo' });
      assert.deepStrictEqual(
        { ...o, text: noIndex(o.text) },
        {
          text: [
            'Changes against HEAD in agent-read/repo (2 files):',
            ...aDiff,
            'diff --git a/agent-read/repo/b.ts b/agent-read/repo/b.ts',
            'new file mode 100644',
            'index …',
            '--- /dev/null',
            '+++ b/agent-read/repo/b.ts',
            '@@ -0,0 +1 @@',
            '+export const b = 1;',
            'Untracked files (new, not in the diff; read them with read_file):',
            'agent-read/repo/c.ts',
            '[1 changed file is excluded and not shown.]',
          ].join('\n'),
          summary: '2 files changed, 1 untracked',
        },
      );
    });

    it("gives one file's changes", async () => {
      assert.strictEqual(
        noIndex(await text(run('get_changes', { path: './agent-read/repo/a.ts' }))),
        ['Changes against HEAD in agent-read/repo/a.ts (1 file):', ...aDiff].join('\n'),
      );
    });

    it('says plainly when nothing changed and when there is no repository; refuses an excluded file', async () => {
      assert.deepStrictEqual(await run('get_changes', { path: 'agent-read/repo/build' }), {
        text: 'No changes against HEAD in agent-read/repo/build.',
        summary: 'no changes',
      });
      assert.deepStrictEqual(await run('get_changes', {}), {
        text: 'The workspace is not in a git repository.',
        summary: 'not a git repository',
      });
      assert.match(await refusal(run('get_changes', { path: 'agent-read/repo/.env' })), /^"agent-read\/repo\/\.env" is excluded/);
    });
  });

  describe('get_changes, large and failing', () => {
    it('keeps a large diff to about 40 KB of whole files, and names the files left out', async () => {
      const root = path.join(fx.dir, 'big-repo');
      fs.mkdirSync(root);
      git(root, 'init', '-q', '-b', 'main');
      const lines = (tag: string) => Array.from({ length: 1000 }, (_, i) => `${tag} line ${i}`).join('\n') + '\n';
      for (const name of ['one.txt', 'two.txt', 'three.txt']) fs.writeFileSync(path.join(root, name), lines('old'));
      git(root, 'add', '-A');
      git(root, '-c', 'user.email=t@example.com', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'first');
      for (const name of ['one.txt', 'two.txt', 'three.txt']) fs.writeFileSync(path.join(root, name), lines('new'));
      const o = await run('get_changes', { path: 'agent-read/big-repo' });
      assert.ok(!o.isError, o.text);
      const [header, ...rest] = o.text.split('\n');
      assert.strictEqual(header, 'Changes against HEAD in agent-read/big-repo (3 files):');
      assert.match(rest[0], /^diff --git a\/agent-read\/big-repo\/one\.txt b\/agent-read\/big-repo\/one\.txt$/);
      assert.strictEqual(
        rest.at(-1),
        '[Not shown, to keep this short: agent-read/big-repo/three.txt, agent-read/big-repo/two.txt. Call get_changes with one of these paths to see it.]',
      );
      assert.ok(o.text.length < 40_000 + 500, `${o.text.length} characters`);
      assert.strictEqual(o.summary, '3 files changed');
    });

    it('says so when git cannot be run', async () => {
      const { run: call } = toolbox(defaultReadToolDeps({ git: async () => path.join(fx.dir, 'no-such-git') }));
      assert.deepStrictEqual(await call('get_changes', { path: 'agent-read/repo' }), {
        text: 'git is not installed (or not on the PATH), so the changes cannot be read.',
        isError: true,
      });
    });
  });

  describe('with several workspace folders (injected)', () => {
    const folder = (name: string, fsPath: string, index: number): vscode.WorkspaceFolder => ({ name, uri: vscode.Uri.file(fsPath), index });
    const multi = () =>
      toolbox(defaultReadToolDeps({ folders: () => [folder('lib', path.join(fx.workspace, 'src'), 0), folder('extra', fx.dir, 1)] }));

    it('paths start with the folder name, in what the model sends and in what it reads', async () => {
      const { run: call } = multi();
      assert.strictEqual(await text(call('list_directory', {})), 'The workspace has 2 folders:\nlib/\nextra/');
      assert.strictEqual(
        await text(call('read_file', { path: 'extra/windows.txt' })),
        'extra/windows.txt (2 lines):\nfirst line\nsecond line',
      );
      assert.match(await text(call('read_file', { path: 'math.ts', endLine: 2 })), /^lib\/math\.ts, lines 1–2 of 9:\n\/\/ Small helpers/);
      assert.strictEqual(
        await text(call('search_text', { query: 'needle' })),
        '1 match in 1 file for "needle":\nextra/notes.md:1: the needle is here',
      );
      assert.strictEqual(await text(call('find_files', { glob: '**/*.go' })), '1 file matches **/*.go:\nextra/tabs.go');
      assert.match(
        await refusal(call('read_file', { path: 'extra/../../x' })),
        /is outside the workspace\. Paths are relative to .*, or start with a workspace folder's name: "lib\/", "extra\/"\./,
      );
    });
  });

  describe('Stop', function () {
    let many: string;
    before(function () {
      if (process.platform !== 'linux') this.skip(); // processes and bytes read are watched through /proc
      // 1,000 links to the 5 MB log: gigabytes to search that take no room on disk.
      many = path.join(fx.dir, 'many');
      fs.mkdirSync(many);
      for (let i = 0; i < 1000; i++) fs.linkSync(path.join(fx.dir, 'big', 'big.log'), path.join(many, `copy${i}.log`));
    });
    after(() => many && fs.rmSync(many, { recursive: true, force: true }));

    // No line has 60 characters without a space: the search reads everything and finds nothing.
    const endless = { query: '\\S{60}', isRegex: true };

    it('kills ripgrep at once, and the model reads that the search was stopped', async () => {
      const rg = findRipgrep(vscode.env.appRoot)!;
      const running = () => processes((argv) => argv[0] === rg && argv.includes(endless.query));
      const stop = new AbortController();
      const outcome = run('search_text', endless, stop.signal);
      await waitFor('ripgrep to be searching', () => running().length > 0);
      const stoppedAt = Date.now();
      stop.abort();
      assert.deepStrictEqual(await outcome, STOPPED);
      assert.ok(Date.now() - stoppedAt < 1000, `stopped after ${Date.now() - stoppedAt} ms`);
      await waitFor('ripgrep to end', () => running().length === 0, 2000);
    });

    it('ends the search by reading files at once too', async () => {
      const { run: search } = toolbox(defaultReadToolDeps({ ripgrep: () => undefined }));
      const stop = new AbortController();
      const before = bytesRead();
      const outcome = search('search_text', endless, stop.signal);
      // One copy of the log read: the search is matching its lines, or reading the next.
      await waitFor('the files to be read', () => bytesRead() - before > 5_000_000);
      const stoppedAt = Date.now();
      stop.abort();
      assert.deepStrictEqual(await outcome, STOPPED);
      assert.ok(Date.now() - stoppedAt < 1000, `stopped after ${Date.now() - stoppedAt} ms`);
    });

    it('a read already stopped reads nothing', async () => {
      const stop = new AbortController();
      stop.abort();
      assert.deepStrictEqual(await run('read_file', { path: 'agent-read/big/big.log' }, stop.signal), STOPPED);
    });
  });
});
