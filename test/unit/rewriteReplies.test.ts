/**
 * Generated rewrite replies (issue 27): the prose models put around a fenced answer, in many
 * phrasings and languages, crossed with file languages and reply shapes. Whatever the prose
 * says, the file gets exactly the code, and while the reply streams nothing shows that the
 * final text will not hold.
 */
import * as assert from 'assert';
import { cleanRewrite, type SelectionShape } from '../../src/core/rewrite/rewriteText';
import { streamingProblem, streamOneCharAtATime } from './rewriteStreaming';

const F = '```';

/** Lead-ins: with and without a colon, inline code, lists, headings, other languages, one word, paragraphs. */
const LEAD_INS = [
  'Here you go',
  'Here you go:',
  'Refactored to use reduce',
  'Refactored to use `reduce`:',
  '`total` is now computed with `reduce`:',
  "Sure! Here's the updated code:",
  'Certainly.',
  'Done.',
  'Updated',
  'Voici le code :',
  'Voici la version réécrite, plus concise :',
  'Hier ist der Code:',
  'Hier ist die überarbeitete Version:',
  'Aquí está el código actualizado:',
  'Ecco il codice aggiornato:',
  'Aqui está o código refatorado:',
  'Вот исправленный код:',
  '这是修改后的代码：',
  '以下が修正版です。',
  '수정된 코드입니다:',
  '1. Changes\n- Replaced the loop with `reduce`\n- Removed the mutable accumulator\n\n2. Code',
  '### Refactored version',
  '**Updated code:**',
  '## Result',
  'The rewritten version replaces the explicit loop with a single fold, which keeps the behaviour identical for empty input, avoids the mutable accumulator, and reads more naturally to anyone used to a functional style. I also kept the signature unchanged so existing callers are not affected.',
  'I looked at the function and the loop can be expressed more directly.\n\nBelow is the simplified version, with the same name and signature:',
  'Simplified',
  'OK',
  'Got it — here is the shorter version',
  'As requested, the loop is gone',
  'Shorter and clearer:',
  'With reduce instead of a manual loop:',
  'This should do it',
  'Try this',
  "Here's a cleaner implementation using `Array.prototype.reduce()`.",
  "I've rewritten it as requested.",
  'Rewritten:',
  'Rewrite',
  'Result:',
  'Modified version (behaviour unchanged):',
  'Changes: loop replaced by a fold; names kept.',
  'No problem! It now uses reduce.',
  'Absolutely, here it is',
  'Of course:',
  'Good idea. Here is the result',
  'Replaced the `for` loop with `reduce` (same result, less code)',
  'Use this version',
  'Final version',
  'Here is the refactored `sum` with the same signature',
  'Below, the updated snippet',
  'In short: same behaviour, fewer lines.',
  "Let's simplify it:",
  'We can drop the accumulator entirely',
  'Step 1: remove the loop. Step 2: return the fold.',
  'Note that the return type is unchanged',
  'Cleaner:',
  'Output',
  'Answer:',
  '→ refactored',
  '✅ Refactored',
  '> Refactored with reduce',
  'Refactored to use reduce!',
  'the loop is now a reduce',
  'Here is the code, as asked, with nothing else changed',
  'Réécrit avec `reduce`.',
  'Mit `reduce` umgeschrieben',
  'Changes made:\n\n- shorter\n- no mutation\n\nCode:',
];

