import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { globSync } from 'glob';
import { repoRoot } from '../spec/extractSpec';

/**
 * The repository must carry everything its tests and scripts read: a fresh clone has no
 * the folder beside it, no `/work/...`. This scans the code that runs in a test or build (test/, src/,
 * .ci/, esbuild.mjs, .vscode/, the package.json scripts) for paths that leave the repository:
 * absolute machine paths, `path.join`/`path.resolve` chains and relative paths that climb above
 * its root (evaluated the way they run: test and src code from out/, src also bundled in dist/,
 * imports from the file's folder, other relative paths from the root, where npm runs scripts,
 * shell `$(dirname "$0")` from the script's folder), and the named neighbours (the folder beside it).
 * A line that must name such a path as data can say so with a `repo-boundary: ignore` comment.
 */

const ROOT = '/repo'; // a virtual root: paths are evaluated with path.posix, never touched
const inside = (p: string) => p === ROOT || p.startsWith(`${ROOT}/`);
const ABSOLUTE = /^(?:file:\/\/)?(?:\/(?:work|home|root|Users|mnt)(?:\/|$)|[A-Za-z]:[\\/])/;
/** The folder beside the repository that a clone lacks; built from parts so this file never names it. */
const SIBLING = ['sh', 'ared'].join('');
const NEIGHBOUR = new RegExp(`(?:^|[^\\w.])\\.\\.[\\\\/]${SIBLING}\\b|'\\.\\.'\\s*,\\s*'${SIBLING}'|"\\.\\."\\s*,\\s*"${SIBLING}"`);
const IGNORE = 'repo-boundary: ignore';
const SELF = 'test/unit/repoBoundary.test.ts';

export interface Finding {
  file: string;
  line: number;
  reason: string;
}

interface Str {
  value: string;
  start: number;
  end: number;
}

/** Blanks comments and regex literals (offsets kept) and lists the string literals of TS/JS. */
function lex(text: string): { code: string; strings: Map<number, Str> } {
  const code = text.split('');
  const strings = new Map<number, Str>();
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (code[k] !== '\n') code[k] = ' ';
  };
  let i = 0;
  let prev = ''; // the last significant code character, to tell a regex from a division
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (
      c === '/' &&
      (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev) || /\b(?:return|typeof|case|in|of)\s*$/.test(text.slice(Math.max(0, i - 8), i)))
    ) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n') {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        else if (text[j] === '/' && !inClass) break;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
      prev = '/';
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\n' && c !== '`') break; // unterminated: stop at the line's end
        if (text[j] === '\\') {
          value += text[j + 1] ?? '';
          j += 2;
          continue;
        }
        if (c === '`' && text[j] === '$' && text[j + 1] === '{') {
          let depth = 1;
          j += 2;
          while (j < text.length && depth > 0) {
            if (text[j] === '{') depth++;
            else if (text[j] === '}') depth--;
            j++;
          }
          value += '\u0000'; // an interpolation: an unknown name
          continue;
        }
        value += text[j];
        j++;
      }
      strings.set(i, { value, start: i, end: j + 1 });
      blank(i + 1, j);
      i = j + 1;
      prev = 'a';
    } else {
      if (!/\s/.test(c)) prev = c;
      i++;
    }
  }
  return { code: code.join(''), strings };
}

/** Top-level comma-separated arguments of the call whose `(` is at `open`. */
function callArgs(code: string, open: number): { text: string; start: number }[] {
  const args: { text: string; start: number }[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      depth--;
      if (depth === 0) {
        args.push({ text: code.slice(start, i), start });
        break;
      }
    } else if (c === ',' && depth === 1) {
      args.push({ text: code.slice(start, i), start });
      start = i + 1;
    }
  }
  return args.filter((a) => a.text.trim() !== '');
}

interface Place {
  file: string;
  dir: string;
  runDirs: string[];
}

