import * as assert from 'assert';
import { extractCode } from '../../src/core/rewrite/rewriteAnswer';
import { namesLanguage } from '../../src/core/rewrite/rewriteLanguages';
import { cleanRewrite, type SelectionShape } from '../../src/core/rewrite/rewriteText';
import { streamingProblem, streamOneCharAtATime } from './rewriteStreaming';

const lf = (original: string, linePrefix = '', tabSize = 4, languageId?: string): SelectionShape => ({
  original,
  eol: '\n',
  linePrefix,
  tabSize,
  languageId,
});
const crlf = (original: string, linePrefix = ''): SelectionShape => ({ original, eol: '\r\n', linePrefix, tabSize: 4 });
const md = (original: string) => lf(original, '', 4, 'markdown');
const py = (original: string) => lf(original, '', 4, 'python');
const F = '```';

const ORIGINAL = 'function add(a, b) {\n  return a + b;\n}\n';
const REWRITTEN = 'function add(a: number, b: number): number {\n  return a + b;\n}\n';
const CODE = REWRITTEN.trimEnd();

type Case = [name: string, answer: string, shape: SelectionShape, expected: string];

/** Reply shapes seen from real models (after the client split off reasoning), each with the text that must land in the editor. */
const shapes: Case[] = [
  ['plain code', CODE, lf(ORIGINAL), REWRITTEN],
  ['fenced with a language tag', `${F}ts\n${CODE}\n${F}`, lf(ORIGINAL), REWRITTEN],
  ['fenced without a tag', `${F}\n${CODE}\n${F}\n`, lf(ORIGINAL), REWRITTEN],
  [
    'prose before and after the fence',
    `Here's the typed version:\n\n${F}typescript\n${CODE}\n${F}\n\nI added types to both parameters.`,
    lf(ORIGINAL),
    REWRITTEN,
  ],
  ['several fences: the longest is the code', `Change:\n${F}ts\n${CODE}\n${F}\nUsage:\n${F}ts\nadd(1, 2);\n${F}`, lf(ORIGINAL), REWRITTEN],
  [
    'several fences with only chatter around them: the longest',
    `Option one:\n${F}ts\nadd(1, 2);\n${F}\nOr the full function:\n${F}ts\n${CODE}\n${F}`,
    lf(ORIGINAL),
    REWRITTEN,
  ],
  ['tilde fence', `~~~js\n${CODE}\n~~~`, lf(ORIGINAL), REWRITTEN],
  [
    'four-backtick fence holding a triple-backtick string',
    '````md\nconst s = `\n```\n`;\n````',
    lf('const s = 1;'),
    'const s = `\n```\n`;',
  ],
  [
    'CRLF document keeps CRLF',
    'function b() {\n  return 3;\n}',
    crlf('function b() {\r\n  return 2;\r\n}\r\n'),
    'function b() {\r\n  return 3;\r\n}\r\n',
  ],
  ['CRLF reply into an LF document', 'x = 1\r\ny = 2\r\n', lf('x = 0\ny = 0\n'), 'x = 1\ny = 2\n'],
  ['no trailing newline when the selection had none', 'return a * b;\n\n', lf('return a + b;'), 'return a * b;'],
  ['trailing newline added when the selection had one', 'return a * b;', lf('return a + b;\n'), 'return a * b;\n'],
  [
    'dedented reply re-indented to the selection',
    'if (x) {\n  y();\n}',
    lf('    if (x) {\n      z();\n    }\n'),
    '    if (x) {\n      y();\n    }\n',
  ],
  [
    'selection starting after the indentation',
    'if (x) {\n  y();\n}',
    lf('if (x) {\n      z();\n    }', '    '),
    'if (x) {\n      y();\n    }',
  ],
  ['reply already indented like the selection', '    a();\n    b();', lf('    a();\n    c();\n'), '    a();\n    b();\n'],
  ['tabs in the selection, spaces in the reply', 'if (x) {\n    y();\n}', lf('\tif (x) {\n\t\tz();\n\t}\n'), '\tif (x) {\n\t\ty();\n\t}\n'],
  ['spaces in the selection, tabs in the reply', 'if x:\n\ty()', lf('  if x:\n      z()\n', '', 4), '  if x:\n      y()\n'],
  ['top-level Go keeps its tabs', 'func f() {\n\treturn\n}', lf('func f() {\n}\n'), 'func f() {\n\treturn\n}\n'],
  ['mid-line expression', '(a + b) * 2', lf('a + b', 'const x = '), '(a + b) * 2'],
  ['blank lines inside the code are kept', 'a();\n\nb();', lf('a();\nb();\n'), 'a();\n\nb();\n'],
  ['unclosed fence while streaming', `${F}python\ndef f():\n    return 1`, lf('def f():\n    pass\n'), 'def f():\n    return 1\n'],
  ['leading blank lines dropped', '\n\n  x = 1', lf('  x = 0'), '  x = 1'],
];