/** Trailing remarks, in as many ways. */
const REMARKS = [
  'Hope this helps!',
  'Let me know if you want any other changes.',
  'This uses `reduce` to add the numbers.',
  'Explanation:\n- The loop is replaced with a fold.\n- `0` is the starting value, so empty input still works.',
  'Note: behaviour is unchanged for empty input.',
  'Cette version est plus courte.',
  'Diese Version ist kürzer und klarer.',
  '¿Quieres que añada pruebas?',
  '以上です。',
  'Done',
  'Changes made:\n1. Removed the accumulator\n2. Returned the fold directly',
  'The function is now a one-liner, which is easier to read and to test. It also avoids the mutable variable, so there is less room for mistakes.',
  'Tested with an empty list and with negative numbers.',
  'If you prefer the explicit loop, keep the original.',
  '`sum([])` still returns `0`.',
  'Complexity stays linear.',
  '**Why:** shorter, no mutation.',
  '---\nWritten for your project.',
  'Key changes',
  'Summary: loop → reduce',
  'Same signature, same result',
  'Feel free to rename the variables.',
  "That's it!",
  'Enjoy',
  'I kept the comments as they were.',
  'Alternatively, you could use a library helper, but that adds a dependency.',
  'Voilà !',
  'Fertig.',
  'Any questions? Just ask',
  '(No other changes.)',
  '1. Shorter\n2. Pure\n3. Same output',
  '> Tip: run the tests after applying.',
];

interface Language {
  id: string;
  /** The selection, with its trailing newline. */
  original: string;
  /** The rewritten code the reply carries: exactly what must land. */
  code: string;
  /** Info strings models tag the block with, used in turn. */
  infos: string[];
  /** A second, shorter block models add after the answer (usage, an alternative). */
  extra: string;
}

const LANGUAGES: Language[] = [
  {
    id: 'typescript',
    original: 'function sum(xs: number[]): number {\n  let total = 0;\n  for (const x of xs) total += x;\n  return total;\n}\n',
    code: 'function sum(xs: number[]): number {\n  return xs.reduce((total, x) => total + x, 0);\n}',
    infos: ['ts', 'typescript', 'ts title="sum.ts"', 'tsx'],
    extra: 'sum([1, 2, 3]); // 6',
  },
  {
    id: 'python',
    original: 'def total(xs):\n    t = 0\n    for x in xs:\n        t += x\n    return t\n',
    code: 'def total(xs):\n    """Sum of xs."""\n    return sum(xs)',
    infos: ['python', 'py', 'python3'],
    extra: 'print(total([1, 2]))',
  },
  {
    id: 'go',
    original: 'func Sum(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n',
    code: 'func Sum(xs []int) (t int) {\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn\n}',
    infos: ['go', 'golang'],
    extra: 'fmt.Println(Sum(xs))',
  },
  {
    id: 'rust',
    original: 'fn sum(xs: &[i32]) -> i32 {\n    let mut t = 0;\n    for x in xs {\n        t += x;\n    }\n    t\n}\n',
    code: 'fn sum(xs: &[i32]) -> i32 {\n    xs.iter().sum()\n}',
    infos: ['rust', 'rs'],
    extra: 'let s = sum(&v);',
  },
  {
    id: 'json',
    original: '{\n  "name": "demo",\n  "version": "1.0.0"\n}\n',
    code: '{\n  "name": "demo",\n  "version": "1.1.0",\n  "private": true\n}',
    infos: ['json', 'jsonc'],
    extra: '{ "private": true }',
  },
  {
    id: 'yaml',
    original: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
    code: 'on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test',
    infos: ['yaml', 'yml'],
    extra: 'on: [push]',
  },
  {
    id: 'shellscript',
    original: 'npm i\nnpm test\n',
    code: 'npm ci\nnpm test -- --reporter dot',
    infos: ['bash', 'sh', 'shell'],
    extra: 'npm ci',
  },
  {
    id: 'csharp',
    original: 'int Sum(int[] xs)\n{\n    var t = 0;\n    foreach (var x in xs) t += x;\n    return t;\n}\n',
    code: 'int Sum(int[] xs)\n{\n    return xs.Sum();\n}',
    infos: ['csharp', 'cs', 'c#'],
    extra: 'Sum(new[] { 1, 2 });',
  },
  {
    id: 'markdown',
    original: '## Install\n\nRun `npm i`.\n',
    code: '## Install\n\nRun `npm ci` in the project folder.',
    infos: ['markdown', 'md', 'markdown README.md'],
    extra: '## Install\n\nRun `npm ci`.',
  },
  {
    id: 'plaintext',
    original: 'Meeting notes\nBring the slides.\n',
    code: 'Meeting notes\nBring the slides and the demo laptop.',
    infos: ['text', 'txt', ''],
    extra: 'Bring the slides.',
  },
];

