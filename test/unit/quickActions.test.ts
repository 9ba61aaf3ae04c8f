import * as assert from 'assert';
import { allActions, BUILTIN_ACTIONS, chatActionPrompt, parseActions, rewriteActionInstruction } from '../../src/core/prompts/actions';
import { parsePromptFile, promptFileAction } from '../../src/core/prompts/promptFile';
import type { CodeContext } from '../../src/core/prompts/prompts';
import { terminalExplainPrompt, tailOf } from '../../src/core/prompts/terminalPrompt';

const ctx: CodeContext = {
  language: 'typescript',
  path: 'src/math.ts',
  code: 'return a + b;',
  before: 'function add(a, b) {',
  after: '}',
  note: '',
};

describe('quick actions and prompt files', () => {
  it('the built-ins are Add documentation, Write tests, Find bugs and Simplify, each with a command id', () => {
    assert.deepStrictEqual(
      BUILTIN_ACTIONS.map((a) => [a.name, a.target, a.id]),
      [
        ['Add documentation', 'rewrite', 'addDocumentation'],
        ['Write tests', 'chat', 'writeTests'],
        ['Find bugs', 'chat', 'findBugs'],
        ['Simplify', 'rewrite', 'simplify'],
      ],
    );
  });

  it('parley.actions: good entries kept (chat by default), bad ones reported by position', () => {
    const { actions, problems } = parseActions([
      { name: 'Explain simply', prompt: 'Explain {{code}} to a beginner' },
      { name: 'To async', prompt: 'Make it async', target: 'rewrite', description: 'await everything' },
      { name: '', prompt: 'x' },
      { name: 'Bad target', prompt: 'x', target: 'terminal' },
      'not an object',
    ]);
    assert.deepStrictEqual(
      actions.map((a) => [a.name, a.target, a.source, a.description]),
      [
        ['Explain simply', 'chat', 'setting', undefined],
        ['To async', 'rewrite', 'setting', 'await everything'],
      ],
    );
    assert.deepStrictEqual(
      problems.map((p) => p.slice(0, 19)),
      ['parley.actions[2] n', 'parley.actions[3] (', 'parley.actions[4] n'],
    );
    assert.deepStrictEqual(parseActions(undefined), { actions: [], problems: [] });
  });

  it('the list: yours first, then prompt files, then the built-ins; yours replaces a built-in of the same name', () => {
    const user = parseActions([{ name: 'find bugs', prompt: 'My own bug hunt: {{code}}' }]).actions;
    const file = promptFileAction(parsePromptFile('review.prompt.md', 'Review this.'))!;
    const names = allActions(user, [file]).map((a) => `${a.source}:${a.name}`);
    assert.deepStrictEqual(names, [
      'setting:find bugs',
      'promptFile:review',
      'builtin:Add documentation',
      'builtin:Write tests',
      'builtin:Simplify',
    ]);
  });

  it("a chat action fills the Explain placeholders and VS Code's prompt-file variables; a prompt without the code gets it appended", () => {
    const [one] = parseActions([{ name: 'a', prompt: 'Explain {{language}} in {{path}}:\n{{code}}\nafter: {{after}}' }]).actions;
    assert.strictEqual(chatActionPrompt(one, ctx), 'Explain typescript in src/math.ts:\nreturn a + b;\nafter: }');
    const file = promptFileAction(parsePromptFile('x.prompt.md', 'Is ${selection} in ${fileBasename} safe?'))!;
    assert.strictEqual(chatActionPrompt(file, ctx), 'Is return a + b; in math.ts safe?');
    const bare = promptFileAction(parsePromptFile('y.prompt.md', 'Review for security issues.'))!;
    assert.strictEqual(
      chatActionPrompt(bare, ctx),
      'Review for security issues.\n\nThe code (`src/math.ts`):\n```typescript\nreturn a + b;\n```',
    );
  });

  it('a rewrite action becomes an instruction that names the code rather than repeating it', () => {
    const [a] = parseActions([
      { name: 'r', prompt: 'Convert {{code}} in {{path}} to {{language}} strict mode', target: 'rewrite' },
    ]).actions;
    assert.strictEqual(rewriteActionInstruction(a, ctx), 'Convert the code in src/math.ts to typescript strict mode');
  });

  it('prompt files: front matter description and mode read, quotes and CRLF handled, body is the prompt; mode edit rewrites', () => {
    const f = parsePromptFile(
      'explain-errors.prompt.md',
      '---\r\ndescription: "Explain the error handling"\r\nmode: ask\r\ntools: [\'codebase\']\r\n---\r\nHow are errors handled in ${selection}?\r\n',
    );
    assert.deepStrictEqual(f, {
      name: 'explain-errors',
      description: 'Explain the error handling',
      mode: 'ask',
      body: 'How are errors handled in ${selection}?',
    });
    assert.strictEqual(promptFileAction(f)?.target, 'chat');
    assert.strictEqual(promptFileAction(parsePromptFile('e.prompt.md', '---\nmode: edit\n---\nAdd types.'))?.target, 'rewrite');
    assert.deepStrictEqual(parsePromptFile('plain.prompt.md', 'Just a prompt.\n'), {
      name: 'plain',
      description: undefined,
      mode: undefined,
      body: 'Just a prompt.',
    });
    assert.strictEqual(promptFileAction(parsePromptFile('empty.prompt.md', '---\ndescription: x\n---\n\n')), undefined);
  });

  it('terminal text goes with the shell and the folder, in a fence longer than any backticks in it; a long text keeps its end', () => {
    const { prompt, display } = terminalExplainPrompt({ text: 'npm ERR! ```weird```\nexit 1\n', shell: 'bash', cwd: '~/work/app' });
    assert.match(prompt, /\(shell: bash, working folder: ~\/work\/app\)/);
    assert.match(prompt, /````text\nnpm ERR! ```weird```\nexit 1\n````$/);
    assert.match(display, /^\*\*Explain terminal output\*\* \(shell: bash, working folder: ~\/work\/app\)/);
    const long = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    const tail = tailOf(long, 1000);
    assert.ok(tail.cut && tail.text.length <= 1000 && tail.text.endsWith('line 4999') && tail.text.startsWith('line '));
  });
});
