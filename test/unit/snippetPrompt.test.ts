import * as assert from 'assert';
import { commentSyntax, pathHeader, snippetComments, snippetContext } from '../../src/core/autocomplete/snippetPrompt';

const snippet = { path: 'src/other.ts', text: 'const a = 1;\n\nconst b = 2;' };

describe('snippet prompt', () => {
  it('writes snippets as line comments under their path, an empty line as the bare marker', () => {
    assert.strictEqual(snippetComments([snippet], 'typescript'), '// Path: src/other.ts\n// const a = 1;\n//\n// const b = 2;\n');
  });

  it('uses each language its own comment syntax', () => {
    const table: [string, string][] = [
      ['python', '# Path: p\n'],
      ['shellscript', '# Path: p\n'],
      ['sql', '-- Path: p\n'],
      ['lua', '-- Path: p\n'],
      ['clojure', '; Path: p\n'],
      ['latex', '% Path: p\n'],
      ['vb', "' Path: p\n"],
      ['rust', '// Path: p\n'],
      ['html', '<!-- Path: p -->\n'],
      ['css', '/* Path: p */\n'],
    ];
    for (const [languageId, header] of table) assert.strictEqual(pathHeader('p', languageId), header, languageId);
  });

  it('wraps a snippet in one block comment where the language has no line comment, its closers broken', () => {
    const html = snippetComments([{ path: 'a.html', text: '<p>x</p>\n<!-- note -->' }], 'html');
    assert.strictEqual(html, '<!-- Path: a.html\n<p>x</p>\n<!-- note -\u200b->\n-->\n');
    assert.strictEqual(html.split('-->').length - 1, 1, 'only the block itself closes');
  });

  it('gives an unknown language no header and no snippets rather than a wrong comment', () => {
    for (const languageId of ['json', 'plaintext', 'made-up']) {
      assert.strictEqual(commentSyntax(languageId), undefined);
      assert.strictEqual(pathHeader('x', languageId), '');
      assert.strictEqual(snippetComments([snippet], languageId), '');
      assert.deepStrictEqual(snippetContext('completions', [snippet], { path: 'x', languageId }), { header: '', inputExtra: [] });
    }
  });

  it('puts the snippets then the path at the top for prompt kinds, and in input_extra for /infill', () => {
    const current = { path: 'src/file.ts', languageId: 'typescript' };
    for (const kind of ['completions', 'fimPrompt', 'chat'] as const) {
      const { header, inputExtra } = snippetContext(kind, [snippet], current);
      assert.ok(header.startsWith('// Path: src/other.ts\n') && header.endsWith('// const b = 2;\n// Path: src/file.ts\n'), kind);
      assert.deepStrictEqual(inputExtra, []);
    }
    assert.deepStrictEqual(snippetContext('infill', [snippet], current), {
      header: '',
      inputExtra: [{ filename: 'src/other.ts', text: 'const a = 1;\n\nconst b = 2;\n' }],
    });
    assert.strictEqual(snippetContext('completions', [], current).header, '// Path: src/file.ts\n');
  });
});
