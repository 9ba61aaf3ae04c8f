import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PAGE_CHARS, PAGE_LINES, PageCollector, pageOutcome, textLines } from '../../src/core/agent/linePage';
import { readFileLines } from '../../src/core/agent/node/fileLines';

/** The outcome read_file gives for `text` (as the editor's text) and the lines asked. */
function page(text: string, startLine = 1, endLine?: number, shown = 'src/a.ts') {
  const collector = new PageCollector(startLine, endLine);
  for (const line of textLines(text)) collector.push(line);
  return pageOutcome(shown, collector.page(), { endLine });
}

const numbered = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}`);

describe('read_file paging: what the model reads', () => {
  it('a small file whole, under a header; the text exactly as it is (tabs kept, no numbers in the lines)', () => {
    assert.deepStrictEqual(page('\tif (a) {\n\t\treturn 1;\n\t}\n'), {
      text: 'src/a.ts (3 lines):\n\tif (a) {\n\t\treturn 1;\n\t}',
      summary: '3 lines',
    });
  });

  it('CRLF read as one break, a BOM dropped, a last line without a break counted', () => {
    assert.deepStrictEqual(textLines('\uFEFFa\r\nb\r\nc'), ['a', 'b', 'c']);
    assert.deepStrictEqual(textLines('a\n'), ['a']);
    assert.deepStrictEqual(textLines('\n'), ['']);
    assert.deepStrictEqual(textLines(''), []);
    assert.strictEqual(page('one line').text, 'src/a.ts (1 line):\none line');
  });

  it('an empty file says so; a start past the end is an error naming the length', () => {
    assert.deepStrictEqual(page(''), { text: 'src/a.ts is empty.', summary: 'empty' });
    assert.deepStrictEqual(page('a\nb\n', 5), { text: 'src/a.ts has 2 lines; startLine 5 is past its end.', isError: true });
  });

  it(`a long file in pages of ${PAGE_LINES} lines, each saying where it is and how to read on`, () => {
    const text = numbered(1000).join('\n');
    const first = page(text);
    assert.strictEqual(
      first.text,
      [
        'src/a.ts, lines 1–400 of 1000:',
        ...numbered(400),
        '[Lines 401–1000 are not shown (a page holds at most 400 lines or about 40 KB): call read_file with startLine 401 to read on.]',
      ].join('\n'),
    );
    assert.strictEqual(first.summary, 'lines 1–400 of 1000');
    const last = page(text, 801);
    assert.strictEqual(last.text, ['src/a.ts, lines 801–1000 of 1000:', ...numbered(200, 801)].join('\n'));
  });

  it('a range asked for is given as asked, with no note when it is all there; an end past the file ends at the file', () => {
    const text = numbered(100).join('\n');
    assert.strictEqual(page(text, 10, 12).text, 'src/a.ts, lines 10–12 of 100:\nline 10\nline 11\nline 12');
    assert.strictEqual(page(text, 99, 500).text, 'src/a.ts, lines 99–100 of 100:\nline 99\nline 100');
  });

  it('a range larger than a page is cut to a page, and the note names the rest of the range only', () => {
    const text = numbered(2000).join('\n');
    const outcome = page(text, 1, 700);
    assert.match(outcome.text, /^src\/a\.ts, lines 1–400 of 2000:\n/);
    assert.match(
      outcome.text,
      /\n\[Lines 401–700 are not shown \(a page holds at most 400 lines or about 40 KB\): call read_file with startLine 401 to read on\.\]$/,
    );
  });

  it(`a page ends before a line that would take it past ${PAGE_CHARS} characters`, () => {
    const wide = 'x'.repeat(15_000);
    const outcome = page([wide, wide, wide, wide].join('\n'));
    assert.strictEqual(
      outcome.text,
      [
        'src/a.ts, lines 1–2 of 4:',
        wide,
        wide,
        '[Lines 3–4 are not shown (a page holds at most 400 lines or about 40 KB): call read_file with startLine 3 to read on.]',
      ].join('\n'),
    );
  });

  it('a line longer than a page is shown in part, and the next page starts after it', () => {
    const huge = 'y'.repeat(100_000);
    const outcome = page(`${huge}\nafter\n`);
    assert.strictEqual(
      outcome.text,
      [
        'src/a.ts, line 1 of 2:',
        'y'.repeat(PAGE_CHARS),
        '[Line 1 is 100000 characters long; only its first 40000 are shown.]',
        '[Line 2 is not shown (a page holds at most 400 lines or about 40 KB): call read_file with startLine 2 to read on.]',
      ].join('\n'),
    );
    assert.strictEqual(page(`${huge}\nafter\n`, 2).text, 'src/a.ts, line 2 of 2:\nafter');
  });

  it('the editor’s unsaved text is said to be that', () => {
    const collector = new PageCollector(1, undefined);
    collector.push('draft');
    assert.strictEqual(
      pageOutcome('a.ts', collector.page(), { unsaved: true }).text,
      'a.ts (1 line, as open in the editor with unsaved changes):\ndraft',
    );
  });
});

describe('read_file from disk: streamed a chunk at a time', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-read-'));
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  async function read(name: string, content: string | Buffer, start = 1, end?: number) {
    const file = path.join(dir, name);
    await fs.writeFile(file, content);
    const collector = new PageCollector(start, end);
    const result = await readFileLines(file, collector, new AbortController().signal);
    return { result, page: collector.page() };
  }

  it('reads the same lines as the editor’s text would give: CRLF, BOM, tabs, no last break', async () => {
    const text = '\uFEFF\tone\r\ntwo  \r\n\r\nlast';
    const { result, page: p } = await read('crlf.txt', text);
    assert.strictEqual(result, 'read');
    assert.deepStrictEqual(p.lines, textLines(text));
    assert.deepStrictEqual(p.lines, ['\tone', 'two  ', '', 'last']);
    assert.strictEqual(p.total, 4);
  });

  it('a 5 MB file: the page decoded, every line counted, a character split between chunks kept whole', async () => {
    // 'é' is two bytes: with an odd first line, some fall across the 64 KB chunk boundaries.
    const lines = Array.from({ length: 120_000 }, (_, i) => `${i % 2 ? 'x' : ''}é ${i + 1} ${'z'.repeat(40)}`);
    const content = `${lines.join('\n')}\n`;
    assert.ok(Buffer.byteLength(content) > 5_000_000);
    const { page: first } = await read('big.txt', content);
    assert.deepStrictEqual([first.lines.length, first.total, first.lines[0], first.lines[399]], [400, 120_000, lines[0], lines[399]]);
    const { page: later } = await read('big.txt', content, 100_001, 100_003);
    assert.deepStrictEqual(later.lines, lines.slice(100_000, 100_003));
    assert.strictEqual(later.total, 120_000);
    const { page: tail } = await read('big-open-end.txt', lines.join('\n'), 119_999);
    assert.deepStrictEqual([tail.lines, tail.total], [lines.slice(119_998), 120_000]);
  });

  it('a binary file (a NUL near its start) is not read', async () => {
    const { result, page: p } = await read('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    assert.strictEqual(result, 'binary');
    assert.deepStrictEqual(p.lines, []);
  });

  it('one 3 MB line (a minified bundle) keeps a page of it in memory and knows its length', async () => {
    const { page: p } = await read('min.js', `${'m'.repeat(3_000_000)}\r\nnext\r\n`);
    assert.deepStrictEqual([p.lines.length, p.lines[0].length, p.cut, p.total], [1, PAGE_CHARS, { line: 1, length: 3_000_000 }, 2]);
  });

  it('stops when the signal aborts', async () => {
    const file = path.join(dir, 'stop.txt');
    await fs.writeFile(file, 'a\n'.repeat(200_000));
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await assert.rejects(readFileLines(file, new PageCollector(1, undefined), controller.signal), /stopped/);
  });
});
