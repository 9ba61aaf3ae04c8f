import * as assert from 'assert';
import { maskSecrets } from '../../src/core/context/maskSecrets';
import { cleanRewrite, rewriteToShow } from '../../src/core/rewrite/rewriteText';
import { indentBetween } from '../../src/core/prompts/generateHere';
import { explainProblemPrompt, fixInstruction } from '../../src/core/prompts/problemPrompts';

describe('generate here: the indentation at the cursor', () => {
  const cases: [string, string | undefined, string | undefined, string][] = [
    ['inside a block just opened', 'function f() {', '}', '  '],
    ['after a statement, before the closing brace', '  return 1;', '}', '  '],
    ['between two top-level functions', '}', 'function g() {}', ''],
    ['after a Python def', '\tdef f(self):', undefined, '\t\t'],
    ['at the start of a file', undefined, 'const x = 1;', ''],
    ['in an empty file', undefined, undefined, ''],
  ];
  for (const [name, previous, next, expected] of cases) {
    it(name, () => assert.strictEqual(indentBetween(previous, next, previous?.startsWith('\t') ? '\t' : '  '), expected));
  }
});

describe('problem prompts', () => {
  const problems = [
    { line: 3, message: "Type 'string' is not assignable to type 'number'.", severity: 'error' as const, source: 'ts', code: '2322' },
  ];
  it('the fix instruction carries each diagnostic word for word, with its line and origin', () => {
    assert.strictEqual(
      fixInstruction(problems),
      "Fix these problems reported by the editor, changing nothing else:\n- line 3, error (ts 2322): Type 'string' is not assignable to type 'number'.",
    );
  });
  it('the explanation request fences the code with a fence longer than any inside it', () => {
    const prompt = explainProblemPrompt(problems, { language: 'md', path: 'a.md', firstLine: 2, text: 'x ```` y' });
    assert.match(prompt, /`````md\nx ```` y\n`````$/);
    assert.match(prompt, /not assignable/);
  });
});

describe('generate here: cleaning a reply for the cursor', () => {
  it("indents to the cursor in the editor's unit, whatever the reply used; the first line leaves the indentation to the lead", () => {
    const reply = '```js\nif (!name) {\n    return 1;\n}\nreturn 2;\n```';
    const spaces = cleanRewrite(reply, { original: '', eol: '\n', linePrefix: '  ', tabSize: 2, indentUnit: '  ' });
    assert.strictEqual(spaces.text, 'if (!name) {\n    return 1;\n  }\n  return 2;');
    const tabs = cleanRewrite(reply, { original: '', eol: '\r\n', linePrefix: '\t', tabSize: 4, indentUnit: '\t' });
    assert.strictEqual(tabs.text, 'if (!name) {\r\n\t\treturn 1;\r\n\t}\r\n\treturn 2;');
  });

  it('code generated at the cursor follows its lead (line break, indentation); a reply with no code shows nothing, lead and all', () => {
    const shape = { original: '', eol: '\n' as const, linePrefix: '', tabSize: 2, indentUnit: '  ' };
    const insertion = { lead: '\n  ', indent: '  ' };
    const shown = rewriteToShow('```js\nlog(x);\nreturn x;\n```', shape, { maskedSecrets: [], insertion });
    assert.deepStrictEqual(shown, { text: '\n  log(x);\n  return x;', empty: false });
    assert.deepStrictEqual(rewriteToShow('Sure!', shape, { maskedSecrets: [], insertion }), { text: '', empty: true });
  });

  it('a rewrite of a selection gets back the secrets masked in its prompt', () => {
    const original = 'KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz012345"\nprint(KEY)\n';
    const masked = maskSecrets(original);
    const reply = '```python\n' + masked.text.replace('print(KEY)', 'log(KEY)') + '```';
    const shown = rewriteToShow(
      reply,
      { original, eol: '\n', linePrefix: '', tabSize: 4, languageId: 'python' },
      { maskedSecrets: masked.secrets },
    );
    assert.strictEqual(shown.text, original.replace('print(KEY)', 'log(KEY)'));
  });
});
