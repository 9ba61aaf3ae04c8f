import * as assert from 'assert';
import {
  COMMAND_SNAPSHOT_CAPS,
  commandChanges,
  filesToRead,
  mayHaveChanged,
  TIME_SLACK_MS,
  type AfterWalk,
  type FileState,
  type Snapshot,
} from '../../src/core/agent/commandChanges';

const START = 1_700_000_000_000;
const OLD = START - 60_000;
const bytes = (text: string) => new TextEncoder().encode(text);
const kept = (text: string, mtime = OLD): FileState => ({ size: bytes(text).length, mtime, bytes: bytes(text) });
/** Known by size and time only (too large, or past the bytes cap). */
const unread = (size: number, mtime = OLD): FileState => ({ size, mtime });

function snapshot(files: Record<string, FileState>, partial = false): Snapshot {
  return { startedAt: START, files: new Map(Object.entries(files)), partial };
}

function after(known: Record<string, FileState | undefined>, fresh: Record<string, number> = {}, partial = false): AfterWalk {
  return { known: new Map(Object.entries(known)), fresh: new Map(Object.entries(fresh)), partial };
}

/** The changes as plain values: each file's URI, whether it existed, and its bytes from before as text. */
function plain(before: Snapshot, now: AfterWalk) {
  const changes = commandChanges(before, now);
  return {
    files: changes.files.map((f) => [f.uri, f.existed, f.bytes && new TextDecoder().decode(f.bytes)]),
    partial: changes.partial,
  };
}

describe("A command's changes: the workspace before it ran and after it ended", () => {
  it('keeps only what changed: a modified and a deleted file with their bytes from before, a created file to delete', () => {
    const before = snapshot({ 'a.js': kept('a = 1\r\n'), 'b.md': kept('notes\n'), 'c.txt': kept('same\n') });
    const now = after(
      { 'a.js': { ...kept('a = 2\r\n', START + 500) }, 'b.md': undefined, 'c.txt': { size: 5, mtime: OLD } },
      { 'new.txt': START + 600 },
    );
    assert.deepStrictEqual(plain(before, now), {
      files: [
        ['a.js', true, 'a = 1\r\n'],
        ['b.md', true, 'notes\n'],
        ['new.txt', false, undefined],
      ],
      partial: false,
    });
  });

  it('nothing changed: nothing is kept', () => {
    const before = snapshot({ 'a.js': kept('x') });
    assert.deepStrictEqual(plain(before, after({ 'a.js': { size: 1, mtime: OLD } })), { files: [], partial: false });
  });

  it('a file touched just before the walk is compared by its bytes: the same bytes are no change, other bytes of the same size are', () => {
    const recent = START - 500;
    const before = snapshot({ 'same.js': kept('abc', recent), 'other.js': kept('abc', recent) });
    const now = after({ 'same.js': kept('abc', recent), 'other.js': kept('xyz', recent) });
    assert.deepStrictEqual(plain(before, now).files, [['other.js', true, 'abc']]);
  });

  it('a file whose size and time moved but whose bytes were not read again is counted as changed (Restore writes the same bytes)', () => {
    const before = snapshot({ 'a.js': kept('abc') });
    assert.deepStrictEqual(plain(before, after({ 'a.js': { size: 3, mtime: START + 10 } })).files, [['a.js', true, 'abc']]);
  });

  it('a file known by size and time only is listed without bytes when they moved (Restore names it), and not when they did not', () => {
    const before = snapshot({ 'big.bin': unread(3_000_000), 'big2.bin': unread(3_000_000), 'gone.bin': unread(3_000_000) });
    const now = after({ 'big.bin': unread(3_000_001, START + 5), 'big2.bin': unread(3_000_000), 'gone.bin': undefined });
    assert.deepStrictEqual(plain(before, now).files, [
      ['big.bin', true, undefined],
      ['gone.bin', true, undefined],
    ]);
  });

  it('after a partial walk a new file may have been there unseen: one touched since is named without bytes, an old one is left out', () => {
    const before = snapshot({ 'a.js': kept('a') }, true);
    const now = after({ 'a.js': { size: 1, mtime: OLD } }, { 'touched.js': START + 100, 'edge.js': START - TIME_SLACK_MS, 'old.js': OLD });
    assert.deepStrictEqual(plain(before, now), {
      files: [
        ['touched.js', true, undefined],
        ['edge.js', true, undefined],
      ],
      partial: true,
    });
  });

  it('a walk after the command that hit its cap makes the changes partial', () => {
    const before = snapshot({});
    assert.deepStrictEqual(plain(before, after({}, { 'out/1.js': START + 1 }, true)), {
      files: [['out/1.js', false, undefined]],
      partial: true,
    });
  });

  it('a file is read again when its size or time moved, or when its time is within the slack of the walk', () => {
    const old = kept('abc');
    assert.strictEqual(mayHaveChanged(old, { size: 3, mtime: OLD }, START), false);
    assert.strictEqual(mayHaveChanged(old, { size: 4, mtime: OLD }, START), true);
    assert.strictEqual(mayHaveChanged(old, { size: 3, mtime: OLD + 1 }, START), true);
    assert.strictEqual(mayHaveChanged(kept('abc', START - TIME_SLACK_MS), { size: 3, mtime: START - TIME_SLACK_MS }, START), true);
    assert.strictEqual(mayHaveChanged(kept('abc', START - TIME_SLACK_MS - 1), { size: 3, mtime: START - TIME_SLACK_MS - 1 }, START), false);
  });
});

describe("A command's snapshot: which files' bytes are kept", () => {
  const caps = { maxFiles: 5_000, maxBytes: 100, maxFileBytes: 40 };

  it('keeps each file within the per-file cap, in order, until the total cap; a file too large is skipped, smaller ones after it kept', () => {
    const files = [
      { uri: 'a', size: 30 },
      { uri: 'huge', size: 41 },
      { uri: 'b', size: 40 },
      { uri: 'c', size: 20 },
      { uri: 'd', size: 11 },
      { uri: 'e', size: 10 },
      { uri: 'empty', size: 0 },
    ];
    assert.deepStrictEqual([...filesToRead(files, caps)], ['a', 'b', 'c', 'e', 'empty']);
  });

  it('the caps are 5,000 files and 50 MB, each file up to 2 MB: 5,000 files of 10 kB are all kept', () => {
    const defaults = COMMAND_SNAPSHOT_CAPS;
    assert.deepStrictEqual(defaults, { maxFiles: 5_000, maxBytes: 50_000_000, maxFileBytes: 2_000_000 });
    const many = Array.from({ length: 5_000 }, (_, i) => ({ uri: `f${i}`, size: 10_000 }));
    assert.strictEqual(filesToRead(many, defaults).size, 5_000);
    assert.deepStrictEqual(
      [
        ...filesToRead(
          [
            { uri: 'edge', size: 2_000_000 },
            { uri: 'over', size: 2_000_001 },
          ],
          defaults,
        ),
      ],
      ['edge'],
    );
  });
});
