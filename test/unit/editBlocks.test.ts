import * as assert from 'assert';
import { applyEditBlocks, type EditBlock, type EditResult } from '../../src/core/agent/editBlocks';
import { createdText, createFileTool, editFileTool, readCreateFileArgs, readEditFileArgs } from '../../src/core/agent/editTools';

const blocks = (...pairs: [string, string][]): EditBlock[] => pairs.map(([search, replace]) => ({ search, replace }));

/** The text the blocks make; fails the test with the model's error if they did not apply. */
function edited(original: string, ...pairs: [string, string][]): string {
  const result = applyEditBlocks(original, blocks(...pairs));
  if (!result.ok) assert.fail(`expected the blocks to apply, got: ${result.error}`);
  return result.text;
}

/** The error the model reads; fails the test if the blocks applied. */
function refused(original: string, ...pairs: [string, string][]): string {
  const result: EditResult = applyEditBlocks(original, blocks(...pairs));
  if (result.ok) assert.fail(`expected an error, got the text ${JSON.stringify(result.text)}`);
  assert.ok(!('text' in result), 'a failed edit gives no text to write');
  return result.error;
}

/** True when `text` has no half of a surrogate pair (encodeURIComponent throws on one). */
const wellFormed = (text: string) => {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
};

describe('edit_file blocks: what the file becomes', () => {
  it('replaces the one place the search text is, and says where the change is', () => {
    const result = applyEditBlocks('const a = 1;\nconst b = 2;\nconst c = 3;\n', blocks(['const b = 2;', 'const b = 20;']));
    assert.deepStrictEqual(result, {
      ok: true,
      text: 'const a = 1;\nconst b = 20;\nconst c = 3;\n',
      changes: [{ blocks: [1], start: 13, end: 26, startLine: 2, endLine: 2 }],
    });
  });

  it('applies blocks in order, each to the text the ones before it left', () => {
    const text = edited('one\ntwo\nthree\n', ['two', 'TWO'], ['one\nTWO', 'ONE\nTWO!'], ['three', '3']);
    assert.strictEqual(text, 'ONE\nTWO!\n3\n');
  });

  it('reports changes in file order, later blocks moving earlier changes, and one change where a block edits another', () => {
    const result = applyEditBlocks('a\nb\nc\nd\n', blocks(['d', 'D1\nD2'], ['a', 'A'], ['D2', 'D2!']));
    assert.ok(result.ok);
    assert.strictEqual(result.text, 'A\nb\nc\nD1\nD2!\n');
    assert.deepStrictEqual(
      result.changes.map((c) => [c.blocks, result.text.slice(c.start, c.end), c.startLine, c.endLine]),
      [
        [[2], 'A', 1, 1],
        [[1, 3], 'D1\nD2!', 4, 5],
      ],
    );
  });

  it('an empty replace deletes the search text; the change is the empty place where it was', () => {
    const result = applyEditBlocks('keep\ndrop me\nkeep too\n', blocks(['drop me\n', '']));
    assert.ok(result.ok);
    assert.strictEqual(result.text, 'keep\nkeep too\n');
    assert.deepStrictEqual(result.changes, [{ blocks: [1], start: 5, end: 5, startLine: 2, endLine: 2 }]);
  });

  it('a replace that contains its own search text is applied once (no loop), the next block sees both', () => {
    assert.strictEqual(edited('x();\n', ['x();', 'x();\nx();']), 'x();\nx();\n');
    assert.match(refused('x();\n', ['x();', 'x();\nx();'], ['x();', 'y();']), /Block 2 of 2 .*matches 2 places \(lines 1, 2\)/);
  });

  it('keeps a CRLF file CRLF: the model writes \\n, the replacement is written with \\r\\n', () => {
    const text = edited('if (a) {\r\n  go();\r\n}\r\nend();\r\n', ['if (a) {\n  go();\n}', 'if (a) {\n  go();\n  stop();\n}']);
    assert.strictEqual(text, 'if (a) {\r\n  go();\r\n  stop();\r\n}\r\nend();\r\n');
  });

  it('a search with CRLF matches a LF file, written back with \\n', () => {
    assert.strictEqual(edited('a\nb\nc\n', ['a\r\nb', 'A\r\nB']), 'A\nB\nc\n');
  });

  it('in a file of mixed endings, only the replaced text changes: untouched lines keep their own endings', () => {
    const text = edited('one\r\ntwo\nthree\r\nfour\r\n', ['three\nfour', 'THREE\nFOUR']);
    assert.strictEqual(text, 'one\r\ntwo\nTHREE\r\nFOUR\r\n');
    // A match that ends just before a CRLF leaves the \r; one that starts on the line break takes it.
    assert.strictEqual(edited('a\r\nb\r\n', ['a', 'x']), 'x\r\nb\r\n');
    assert.strictEqual(edited('a\r\nb\r\n', ['\nb', '\nB']), 'a\r\nB\r\n');
  });

  it('keeps tabs as tabs, and tab-indented lines match only with tabs', () => {
    const original = 'function f() {\n\tif (x) {\n\t\treturn 1;\n\t}\n}\n';
    assert.strictEqual(edited(original, ['\t\treturn 1;', '\t\treturn 2;']), 'function f() {\n\tif (x) {\n\t\treturn 2;\n\t}\n}\n');
    assert.strictEqual(edited(original, ['if (x) {\n\t\treturn 1;', 'if (y) {\n\t\treturn 1;']), original.replace('x', 'y'));
    refused(original, ['        return 1;', '        return 2;']);
  });

  it('a file without a last line break stays without one, though the replace ends with one', () => {
    assert.strictEqual(edited('a\nb', ['b', 'c\n']), 'a\nc');
    assert.strictEqual(edited('a\r\nb', ['b', 'c\r\n']), 'a\r\nc');
    assert.strictEqual(edited('a\nb', ['a', 'A']), 'A\nb');
    assert.strictEqual(edited('a\nb', ['b', 'c\nd']), 'a\nc\nd');
  });

  it('keeps a byte order mark, matches past it, and never doubles it', () => {
    assert.strictEqual(edited('\uFEFFfirst\nsecond\n', ['first', 'FIRST']), '\uFEFFFIRST\nsecond\n');
    assert.strictEqual(edited('\uFEFFfirst\nsecond\n', ['\uFEFFfirst', '\uFEFFFIRST']), '\uFEFFFIRST\nsecond\n');
    assert.strictEqual(edited('\uFEFFa\r\nb\r\n', ['a\nb', 'b\na']), '\uFEFFb\r\na\r\n');
  });

  it('replaces emoji and CJK text whole, and refuses a search that is half an emoji', () => {
    const original = 'const face = "😀";\n// 中文注释\n';
    assert.strictEqual(edited(original, ['😀', '🎉'], ['中文', '日本語']), 'const face = "🎉";\n// 日本語注释\n');
    const error = refused(original, ['\uDE00', 'x']);
    assert.match(error, /half of a character/);
  });
});