/** Issue 13's five repros. */
const issue13: Case[] = [
  [
    'a stray closing fence after code keeps the code (chatter after it)',
    `const x = 5;\n${F}\nexplanation:`,
    lf('const x = 4;'),
    'const x = 5;',
  ],
  ['a stray closing fence after code keeps the code (nothing after it)', `const x = 5;\n${F}`, lf('const x = 4;'), 'const x = 5;'],
  [
    'a Markdown selection with a fenced block gets exactly the reply',
    `Intro\n\n${F}sh\nnpm ci\n${F}\n`,
    md(`Intro\n\n${F}sh\nnpm i\n${F}\n`),
    `Intro\n\n${F}sh\nnpm ci\n${F}\n`,
  ],
  [
    'an info-string fence inside a same-length fence nests',
    `${F}md\nconst x = 5;\n${F}bash\nls -al\n${F}\n${F}`,
    lf('const x = 4;'),
    `const x = 5;\n${F}bash\nls -al\n${F}`,
  ],
  ['chatter without fences is dropped', 'here is\n\nconst x = 5;', lf('const x = 4;'), 'const x = 5;'],
  ['an answer with a </think> in it stays whole', 'Middle</think>Last', lf('First'), 'Middle</think>Last'],
  [
    'code containing </think> keeps everything',
    'const open = "<think>";\nconst close = "</think>";\nsplit(open, close);',
    lf('const open = "<t>";\n'),
    'const open = "<think>";\nconst close = "</think>";\nsplit(open, close);\n',
  ],
];

/** Issue 12, defect 2: indentation converts by level, in the selection's style. */
const TAB_FN = 'export function add(a, b) {\n\treturn a + b;\n}\n';
const indentation: Case[] = [
  ['2-space reply into a tab-indented file', 'export function add(a, b) {\n  return a + b;\n}', lf(TAB_FN), TAB_FN],
  ['4-space reply into a tab-indented file', 'export function add(a, b) {\n    return a + b;\n}', lf(TAB_FN), TAB_FN],
  [
    '2-space reply, deep nesting, into an indented tab selection',
    'if (a) {\n  if (b) {\n    if (c) {\n      d();\n    }\n  }\n}',
    lf('\tif (a) {\n\t\tz();\n\t}\n'),
    '\tif (a) {\n\t\tif (b) {\n\t\t\tif (c) {\n\t\t\t\td();\n\t\t\t}\n\t\t}\n\t}\n',
  ],
  [
    'tab reply into a 2-space file',
    'if (a) {\n\tif (b) {\n\t\tc();\n\t}\n}',
    lf('if (a) {\n  b();\n}\n'),
    'if (a) {\n  if (b) {\n    c();\n  }\n}\n',
  ],
  [
    'tab reply into a 4-space file',
    'def f():\n\tif a:\n\t\treturn 1',
    py('def f():\n    return 0\n'),
    'def f():\n    if a:\n        return 1\n',
  ],
  [
    'JSDoc alignment spaces stay after the tab',
    '/**\n * Adds.\n */\nfunction add(a, b) {\n  return a + b;\n}',
    lf('\tfunction add(a, b) {\n\t\treturn a + b;\n\t}\n'),
    '\t/**\n\t * Adds.\n\t */\n\tfunction add(a, b) {\n\t\treturn a + b;\n\t}\n',
  ],
  [
    'mixed: copied tab lines and new 4-space lines',
    'export function add(a, b) {\n\tconst sum = a + b;\n    return sum;\n}',
    lf(TAB_FN),
    'export function add(a, b) {\n\tconst sum = a + b;\n\treturn sum;\n}\n',
  ],
  [
    'mixed: copied tab lines and new 2-space lines',
    'export function add(a, b) {\n\tconst sum = a + b;\n  return sum;\n}',
    lf(TAB_FN),
    'export function add(a, b) {\n\tconst sum = a + b;\n\treturn sum;\n}\n',
  ],
  ['2-space reply into a single tab-indented line', 'if (a) {\n  b();\n}', lf('\treturn a;\n'), '\tif (a) {\n\t\tb();\n\t}\n'],
];

