import * as assert from 'assert';
import { CappedLines, clipLine } from '../../src/core/agent/cappedLines';
import { capDiff, diffPath } from '../../src/core/agent/diffCap';
import { parseRipgrepMatch, ripgrepArgs, SearchMatches } from '../../src/core/agent/textSearch';

const search = { query: 'add', isRegex: false, caseSensitive: false };

describe('agent reading tools: output kept to a size, in order', () => {
  it('CappedLines keeps lines until the count or the characters are used up, then counts the rest', () => {
    const byCount = new CappedLines(2);
    assert.deepStrictEqual(
      ['a', 'b', 'c', 'd'].map((l) => byCount.add(l)),
      [true, true, false, false],
    );
    assert.deepStrictEqual([byCount.lines, byCount.leftOut, byCount.full], [['a', 'b'], 2, true]);
    const byChars = new CappedLines(10, 8);
    assert.deepStrictEqual(
      ['abc', 'defgh', 'i'].map((l) => byChars.add(l)),
      [true, false, false],
    );
    assert.deepStrictEqual([byChars.lines, byChars.leftOut], [['abc'], 2]);
  });

  it('clipLine cuts a long line around where the match is, marking each cut', () => {
    assert.strictEqual(clipLine('short', 10), 'short');
    assert.strictEqual(clipLine('0123456789abcdefghij', 8, 12), '…abcdefgh…');
    assert.strictEqual(clipLine('0123456789abcdefghij', 8, 0), '01234567…');
    assert.strictEqual(clipLine('0123456789abcdefghij', 8, 19), '…cdefghij');
  });

  it('search matches read as path:line: text, under a count; none is a plain answer', () => {
    const matches = new SearchMatches();
    matches.add({ path: 'src/math.ts', line: 2, text: 'export function add(a: number, b: number): number {\r', column: 16 });
    matches.add({ path: 'src/report.ts', line: 9, text: '\treturn add(1, 2);', column: 8 });
    assert.deepStrictEqual(matches.outcome({ ...search, include: '**/*.ts' }), {
      text: '2 matches in 2 files for "add" in **/*.ts:\nsrc/math.ts:2: export function add(a: number, b: number): number {\nsrc/report.ts:9: \treturn add(1, 2);',
      summary: '2 matches in 2 files',
    });
    assert.deepStrictEqual(new SearchMatches().outcome({ query: 'fo+', isRegex: true, caseSensitive: true }), {
      text: 'No matches for /fo+/.',
      summary: 'no matches',
    });
  });

  it('a search stops at 200 matches and says how to narrow it', () => {
    const matches = new SearchMatches();
    let more = true;
    let n = 0;
    while (more) more = matches.add({ path: 'big.txt', line: ++n, text: 'add', column: 0 });
    assert.strictEqual(n, 200);
    const outcome = matches.outcome(search);
    assert.match(outcome.text, /^200 matches in 1 file for "add":\nbig\.txt:1: add\n/);
    assert.match(
      outcome.text,
      /\nbig\.txt:200: add\n\[The search stopped here, at 200 matches or about 20 KB: narrow it with include or a longer query\.\]$/,
    );
    assert.strictEqual(outcome.summary, '200 matches in 1 file (stopped there)');
  });

  it('ripgrep: excludes after the include (the later glob wins), .git always out, the query never read as a flag', () => {
    assert.deepStrictEqual(
      ripgrepArgs({ query: '-rf', isRegex: false, caseSensitive: false, include: '*.ts' }, ['**/node_modules', '.env*'], true),
      [
        '--json',
        '--no-config',
        '--hidden',
        '--no-messages',
        '--ignore-case',
        '--fixed-strings',
        '--glob',
        '*.ts',
        '--glob',
        '!**/node_modules',
        '--glob',
        '!.env*',
        '--glob',
        '!**/.git',
        '--regexp',
        '-rf',
        '--',
        '.',
      ],
    );
    const regex = ripgrepArgs({ query: '(?<=a)b', isRegex: true, caseSensitive: true }, [], false);
    assert.deepStrictEqual(regex.slice(4, 7), ['--no-ignore', '--case-sensitive', '--pcre2']);
  });

  it('ripgrep JSON: matches read, other events and garbage skipped, non-UTF-8 text decoded', () => {
    const line = JSON.stringify({
      type: 'match',
      data: {
        path: { text: './src/a.ts' },
        lines: { text: '  const x = add(1);\r\n' },
        line_number: 7,
        submatches: [{ match: { text: 'add' }, start: 12, end: 15 }],
      },
    });
    assert.deepStrictEqual(parseRipgrepMatch(line), { file: 'src/a.ts', line: 7, text: '  const x = add(1);', column: 12 });
    assert.strictEqual(parseRipgrepMatch('{"type":"begin","data":{"path":{"text":"a"}}}'), undefined);
    assert.strictEqual(parseRipgrepMatch('not json'), undefined);
    const bytes = JSON.stringify({
      type: 'match',
      data: { path: { bytes: btoa('caf\xe9.txt') }, lines: { bytes: btoa('x\n') }, line_number: 1 },
    });
    assert.deepStrictEqual(parseRipgrepMatch(bytes), { file: 'café.txt', line: 1, text: 'x', column: 0 });
  });

  it('a diff over the limit keeps whole files while they fit and names the ones left out', () => {
    const file = (p: string, body: string) => `diff --git a/${p} b/${p}\n--- a/${p}\n+++ b/${p}\n@@ -1 +1 @@\n${body}\n`;
    const diff = file('src/a.ts', '+a') + file('my file.ts', '+b'.repeat(50)) + file('c.ts', '+c');
    assert.deepStrictEqual(capDiff(diff, 10_000), { text: diff, left: [] });
    assert.deepStrictEqual(capDiff(diff, 100), { text: file('src/a.ts', '+a'), left: ['my file.ts', 'c.ts'] });
    const cut = capDiff(file('big.ts', Array(100).fill('+line').join('\n')), 120);
    assert.strictEqual(cut.cut, 'big.ts');
    assert.ok(cut.text.length <= 120 && cut.text.endsWith('+line\n'), cut.text);
    assert.strictEqual(diffPath('diff --git "a/tab\\there" "b/tab\\there"\n'), 'tab\\there');
  });
});