/** Where a repo-relative source file runs from (its `__dirname`). */
function placeOf(file: string): Place {
  const dir = path.posix.dirname(file);
  if (/\.ts$/.test(file)) {
    const out = path.posix.join('out', dir);
    return { file, dir, runDirs: file.startsWith('src/') ? [out, 'dist'] : [out] };
  }
  return { file, dir, runDirs: [dir] };
}

const REPO_NAMES = /^(?:REPO|REPO_ROOT|ROOT|repoRoot\(\)|process\.cwd\(\))$/;

/** Findings in TS/JS source text. */
export function scanScript(file: string, text: string): Finding[] {
  const place = placeOf(file);
  const { code, strings } = lex(text);
  const findings: Finding[] = [];
  const lines = text.split('\n');
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const add = (offset: number, reason: string) => {
    const line = lineOf(offset);
    if (!lines[line - 1].includes(IGNORE)) findings.push({ file, line, reason });
  };
  const used = new Set<number>();

  // path.join / path.resolve chains with a known base.
  for (const m of code.matchAll(/\bpath(?:\.posix)?\.(join|resolve)\s*\(/g)) {
    const args = callArgs(code, m.index! + m[0].length - 1);
    const lead = args[0]?.text.trim() ?? '';
    const leadOffset = args[0] ? args[0].start + args[0].text.indexOf(lead) : m.index!;
    let bases: string[] | undefined;
    if (lead === '__dirname') bases = place.runDirs.map((d) => path.posix.join(ROOT, d));
    else if (lead === 'import.meta.dirname') bases = [path.posix.join(ROOT, place.dir)];
    else if (REPO_NAMES.test(lead)) bases = [ROOT];
    else if (strings.has(leadOffset) && m[1] === 'join' && !path.posix.isAbsolute(strings.get(leadOffset)!.value)) bases = [ROOT];
    for (const arg of args) {
      const t = arg.text.trim();
      const s = strings.get(arg.start + arg.text.indexOf(t));
      if (s && s.end - s.start === t.length) used.add(s.start);
    }
    if (!bases) continue;
    for (const base of bases) {
      let at = base;
      for (const [k, arg] of args.entries()) {
        if (k === 0 && !strings.has(leadOffset)) continue;
        const t = arg.text.trim();
        const s = strings.get(arg.start + arg.text.indexOf(t));
        const value = s && s.end - s.start === t.length ? s.value : '\u0000';
        if (m[1] === 'resolve' && path.posix.isAbsolute(value)) {
          at = value;
          continue;
        }
        for (const seg of value.split(/[\\/]/)) {
          at = path.posix.join(at, seg === '\u0000' || seg.includes('\u0000') ? 'x' : seg);
          if (!inside(at)) break;
        }
        if (!inside(at)) break;
      }
      if (!inside(at)) {
        add(
          m.index!,
          `path.${m[1]}(${args.map((a) => text.slice(a.start, a.start + a.text.length).trim()).join(', ')}) leaves the repository (from ${path.posix.relative(ROOT, base) || '.'})`,
        );
        break;
      }
    }
  }

  for (const s of strings.values()) {
    // An import is relative to its file; any other relative path to the root, where npm runs.
    const before = code.slice(Math.max(0, s.start - 40), s.start);
    const isImport = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*$/.test(before);
    if (ABSOLUTE.test(s.value)) add(s.start, `absolute path '${s.value}'`);
    if (!isImport && NEIGHBOUR.test(s.value)) add(s.start, `names a folder beside the repository: '${s.value}'`);
    if (used.has(s.start) || !/^\.\.[\\/]/.test(s.value)) continue;
    const resolved = path.posix.join(ROOT, isImport ? place.dir : '.', s.value.replace(/\u0000/g, 'x'));
    if (!inside(resolved)) add(s.start, `${isImport ? 'import' : 'relative path'} '${s.value}' leaves the repository`);
  }
  // `'..', '<sibling>'` split across literals.
  for (const m of code.matchAll(/['"]\s*,\s*['"]/g)) {
    const a = [...strings.values()].find((s) => s.end === m.index! + 1);
    const b = strings.get(m.index! + m[0].length - 1);
    if (a?.value === '..' && b?.value === SIBLING) add(a.start, `names a folder beside the repository: '..', '${SIBLING}'`);
  }
  return findings;
}

/** Findings in shell scripts, package.json scripts and VS Code's JSON (line by line). */
export function scanCommands(file: string, text: string, { json = false } = {}): Finding[] {
  const dir = path.posix.dirname(file);
  const findings: Finding[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.includes(IGNORE)) return;
    const line = json ? raw : raw.replace(/(^|\s)#.*$/, '');
    const add = (reason: string) => findings.push({ file, line: index + 1, reason });
    if (/(?:^|[\s"'=:(`])(?:file:\/\/)?\/(?:work|home|root|Users|mnt)\//.test(line)) add(`absolute path in: ${line.trim()}`);
    if (NEIGHBOUR.test(line)) add(`names a folder beside the repository: ${line.trim()}`);
    for (const m of line.matchAll(
      /(?:(\$\(dirname "?\$0"?\)|\$\{workspaceFolder\}|\$\{?[A-Za-z_]+\}?)\/)?(?:^|(?<=[\s"'=:/(]))(\.\.(?:\/[\w.-]*)*)/g,
    )) {
      const prefix = m[1];
      if (prefix && !/dirname|workspaceFolder/.test(prefix)) continue; // another variable: unknown base
      if (!prefix && m.index! > 0 && line[m.index! - 1] === '/') continue; // $SOMEWHERE/..: unknown base
      const base = prefix?.includes('dirname') && !json ? dir : '.';
      const resolved = path.posix.join(ROOT, base, m[2]);
      if (!inside(resolved)) add(`'${prefix ? `${prefix}/` : ''}${m[2]}' leaves the repository`);
    }
  });
  return findings;
}

function scanRepository(repo: string): { files: string[]; findings: Finding[] } {
  const files = globSync(['src/**/*.ts', 'test/**/*.{ts,js,mjs,cjs,sh}', '.ci/**', '*.{mjs,js,cjs}', '.vscode/*.json'], {
    cwd: repo,
    dot: true,
    nodir: true,
    posix: true,
  })
    // This file holds planted violations as data (the cases below); the cases check the scan itself.
    .filter((f) => !f.startsWith('node_modules/') && f !== SELF)
    .sort();
  const findings: Finding[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(repo, file), 'utf8');
    if (/\.(?:ts|js|mjs|cjs)$/.test(file)) findings.push(...scanScript(file, text));
    else findings.push(...scanCommands(file, text, { json: file.endsWith('.json') }));
  }
  const scripts = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const [name, command] of Object.entries(scripts)) {
    findings.push(...scanCommands('package.json', command).map((f) => ({ ...f, reason: `scripts.${name}: ${f.reason}` })));
  }
  return { files: [...files, 'package.json'], findings };
}

describe('nothing reads a path outside the repository', () => {
  /** [file, source, expected findings]: what the scan must catch, and what it must let through. */
  const script: [string, string, number][] = [
    ['test/host/runInHost.ts', `const spec = path.resolve(REPO, '..', '${SIBLING}', 'spec', 'openai-openapi.yaml');`, 2],
    ['test/server/specValidator.ts', `const c = path.join(dir, '..', '${SIBLING}', 'spec', 'openai-openapi.yaml');`, 1],
    ['test/server/specValidator.ts', `throw new Error('expected ../${SIBLING}/spec/openai-openapi.yaml beside the repo');`, 1],
    ['test/host/codeServer.ts', `export const REPO = path.resolve(__dirname, '..', '..', '..');`, 0],
    ['test/host/codeServer.ts', `const data = path.resolve(__dirname, '..', '..', '..', '..', 'data');`, 1],
    ['test/unit/x.test.ts', `const REPO = path.resolve(__dirname, '../../..');`, 0],
    ['test/unit/x.test.ts', `const up = path.resolve(__dirname, '../../../..', 'elsewhere');`, 1],
    ['test/unit/x.test.ts', `const spec = fs.readFileSync('/work/${SIBLING}/spec/openai-openapi.yaml', 'utf8');`, 1],
    ['test/unit/x.test.ts', 'const spec = fs.readFileSync(`/home/${user}/spec.yaml`, "utf8");', 1],
    ['test/unit/x.test.ts', `const sibling = fs.readFileSync('../sibling/data.json', 'utf8');`, 1],
    [
      'test/unit/x.test.ts',
      `const here = fs.readFileSync('test/spec/openai-chat.openapi.yaml', 'utf8'); // /work/x in a comment is fine`,
      0,
    ],
    ['test/unit/x.test.ts', `const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-'));\nconst t = path.join(dir, '..', 'x');`, 0],
    ['test/unit/x.test.ts', `const hostile = '../../etc/passwd'; // ${IGNORE}: data for a test`, 0],
    ['test/unit/x.test.ts', `if (/'"\`/.test(s)) x = 1;\nconst p = path.join(REPO, '..');`, 1],
    // src/shared is inside the repository: an import of it from src/chat is fine.
    ['src/chat/x.ts', `import type { MessageView } from '../${SIBLING}/protocol';`, 0],
    ['src/chat/x.ts', `import { thing } from '../../../other/thing';`, 1],
    ['src/chat/x.ts', `const media = path.join(__dirname, '..', 'media');`, 0],
    ['src/chat/x.ts', `const up = path.join(__dirname, '..', '..', 'x');`, 1],
    ['esbuild.mjs', `entryPoints: globSync(['src/**/*.ts', '../${SIBLING}/**/*.ts'])`, 2],
  ];
  const commands: [string, string, number][] = [
    ['.ci/run', 'cd "$(dirname "$0")/.."\nnpm test', 0],
    ['.ci/run', 'cd "$(dirname "$0")/../.."', 1],
    ['.ci/run', `cp /work/${SIBLING}/spec/openai-openapi.yaml test/  # a cache`, 1],
    ['.ci/run', `# ../${SIBLING} and /work/x in a comment\ncd "$HOST_DIR/.."`, 0],
    ['test/host/ensure-host.sh', `ls ../${SIBLING}/spec`, 2],
    ['package.json', `node out/x.js ../${SIBLING}/spec/openai-openapi.yaml`, 2],
    ['package.json', 'node esbuild.mjs && node out/test/spec/extractSpec.js', 0],
  ];
  for (const [file, source, expected] of script) {
    it(`the scan ${expected ? 'catches' : 'lets through'} ${file}: ${source.split('\n').at(-1)}`, () => {
      const found = scanScript(file, source);
      assert.strictEqual(found.length, expected, JSON.stringify(found));
    });
  }
  it('the scan catches shell, npm script and VS Code paths that leave the repository, and only those', () => {
    for (const [file, source, expected] of commands) {
      const found = scanCommands(file, source);
      assert.strictEqual(found.length, expected, `${file}: ${source}\n${JSON.stringify(found)}`);
    }
    assert.strictEqual(
      scanCommands('.vscode/launch.json', `"outFiles": ["\${workspaceFolder}/../${SIBLING}/**/*.js"]`, { json: true }).length,
      2,
    );
    assert.strictEqual(scanCommands('.vscode/launch.json', '"outFiles": ["${workspaceFolder}/dist/**/*.js"]', { json: true }).length, 0);
  });

  it('no test, script, build step or source file of this repository reads outside it', () => {
    const repo = repoRoot();
    const { files, findings } = scanRepository(repo);
    // The scan must have seen what runs: a scan of nothing would pass too.
    for (const must of [
      'test/server/specValidator.ts',
      'test/server/chatServer.ts',
      'test/host/runInHost.ts',
      'test/host/ensure-host.sh',
      '.ci/run',
      'esbuild.mjs',
      'package.json',
      'src/extension.ts',
      '.vscode/launch.json',
    ]) {
      assert.ok(files.includes(must), `the scan skipped ${must}`);
    }
    assert.ok(files.length > 50, `only ${files.length} files scanned`);
    assert.deepStrictEqual(
      findings.map((f) => `${f.file}:${f.line}: ${f.reason}`),
      [],
    );
  });
});