/** A reply around fenced blocks whose answer nests fences (Markdown sections, docstrings, YAML strings). */
interface Nested {
  name: string;
  id: string;
  original: string;
  /** The reply with LEAD and REMARK where the prose goes. */
  reply: string;
  code: string;
}

const SECTION = `## Install\n\n${F}bash\nnpm ci\n${F}`;
const BARE_SECTION = `## Install\n\n${F}\nnpm ci\n${F}\n\nThen run the tests.`;
const DOCSTRING = `def total(xs):\n    """Sum of xs.\n\n    ${F}python\n    >>> total([1, 2])\n    3\n    ${F}\n    """\n    return sum(xs)`;
const BARE_DOCSTRING = DOCSTRING.replace(`${F}python`, F);
const YAML_DOC = `name: docs\ndescription: |\n  Install with:\n  ${F}bash\n  npm ci\n  ${F}\nversion: 2`;
const NESTED: Nested[] = [
  {
    name: 'an md wrapper holding a bash block',
    id: 'markdown',
    original: `## Install\n\n${F}bash\nnpm i\n${F}\n`,
    reply: `LEAD\n${F}md\n${SECTION}\n${F}\nREMARK`,
    code: SECTION,
  },
  {
    name: 'a "markdown README.md" wrapper whose inner block opens bare',
    id: 'markdown',
    original: `## Install\n\n${F}\nnpm i\n${F}\n\nThen test.\n`,
    reply: `LEAD\n\n${F}markdown README.md\n${BARE_SECTION}\n${F}\n\nREMARK`,
    code: BARE_SECTION,
  },
  {
    name: 'a four-backtick wrapper holding a bash block',
    id: 'markdown',
    original: 'Install it.\n',
    reply: `LEAD\n\`\`\`\`markdown\n${SECTION}\n\`\`\`\`\nREMARK`,
    code: SECTION,
  },
  {
    name: 'a bare wrapper holding a bash block in plain text',
    id: 'plaintext',
    original: 'Install it.\n',
    reply: `LEAD\n${F}\n${SECTION}\n${F}\nREMARK`,
    code: SECTION,
  },
  {
    name: 'a python wrapper around a docstring with an example (selection without fences)',
    id: 'python',
    original: 'def total(xs):\n    return sum(xs)\n',
    reply: `LEAD\n${F}python\n${DOCSTRING}\n${F}\nREMARK`,
    code: DOCSTRING,
  },
  {
    name: 'a python wrapper around a docstring with an example (selection with one)',
    id: 'python',
    original: `def total(xs):\n    """Sum.\n\n    ${F}python\n    >>> total([1])\n    ${F}\n    """\n    t = 0\n    for x in xs:\n        t += x\n    return t\n`,
    reply: `LEAD\n\n${F}py\n${DOCSTRING}\n${F}\n\nREMARK`,
    code: DOCSTRING,
  },
  {
    name: 'a python wrapper around a docstring whose example opens bare',
    id: 'python',
    original: 'def total(xs):\n    return sum(xs)\n',
    reply: `LEAD\n${F}python\n${BARE_DOCSTRING}\n${F}\nREMARK`,
    code: BARE_DOCSTRING,
  },
  {
    name: 'a yaml wrapper around a string holding a fenced block',
    id: 'yaml',
    original: 'name: docs\nversion: 1\n',
    reply: `LEAD\n${F}yaml\n${YAML_DOC}\n${F}\nREMARK`,
    code: YAML_DOC,
  },
];

interface Generated {
  shape: string;
  language: string;
  reply: string;
  selection: SelectionShape;
  expected: string;
}