/** More reply shapes in the same classes. */
const more: Case[] = [
  // Markdown
  [
    'Markdown: two fenced blocks and prose come back exactly',
    `# Setup\n\n${F}sh\nnpm ci\n${F}\n\nThen:\n\n${F}sh\nnpm test\n${F}\n`,
    md(`# Setup\n\n${F}sh\nnpm i\n${F}\n\nThen:\n\n${F}sh\nnpm t\n${F}\n`),
    `# Setup\n\n${F}sh\nnpm ci\n${F}\n\nThen:\n\n${F}sh\nnpm test\n${F}\n`,
  ],
  [
    'Markdown: a four-backtick wrapper around fenced content is removed',
    `\`\`\`\`md\nIntro\n\n${F}sh\nnpm ci\n${F}\n\`\`\`\``,
    md(`Intro\n\n${F}sh\nnpm i\n${F}\n`),
    `Intro\n\n${F}sh\nnpm ci\n${F}\n`,
  ],
  [
    'Markdown: a same-length markdown wrapper is removed',
    `${F}markdown\nIntro\n\n${F}sh\nnpm ci\n${F}\n${F}`,
    md(`Intro\n\n${F}sh\nnpm i\n${F}\n`),
    `Intro\n\n${F}sh\nnpm ci\n${F}\n`,
  ],
  [
    'Markdown: chatter before the content is dropped, fences kept',
    `Here's the updated section:\n\nIntro\n\n${F}sh\nnpm ci\n${F}`,
    md(`Intro\n\n${F}sh\nnpm i\n${F}\n`),
    `Intro\n\n${F}sh\nnpm ci\n${F}\n`,
  ],
  ['Markdown: a selected fenced block keeps its fence', `${F}sh\nnpm ci\n${F}`, md(`${F}sh\nnpm i\n${F}\n`), `${F}sh\nnpm ci\n${F}\n`],
  ['Markdown: a tilde block selected keeps its fence', '~~~\nb\n~~~\n', md('~~~\na\n~~~\n'), '~~~\nb\n~~~\n'],
  [
    'Markdown: a wrapped paragraph is unwrapped',
    `${F}markdown\nA clearer paragraph.\n${F}`,
    md('A paragraph.\n'),
    'A clearer paragraph.\n',
  ],
  [
    'Markdown: sentences are content, not chatter',
    'Steps:\n\n1. Install it.\n2. Run the tests.\n',
    md('Steps:\n\n1. Install.\n'),
    'Steps:\n\n1. Install it.\n2. Run the tests.\n',
  ],
  // Docstrings with fenced examples
  [
    'docstring with a fenced example in the selection',
    `def f():\n    """Return one.\n\n    ${F}py\n    >>> f()\n    1\n    ${F}\n    """\n    return 1`,
    py(`def f():\n    """Return 1.\n\n    ${F}py\n    >>> f()\n    ${F}\n    """\n    return 1\n`),
    `def f():\n    """Return one.\n\n    ${F}py\n    >>> f()\n    1\n    ${F}\n    """\n    return 1\n`,
  ],
  [
    'docstring example added to a fence-free selection',
    `def f():\n    """Return one.\n\n    ${F}python\n    >>> f()\n    ${F}\n    """\n    return 1`,
    py('def f():\n    return 1\n'),
    `def f():\n    """Return one.\n\n    ${F}python\n    >>> f()\n    ${F}\n    """\n    return 1\n`,
  ],
  [
    'docstring example inside a same-length wrapper with chatter',
    `Here's the function with a docstring:\n\n${F}python\ndef f():\n    """Return one.\n\n    ${F}python\n    >>> f()\n    ${F}\n    """\n    return 1\n${F}`,
    py('def f():\n    return 1\n'),
    `def f():\n    """Return one.\n\n    ${F}python\n    >>> f()\n    ${F}\n    """\n    return 1\n`,
  ],
  [
    'JSDoc with a fenced example, wrapped',
    `${F}ts\n/**\n * Adds.\n *\n * ${F}ts\n * add(1, 2);\n * ${F}\n */\n${CODE}\n${F}`,
    lf(ORIGINAL),
    `/**\n * Adds.\n *\n * ${F}ts\n * add(1, 2);\n * ${F}\n */\n${REWRITTEN}`,
  ],
  // Nested fences
  [
    'nested: two inner blocks in a same-length wrapper',
    `${F}md\nA\n${F}sh\nls\n${F}\nB\n${F}py\nprint()\n${F}\n${F}`,
    md('A\nB\n'),
    `A\n${F}sh\nls\n${F}\nB\n${F}py\nprint()\n${F}\n`,
  ],
  [
    'nested: in a Markdown file an unclosed wrapper still nests',
    `${F}\nIntro\n${F}sh\nnpm ci\n${F}`,
    md('Intro\n'),
    `Intro\n${F}sh\nnpm ci\n${F}\n`,
  ],
  [
    'Markdown: a bare fence after prose opens a block (no stray closer in Markdown)',
    `Intro\n${F}\nnpm ci`,
    md('Intro\n'),
    `Intro\n${F}\nnpm ci\n`,
  ],
  ['nested: a tilde wrapper around a backtick block', `~~~md\nA\n${F}sh\nls\n${F}\n~~~`, md('A\n'), `A\n${F}sh\nls\n${F}\n`],
  // Prose before and after
  [
    'prose: greeting, code and a closing sentence without fences',
    `Sure! Here is the rewritten function:\n\n${CODE}\n\nI added types to both parameters.`,
    lf(ORIGINAL),
    REWRITTEN,
  ],
  [
    'prose: else: and try: are code',
    "Here's the code:\ntry:\n    x = 10\nexcept ValueError:\n    x = 0\nelse:\n    done()",
    py('try:\n    x = 1\nexcept ValueError:\n    x = 0\n'),
    'try:\n    x = 10\nexcept ValueError:\n    x = 0\nelse:\n    done()\n',
  ],
  [
    'prose: a trailing sentence after Python code',
    'for x in xs:\n    g(x)\n\nThis version calls g instead of f.',
    py('for x in xs:\n    f(x)\n'),
    'for x in xs:\n    g(x)\n',
  ],
  [
    'prose: an explanation with a list after the fence',
    `${F}ts\n${CODE}\n${F}\n\nExplanation:\n- typed a\n- typed b`,
    lf(ORIGINAL),
    REWRITTEN,
  ],
  ['prose: a stray closing fence then a sentence', `x = 1\n${F}\n\nThis sets x to one.`, py('x = 0\n'), 'x = 1\n'],
  [
    'prose: a lowercase YAML key ending the line is code',
    'note: keep\nsummary: short',
    lf('note: old\n', '', 4, 'yaml'),
    'note: keep\nsummary: short\n',
  ],
  [
    'prose: a leading comment is code',
    '# Sum of squares.\ntotal = sum(x * x for x in xs)',
    py('total = 0\n'),
    '# Sum of squares.\ntotal = sum(x * x for x in xs)\n',
  ],
  [
    'prose: a chatter-looking line from the selection stays',
    'Here is the list:\n- a\n- b',
    lf('Here is the list:\n- a\n', '', 4, 'plaintext'),
    'Here is the list:\n- a\n- b\n',
  ],
  [
    'prose: "Certainly" and a label before the fence',
    `Certainly! Below is the refactored version.\n\nUpdated code:\n${F}ts\n${CODE}\n${F}`,
    lf(ORIGINAL),
    REWRITTEN,
  ],
  // Answers containing tag-like text
  [
    'tags: JSX holding a <think> element',
    '<div>\n  <think>idea</think>\n</div>',
    lf('<div>\n  <p>idea</p>\n</div>\n'),
    '<div>\n  <think>idea</think>\n</div>\n',
  ],
  ['tags: a generic arrow function mid-line', '<T>(x: T): T => x', lf('(x) => x', 'const id = '), '<T>(x: T): T => x'],
  ['tags: XML-like answer text', '<answer>42</answer>', lf('<answer>41</answer>'), '<answer>42</answer>'],
  [
    'tags: a fenced reply whose code closes a think tag',
    `${F}ts\nconst tag = '</think>';\n${F}`,
    lf("const tag = '';"),
    "const tag = '</think>';",
  ],
];

