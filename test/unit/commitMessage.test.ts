import * as assert from 'assert';
import { commitMessages, commitMessageText, subjectOf } from '../../src/core/prompts/commitPrompt';
import { splitDiff, summarizeDiff, untrackedFileDiff } from '../../src/core/prompts/node/diffSummary';
import { DEFAULT_CONTEXT_EXCLUDE as DEFAULT_EXCLUDED_GLOBS, matchesAnyGlob as isExcludedPath } from '../../src/core/context/contextPrivacy';
import { countTokens } from '../../src/core/tokens/node/tokenCount';

const fileDiff = (path: string, lines: string[]) =>
  [
    `diff --git a/${path} b/${path}`,
    'index 1111111..2222222 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -1,${lines.length} +1,${lines.length} @@`,
    ...lines,
    '',
  ].join('\n');

describe('commit message: diff, exclusions, prompt', () => {
  it('splits git diff output per file, with its added and removed lines', () => {
    const diff = fileDiff('src/a.ts', ['-old', '+new', '+more', ' same']) + fileDiff('docs/b.md', ['+x']);
    const files = splitDiff(diff);
    assert.deepStrictEqual(
      files.map((f) => [f.path, f.added, f.removed]),
      [
        ['src/a.ts', 2, 1],
        ['docs/b.md', 1, 0],
      ],
    );
    assert.strictEqual(files.map((f) => f.text).join(''), diff);
    assert.deepStrictEqual(splitDiff(''), []);
  });

  it('an untracked file reads as a new file, every line added', () => {
    const d = untrackedFileDiff('notes.txt', 'one\ntwo\n');
    assert.strictEqual(d.added, 2);
    assert.match(
      d.text,
      /^diff --git a\/notes\.txt b\/notes\.txt\nnew file \(untracked\)\n--- \/dev\/null\n\+\+\+ b\/notes\.txt\n@@ -0,0 \+1,2 @@\n\+one\n\+two\n$/,
    );
  });

  it('a diff that fits the budget goes whole, after the list of files', () => {
    const files = splitDiff(fileDiff('a.ts', ['+x']));
    const s = summarizeDiff(files, 1000, countTokens);
    assert.deepStrictEqual(s.cut, []);
    assert.ok(s.text.startsWith('Files changed:\n  a.ts (+1 -0)\n'));
    assert.ok(s.text.endsWith(files[0].text));
  });

  it('a large diff is cut to the budget: every file still named, small files whole, the big one cut at a line with a note', () => {
    const big = Array.from({ length: 3000 }, (_, i) => `+const generated${i} = ${i * 7919} // filler line ${i}`);
    const files = splitDiff(fileDiff('src/small.ts', ['-a', '+b']) + fileDiff('dist/huge.js', big) + fileDiff('README.md', ['+Docs.']));
    const budget = 2000;
    const s = summarizeDiff(files, budget, countTokens);
    assert.ok(countTokens(s.text) <= budget, `${countTokens(s.text)} tokens within ${budget}`);
    assert.deepStrictEqual(s.cut, ['dist/huge.js']);
    for (const name of ['src/small.ts (+1 -1)', 'dist/huge.js (+3000 -0)', 'README.md (+1 -0)']) assert.ok(s.text.includes(name), name);
    assert.ok(s.text.includes(files[0].text), 'the small file is whole');
    assert.ok(s.text.includes(files[2].text), 'the README is whole');
    assert.match(s.text, /\+const generated0 = 0/);
    assert.match(s.text, /… \d+ more lines of the diff of dist\/huge\.js left out to fit the context budget/);
    assert.ok(s.text.indexOf('src/small.ts\n') < s.text.indexOf('dist/huge.js\n'), "git's order is kept");
  });

  it('credentials never go: .env*, *.pem, *.key and id_rsa* at any depth; other files do', () => {
    for (const p of ['.env', '.env.local', 'config/.env.production', 'certs/server.pem', 'a/b/tls.key', 'id_rsa', 'home/.ssh/id_rsa.pub']) {
      assert.ok(isExcludedPath(p, DEFAULT_EXCLUDED_GLOBS), p);
    }
    for (const p of ['src/env.ts', 'keyboard.ts', 'docs/pem.md', 'src/.environment/x.ts'.replace('.environment', 'environment')]) {
      assert.ok(!isExcludedPath(p, DEFAULT_EXCLUDED_GLOBS), p);
    }
    assert.ok(isExcludedPath('secrets/prod/db.json', ['secrets/**']));
    assert.ok(!isExcludedPath('src/secrets.ts', ['secrets/**']));
  });

  it('the prompt carries the recent subjects, the draft and the diff; the system prompt asks for the message only', () => {
    const [system, user] = commitMessages({
      diff: 'DIFF',
      recentSubjects: ['feat(ui): add a button', 'fix: typo'],
      staged: true,
      draft: 'mention issue 12\n',
      note: '1 changed files are not shown.',
    });
    assert.strictEqual(system.role, 'system');
    assert.match(system.content, /commit message only/);
    assert.match(user.content, /recent commit subjects[\s\S]*- feat\(ui\): add a button\n- fix: typo/);
    assert.match(user.content, /author's own notes[^\n]*\nmention issue 12\n/);
    assert.match(user.content, /1 changed files are not shown\./);
    assert.match(user.content, /these staged changes:\n\nDIFF$/);
    const none = commitMessages({ diff: 'D', recentSubjects: [], staged: false });
    assert.doesNotMatch(none[1].content, /recent commit subjects|notes/);
    assert.match(none[1].content, /nothing is staged/);
  });

  it('a fence around the reply, finished or still streaming, is not part of the message', () => {
    assert.strictEqual(commitMessageText('```\nfeat: add x\n\nBody.\n```'), 'feat: add x\n\nBody.');
    assert.strictEqual(commitMessageText('```text\nfeat: add'), 'feat: add');
    assert.strictEqual(commitMessageText('``'), '``');
    assert.strictEqual(commitMessageText('\n\nfix: y\n'), 'fix: y');
    assert.strictEqual(subjectOf('feat: a\n\nbody'), 'feat: a');
  });
});