const shapeOf = (id: string, original: string): SelectionShape => ({ original, eol: '\n', linePrefix: '', tabSize: 4, languageId: id });
/** A blank line between prose and fence, or none: models do both. */
const gap = (i: number) => (i % 2 ? '\n\n' : '\n');
const block = (info: string, body: string) => `${F}${info}\n${body}\n${F}`;

function generate(): Generated[] {
  const cases: Generated[] = [];
  for (const lang of LANGUAGES) {
    const add = (shape: string, reply: string) =>
      cases.push({ shape, language: lang.id, reply, selection: shapeOf(lang.id, lang.original), expected: `${lang.code}\n` });
    const info = (i: number) => lang.infos[i % lang.infos.length];
    LEAD_INS.forEach((lead, i) => {
      const remark = REMARKS[i % REMARKS.length];
      add('lead-in + block', `${lead}${gap(i)}${block(info(i), lang.code)}`);
      add('lead-in + block + remark', `${lead}${gap(i)}${block(info(i), lang.code)}${gap(i + 1)}${remark}\n`);
      add(
        'several blocks with prose between',
        `${lead}${gap(i)}${block(info(i), lang.code)}\n${remark}\n${block(info(i), lang.extra)}\n${REMARKS[(i + 7) % REMARKS.length]}`,
      );
      if (lang.id !== 'markdown' && lang.id !== 'plaintext' && lang.id !== 'shellscript') {
        // A block in another language first (a command to run): still not the answer.
        add(
          'a shell block, then lead-in + block',
          `Install the helper first:\n${block('bash', 'npm i lodash')}\n${lead}${gap(i)}${block(info(i), lang.code)}`,
        );
      }
    });
    REMARKS.forEach((remark, i) => add('block + remark', `${block(info(i), lang.code)}${gap(i)}${remark}`));
  }
  for (const nested of NESTED) {
    LEAD_INS.forEach((lead, i) => {
      const reply = nested.reply.replace('LEAD', lead).replace('REMARK', REMARKS[i % REMARKS.length]);
      cases.push({
        shape: `nested: ${nested.name}`,
        language: nested.id,
        reply,
        selection: shapeOf(nested.id, nested.original),
        expected: `${nested.code}\n`,
      });
    });
  }
  return cases;
}

const CASES = generate();
/**
 * Streaming every case one character at a time takes ~30 s; each group streams every
 * STREAM_EVERYth case, offset by the group's place, so that every lead-in and remark is
 * streamed in several groups. `STREAM_EVERY=1 npm run test:unit` streams them all.
 */
const STREAM_EVERY = Number(process.env.STREAM_EVERY ?? 10);

function byGroup(cases: Generated[]): Map<string, Generated[]> {
  const groups = new Map<string, Generated[]>();
  for (const c of cases) {
    const name = `${c.shape} (${c.language})`;
    groups.set(name, [...(groups.get(name) ?? []), c]);
  }
  return groups;
}

describe(`rewrite replies phrased every way (${CASES.length} generated)`, () => {
  [...byGroup(CASES)].forEach(([group, cases], g) => {
    it(`${group}: the file gets exactly the code, whole and one character at a time`, () => {
      const problems: string[] = [];
      cases.forEach((c, k) => {
        const final = cleanRewrite(c.reply, c.selection).text;
        if (final !== c.expected) return problems.push(`${JSON.stringify(c.reply)} gave ${JSON.stringify(final)}`);
        if ((k + g) % STREAM_EVERY) return;
        const streamed = streamOneCharAtATime(c.reply, c.selection);
        const problem =
          streamed.final !== c.expected
            ? `streamed, gave ${JSON.stringify(streamed.final)}`
            : streamingProblem(streamed.partials, streamed.final);
        if (problem) problems.push(`${JSON.stringify(c.reply)}: ${problem}`);
      });
      assert.deepStrictEqual(problems.slice(0, 3), [], `${problems.length} of ${cases.length} replies went wrong`);
    });
  });
});
