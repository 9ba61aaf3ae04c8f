import * as assert from 'assert';
import { cleanRewrite, extractCode, type SelectionShape } from '../../src/core/rewriteText';

const lf = (original: string, linePrefix = '', tabSize = 4): SelectionShape => ({ original, eol: '\n', linePrefix, tabSize });
const crlf = (original: string, linePrefix = ''): SelectionShape => ({ original, eol: '\r\n', linePrefix, tabSize: 4 });

const ORIGINAL = 'function add(a, b) {\n  return a + b;\n}\n';
const REWRITTEN = 'function add(a: number, b: number): number {\n  return a + b;\n}\n';

/** Reply shapes seen from real models, each with the text that must land in the editor. */
const shapes: [string, string, SelectionShape, string][] = [
  ['plain code', 'function add(a: number, b: number): number {\n  return a + b;\n}', lf(ORIGINAL), REWRITTEN],
  ['fenced with a language tag', '```ts\nfunction add(a: number, b: number): number {\n  return a + b;\n}\n```', lf(ORIGINAL), REWRITTEN],
  ['fenced without a tag', '```\nfunction add(a: number, b: number): number {\n  return a + b;\n}\n```\n', lf(ORIGINAL), REWRITTEN],
  ['prose before and after the fence', "Here's the typed version:\n\n```typescript\nfunction add(a: number, b: number): number {\n  return a + b;\n}\n```\n\nI added types to both parameters.", lf(ORIGINAL), REWRITTEN],
  ['several fences: the longest is the code', 'Change:\n```ts\nfunction add(a: number, b: number): number {\n  return a + b;\n}\n```\nUsage:\n```ts\nadd(1, 2);\n```', lf(ORIGINAL), REWRITTEN],
  ['tilde fence', '~~~js\nfunction add(a: number, b: number): number {\n  return a + b;\n}\n~~~', lf(ORIGINAL), REWRITTEN],
  ['four-backtick fence holding a triple-backtick string', '````md\nconst s = `\n```\n`;\n````', lf('const s = 1;'), 'const s = `\n```\n`;'],
  ['think block first', '<think>They want types. Numbers.</think>\n\nfunction add(a: number, b: number): number {\n  return a + b;\n}', lf(ORIGINAL), REWRITTEN],
  ['think block then fence', '<think>\nplan\n</think>\n```ts\nfunction add(a: number, b: number): number {\n  return a + b;\n}\n```', lf(ORIGINAL), REWRITTEN],
  ['lone closing think tag', 'reasoning text</think>\nfunction add(a: number, b: number): number {\n  return a + b;\n}', lf(ORIGINAL), REWRITTEN],
  ['CRLF document keeps CRLF', 'function b() {\n  return 3;\n}', crlf('function b() {\r\n  return 2;\r\n}\r\n'), 'function b() {\r\n  return 3;\r\n}\r\n'],
  ['CRLF reply into an LF document', 'x = 1\r\ny = 2\r\n', lf('x = 0\ny = 0\n'), 'x = 1\ny = 2\n'],
  ['no trailing newline when the selection had none', 'return a * b;\n\n', lf('return a + b;'), 'return a * b;'],
  ['trailing newline added when the selection had one', 'return a * b;', lf('return a + b;\n'), 'return a * b;\n'],
  ['dedented reply re-indented to the selection', 'if (x) {\n  y();\n}', lf('    if (x) {\n      z();\n    }\n'), '    if (x) {\n      y();\n    }\n'],
  ['selection starting after the indentation', 'if (x) {\n  y();\n}', lf('if (x) {\n      z();\n    }', '    '), 'if (x) {\n      y();\n    }'],
  ['reply already indented like the selection', '    a();\n    b();', lf('    a();\n    c();\n'), '    a();\n    b();\n'],
  ['tabs in the selection, spaces in the reply', 'if (x) {\n    y();\n}', lf('\tif (x) {\n\t\tz();\n\t}\n'), '\tif (x) {\n\t\ty();\n\t}\n'],
  ['spaces in the selection, tabs in the reply', 'if x:\n\ty()', lf('  if x:\n      z()\n', '', 4), '  if x:\n      y()\n'],
  ['top-level Go keeps its tabs', 'func f() {\n\treturn\n}', lf('func f() {\n}\n'), 'func f() {\n\treturn\n}\n'],
  ['mid-line expression', '(a + b) * 2', lf('a + b', 'const x = '), '(a + b) * 2'],
  ['blank lines inside the code are kept', 'a();\n\nb();', lf('a();\nb();\n'), 'a();\n\nb();\n'],
  ['unclosed fence while streaming', '```python\ndef f():\n    return 1', lf('def f():\n    pass\n'), 'def f():\n    return 1\n'],
  ['leading blank lines dropped', '\n\n  x = 1', lf('  x = 0'), '  x = 1'],
];

describe('rewrite output cleaning', () => {
  for (const [name, reply, shape, expected] of shapes) {
    it(name, () => assert.strictEqual(JSON.stringify(cleanRewrite(reply, shape).text), JSON.stringify(expected)));
  }

  it('an empty, whitespace-only or reasoning-only reply is empty', () => {
    for (const reply of ['', '   \n\t\n', '<think>hmm</think>', '```\n```', '```ts\n\n```']) {
      assert.deepStrictEqual(cleanRewrite(reply, lf('x')), { text: '', empty: true }, JSON.stringify(reply));
    }
  });

  it('extracts no fence from code that merely mentions backticks', () => {
    assert.strictEqual(extractCode('const s = `a`;'), 'const s = `a`;');
  });
});