/** Issue 27's table: replies phrased so that no chatter phrase knows them. */
const SUM = 'function sum(xs: number[]): number {\n  let total = 0;\n  for (const x of xs) total += x;\n  return total;\n}\n';
const SUM_CODE = 'function sum(xs: number[]): number {\n  return xs.reduce((total, x) => total + x, 0);\n}';
const ts = (original: string) => lf(original, '', 4, 'typescript');
const README = `## Install\n\n${F}bash\nnpm i\n${F}\n`;
const README_NEW = `## Install\n\n${F}bash\nnpm ci\n${F}`;
const BARE_README = `## Install\n\n${F}\nnpm ci\n${F}\n\nThen run the tests.`;
const issue27: Case[] = [
  ['a lead-in no phrase list knows', `Here you go\n${F}ts\n${SUM_CODE}\n${F}`, ts(SUM), `${SUM_CODE}\n`],
  ['a lead-in that says what changed', `Refactored to use reduce\n${F}ts\n${SUM_CODE}\n${F}`, ts(SUM), `${SUM_CODE}\n`],
  [
    'a lead-in with inline code and a colon',
    `\`total\` is now computed with \`reduce\`:\n${F}ts\n${SUM_CODE}\n${F}`,
    ts(SUM),
    `${SUM_CODE}\n`,
  ],
  [
    'a block, a line of prose, a second block',
    `${F}ts\n${SUM_CODE}\n${F}\nThat keeps callers working\n${F}ts\nsum([1, 2]);\n${F}`,
    ts(SUM),
    `${SUM_CODE}\n`,
  ],
  [
    'Markdown: an md wrapper holding a bash block, then a remark',
    `${F}md\n${README_NEW}\n${F}\nI only changed the command.`,
    md(README),
    `${README_NEW}\n`,
  ],
  [
    'Markdown: a "markdown README.md" wrapper whose inner block opens bare',
    `${F}markdown README.md\n${BARE_README}\n${F}`,
    md(`## Install\n\n${F}\nnpm i\n${F}\n\nThen test.\n`),
    `${BARE_README}\n`,
  ],
  [
    'a block tagged with the language wins over a longer one in another',
    `${F}diff\n-  let total = 0;\n-  for (const x of xs) total += x;\n-  return total;\n+  return xs.reduce((total, x) => total + x, 0);\n${F}\n${F}typescript\n${SUM_CODE}\n${F}`,
    ts(SUM),
    `${SUM_CODE}\n`,
  ],
  [
    'the answer, then a longer example: the block like the selection',
    `${F}ts\n${SUM_CODE}\n${F}\nFor example:\n${F}ts\nimport { strict as assert } from 'assert';\nconst values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];\nassert.equal(sum(values), 55, 'the sum of one to ten');\nconsole.log('sum of one to ten is', sum(values));\n${F}`,
    ts(SUM),
    `${SUM_CODE}\n`,
  ],
  ['no block tagged with the language: the longest', `${F}js\n${SUM_CODE}\n${F}\n${F}sh\nnpm test\n${F}`, ts(SUM), `${SUM_CODE}\n`],
  [
    "an indented fence after code is the code's own (a docstring example in a code reply)",
    `def f():\n  """One.\n\n  ${F}py\n  >>> f()\n  ${F}\n  """\n  return 1`,
    py('def f():\n  return 1\n'),
    `def f():\n  """One.\n\n  ${F}py\n  >>> f()\n  ${F}\n  """\n  return 1\n`,
  ],
  [
    'a fence indented in a list after the lead-in is still the wrapper',
    `1. Changes\n   ${F}ts\n   ${SUM_CODE.replace(/\n/g, '\n   ')}\n   ${F}`,
    ts(SUM),
    `${SUM_CODE}\n`,
  ],
  [
    'plain text: a bare fence is the wrapper',
    `Here are the notes\n${F}\nBring the slides.\n${F}\nAnything else?`,
    lf('Bring slides.\n', '', 4, 'plaintext'),
    'Bring the slides.\n',
  ],
  [
    'Markdown: a block in another language is content, the lead-in trimmed as before',
    `Here's the section:\n\n${README_NEW}`,
    md(README),
    `${README_NEW}\n`,
  ],
];