describe('edit_file blocks: what the model is told when one does not apply', () => {
  it('a search text found in several places: how many, on which lines, and to add context', () => {
    const error = refused('x = 1;\ny = 2;\nx = 1;\nz = 3;\nx = 1;\n', ['x = 1;', 'x = 10;']);
    assert.match(error, /^The block did not apply: its search text matches 3 places \(lines 1, 3, 5\); it must match exactly one\./);
    assert.match(error, /Add the lines around/);
  });

  it('places that overlap count as several: "}\\n}" in three closing braces is two places', () => {
    assert.match(refused('\t}\n}\n}\n', ['}\n}', '}']), /matches 2 places \(lines 1, 2\)/);
  });

  it('a search text found nowhere: the block is named and its first line shown', () => {
    const error = refused('alpha\nbeta\n', ['alpha', 'A'], ['\n\ngamma\ndelta', 'G']);
    assert.match(error, /^Block 2 of 2 did not apply: its search text, which begins "gamma", is not in the file\./);
    assert.match(error, /Nothing was changed: send the edit again with all its blocks\./);
    assert.doesNotMatch(error, /whitespace|line endings/);
  });

  it('only indentation differs: says so and where, shows the file line with its tabs, applies nothing', () => {
    const error = refused('function f() {\n\treturn 1;\n}\n', ['function f() {\n    return 1;\n}', 'function f() {\n    return 2;\n}']);
    assert.match(error, /which begins "function f\(\) \{"/);
    assert.match(error, /would match at line 1 if whitespace and indentation were ignored/);
    const inner = refused('function f() {\n\treturn 1;\n}\n', ['    return  1;  ', 'return 2;']);
    assert.match(inner, /which begins "    return  1;  "/);
    assert.match(inner, /at line 2 .*the file's line there is "\\treturn 1;"/);
  });

  it('only the last line break differs: says the file has none', () => {
    assert.match(refused('a\nlast', ['last\n', 'LAST\n']), /no line break after its last line/);
  });

  it('only a lone \\r differs: says line endings differ', () => {
    assert.match(refused('a\rb\r', ['a\nb', 'x']), /match if line endings were ignored/);
  });

  it('all or nothing: a second block that fails leaves the first unapplied, and says blocks apply in order', () => {
    const error = refused('let total = 0;\nadd(total);\n', ['let total = 0;', 'let sum = 0;'], ['let total = 0;\nadd(total);', 'x']);
    assert.match(error, /^Block 2 of 2 did not apply/);
    assert.match(error, /blocks apply in order, each to the text the ones before it left/);
  });

  it('an empty search (however it is called) is refused, never matched everywhere', () => {
    assert.match(refused('abc', ['', 'x']), /search text is empty/);
    assert.match(refused('abc', ['\uFEFF', 'x']), /search text is empty/);
  });

  it('a long first line is cut whole characters at a time', () => {
    const error = refused('text\n', ['a' + '🙂'.repeat(200), 'x']);
    assert.ok(wellFormed(error), 'the error has no half characters');
    assert.match(error, /🙂…"/);
  });
});

describe('edit_file blocks on a 1 MB file', () => {
  // No timing assertion: these would take minutes were any step quadratic in the file's size.
  const lines = Array.from({ length: 40_000 }, (_, i) => `\tline ${i}: ${'x'.repeat(20)}`);
  const original = lines.join('\r\n') + '\r\n';

  it('applies many blocks across the file and keeps its CRLF endings', () => {
    const pairs = Array.from({ length: 50 }, (_, k): [string, string] => [`\tline ${k * 800}: `, `\tLINE ${k * 800}: `]);
    const result = applyEditBlocks(original, blocks(...pairs));
    assert.ok(result.ok);
    assert.strictEqual(result.text.length, original.length);
    assert.strictEqual(result.text.split('\r\n')[39_200], `\tLINE 39200: ${'x'.repeat(20)}`);
    assert.strictEqual(result.changes.length, 50);
    assert.strictEqual(result.changes[49].startLine, 39_201);
  });

  it('counts a search found everywhere, and looks for a whitespace-only difference, in one pass each', () => {
    assert.match(refused(original, ['x', 'y']), /matches 800000 places \(lines 1, …\)/);
    assert.match(refused(original, ['line 39999:   xxxxxxxxxxxxxxxxxxxx', 'y']), /at line 40000 if whitespace/);
  });
});

/** The error text for arguments that do not pass; fails the test if they do. */
function argumentError(read: (args: unknown) => { ok: true } | { ok: false; error: string }, args: unknown): string {
  const result = read(args);
  if (result.ok) assert.fail(`expected ${JSON.stringify(args)} to be refused`);
  return result.error;
}

describe('edit_file and create_file arguments as the model sends them', () => {
  it('the tools the model sees: names, and the fields each requires', () => {
    assert.strictEqual(editFileTool.name, 'edit_file');
    assert.deepStrictEqual(editFileTool.parameters?.required, ['path', 'blocks']);
    const items = (editFileTool.parameters?.properties as Record<string, { items: { required: string[] } }>).blocks.items;
    assert.deepStrictEqual(items.required, ['search', 'replace']);
    assert.strictEqual(createFileTool.name, 'create_file');
    assert.deepStrictEqual(createFileTool.parameters?.required, ['path', 'content']);
  });

  it('well-formed edit_file arguments are read, fields the schema does not have dropped', () => {
    const result = readEditFileArgs({ path: 'src/a.ts', blocks: [{ search: 'a', replace: '', why: 'x' }], extra: 1 });
    assert.deepStrictEqual(result, { ok: true, value: { path: 'src/a.ts', blocks: [{ search: 'a', replace: '' }] } });
  });

  it('blocks sent as JSON text, not an array: says to send the array itself', () => {
    const error = argumentError(readEditFileArgs, { path: 'a.ts', blocks: '[{"search":"a","replace":"b"}]' });
    assert.match(
      error,
      /^edit_file was not run; its arguments need fixing:\n- blocks must be an array of \{search, replace\} objects \(the array itself, not JSON text\), got a string\.$/,
    );
  });

  it('each bad block is named, all at once: missing, wrong types, empty search', () => {
    const error = argumentError(readEditFileArgs, {
      path: 'a.ts',
      blocks: [{ search: 'ok', replace: 'ok' }, { replace: 'x' }, { search: 3, replace: null }, 'a string', { search: '', replace: 'x' }],
    });
    assert.deepStrictEqual(error.split('\n').slice(1), [
      '- block 2: search is missing.',
      '- block 3: search must be a string, got a number.',
      '- block 3: replace must be a string, got null.',
      '- block 4 must be an object {search, replace}, got a string.',
      '- block 5: search is empty; put the lines next to the change in search and repeat them in replace.',
    ]);
  });

  it('a missing replace says how to delete; a missing or wrong path and an empty list are named', () => {
    assert.match(argumentError(readEditFileArgs, { path: 'a', blocks: [{ search: 'x' }] }), /replace is missing \(give "" to delete/);
    assert.match(argumentError(readEditFileArgs, { blocks: [] }), /path is missing[^]*blocks is empty/);
    assert.match(
      argumentError(readEditFileArgs, { path: 42, blocks: [{ search: 'a', replace: 'b' }] }),
      /path must be a string, got a number/,
    );
    assert.match(argumentError(readEditFileArgs, { path: '  ', blocks: {} }), /path is empty[^]*got an object/);
  });

  it('arguments that are not an object at all', () => {
    for (const args of [null, undefined, 'edit a.ts', 7, [{ path: 'a', blocks: [] }]]) {
      assert.match(
        argumentError(readEditFileArgs, args),
        /^edit_file takes a JSON object \{path, blocks\}, got (null|nothing|a string|a number|an array)\.$/,
      );
      assert.match(argumentError(readCreateFileArgs, args), /^create_file takes a JSON object \{path, content\}/);
    }
  });

  it('a hundred bad blocks give the first ten problems and a count', () => {
    const error = argumentError(readEditFileArgs, { path: 'a', blocks: Array(100).fill(1) });
    assert.strictEqual(error.split('\n').length, 12);
    assert.match(error, /\(and 90 more\)$/);
  });

  it('create_file: content as given (line breaks kept, "" allowed); missing or non-string content refused', () => {
    assert.deepStrictEqual(readCreateFileArgs({ path: 'n.ts', content: 'a\nb\n' }), {
      ok: true,
      value: { path: 'n.ts', content: 'a\nb\n' },
    });
    assert.deepStrictEqual(readCreateFileArgs({ path: 'n.ts', content: '' }), { ok: true, value: { path: 'n.ts', content: '' } });
    assert.match(argumentError(readCreateFileArgs, { path: 'n.ts' }), /content is missing/);
    assert.match(argumentError(readCreateFileArgs, { path: 'n.ts', content: ['a'] }), /content must be a string, got an array/);
  });

  it('create_file refuses a file that exists, pointing to edit_file; a new one gets its content unchanged', () => {
    const args = { path: 'src/old.ts', content: 'x\r\ny' };
    assert.deepStrictEqual(createdText(args, true), {
      ok: false,
      error: 'src/old.ts exists already: change it with edit_file, or choose another path.',
    });
    assert.deepStrictEqual(createdText(args, false), { ok: true, value: 'x\r\ny' });
  });
});