/**
 * Replies whose answer is only known at the end: a later, longer block replaces the one that
 * streamed. While streaming, they are still checked for partial fences.
 */
const REPLACES_WHAT_STREAMED = new Set(['several fences with only chatter around them: the longest']);

describe('rewrite output cleaning', () => {
  for (const [group, cases] of [
    ['reply shapes', shapes],
    ['issue 13', issue13],
    ['indentation by level', indentation],
    ['more shapes', more],
    ['issue 27', issue27],
  ] as const) {
    describe(group, () => {
      for (const [name, answer, shape, expected] of cases) {
        it(name, () => assert.strictEqual(JSON.stringify(cleanRewrite(answer, shape).text), JSON.stringify(expected)));
        it(`${name} (one character at a time)`, () => {
          const { partials, final } = streamOneCharAtATime(answer, shape);
          assert.strictEqual(JSON.stringify(final), JSON.stringify(expected));
          const problem = streamingProblem(partials, final, !REPLACES_WHAT_STREAMED.has(name));
          assert.strictEqual(problem, undefined);
        });
      }
    });
  }

  it('an empty, whitespace-only, fence-only or chatter-only reply is empty', () => {
    for (const reply of ['', '   \n\t\n', '```\n```', '```ts\n\n```', "Sure! Here's the code:\n\n", 'I could not rewrite this.']) {
      assert.deepStrictEqual(cleanRewrite(reply, lf('x')), { text: '', empty: true }, JSON.stringify(reply));
    }
  });

  it('extracts no fence from code that merely mentions backticks', () => {
    assert.strictEqual(extractCode('const s = `a`;'), 'const s = `a`;');
  });

  it('while streaming, a partial fence or an undecided line waits; a line in an open block streams', () => {
    const shape = lf('const x = 1;\n');
    assert.strictEqual(cleanRewrite('const x = 2;\n`', shape, { partial: true }).text, 'const x = 2;\n');
    assert.strictEqual(cleanRewrite('const x = 2;\n``', shape, { partial: true }).text, 'const x = 2;\n');
    assert.strictEqual(cleanRewrite('```ts\nconst x = 2;\n``', shape, { partial: true }).text, 'const x = 2;\n');
    assert.strictEqual(cleanRewrite('Her', shape, { partial: true }).empty, true, 'could still be chatter');
    assert.strictEqual(cleanRewrite('```ts\nconst x = 2', shape, { partial: true }).text, 'const x = 2\n', 'code in an open block streams');
    assert.strictEqual(cleanRewrite('const x = 2;\n`', shape).text, 'const x = 2;\n`\n', 'at the end, what came is what is');
  });

  describe('while streaming, nothing shows that the final text will not hold', () => {
    const partial = (reply: string, shape: SelectionShape) => cleanRewrite(reply, shape, { partial: true }).text;

    it('a lead-in waits for its fence, then only the block streams', () => {
      assert.strictEqual(partial('Refactored to use reduce\n', ts(SUM)), '');
      assert.strictEqual(partial('Refactored to use reduce\n\n', ts(SUM)), '');
      assert.strictEqual(partial(`Refactored to use reduce\n${F}ts\nfunction sum(`, ts(SUM)), 'function sum(\n');
    });

    it('code without fences streams from its first line that can only be code', () => {
      assert.strictEqual(partial('def total(xs):\n', py('def total(xs):\n    return 0\n')), 'def total(xs):\n');
      assert.strictEqual(partial('import os\n', py('import sys\n')), '', '"import os" could be a lead-in still');
      assert.strictEqual(partial('import os\nos.getcwd()\n', py('import sys\n')), 'import os\nos.getcwd()\n');
    });

    it('a block in another language waits (a command to run first); alone, it is the answer at the end', () => {
      const reply = `Install it first:\n${F}bash\nnpm i lodash\n${F}\n`;
      assert.strictEqual(partial(reply, ts(SUM)), '');
      assert.strictEqual(partial(`${reply}${F}ts\n${SUM_CODE}\n`, ts(SUM)), `${SUM_CODE}\n`);
      assert.strictEqual(cleanRewrite(reply, ts(SUM)).text, 'npm i lodash\n');
    });

    it('Markdown without fences waits while it could still be a lead-in, then streams', () => {
      const doc = md('Old.\n');
      assert.strictEqual(partial('First line of the section.\n', doc), '');
      const long = Array.from({ length: 9 }, (_, i) => `Line ${i + 1}.`).join('\n') + '\n';
      assert.strictEqual(partial(long, doc), long);
    });

    it('a Markdown wrapper closed by a bare fence shows its content while that fence may yet open an inner block', () => {
      const shape = md(`## Install\n\n${F}\nnpm i\n${F}\n`);
      assert.strictEqual(partial(`Here you go\n${F}markdown\n## Install\n\n${F}\nnpm ci\n`, shape), '## Install\n');
    });
  });

  it("an info string names the file's language by its first word, in the words models use", () => {
    const names: [string, string][] = [
      ['typescript', 'ts'],
      ['typescript', 'tsx'],
      ['typescript', 'ts title="sum.ts"'],
      ['typescriptreact', 'tsx'],
      ['python', 'py'],
      ['python', 'Python'],
      ['javascript', 'js'],
      ['javascript', 'jsx'],
      ['go', 'golang'],
      ['rust', 'rs'],
      ['shellscript', 'sh'],
      ['shellscript', 'bash'],
      ['shellscript', 'zsh'],
      ['yaml', 'yml'],
      ['markdown', 'md'],
      ['markdown', 'markdown README.md'],
      ['csharp', 'cs'],
      ['csharp', 'c#'],
      ['cpp', 'c++'],
      ['plaintext', ''],
      ['plaintext', 'text'],
      ['ruby', 'ruby'],
    ];
    for (const [id, info] of names) assert.ok(namesLanguage(info, id), `${info} names ${id}`);
    const others: [string | undefined, string][] = [
      ['typescript', 'js'],
      ['python', 'bash'],
      ['markdown', ''],
      ['go', 'gold'],
      [undefined, 'ts'],
      ['typescript', ''],
    ];
    for (const [id, info] of others) assert.ok(!namesLanguage(info, id), `${info} does not name ${id}`);
  });
});
