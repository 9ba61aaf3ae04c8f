import * as assert from 'assert';
import type { Checked } from '../../src/core/agent/editTools';
import { readFindFilesArgs, readReadFileArgs, readScopeArgs, readSearchTextArgs } from '../../src/core/agent/readToolArgs';
import {
  findFilesTool,
  getChangesTool,
  getProblemsTool,
  listDirectoryTool,
  readFileTool,
  searchTextTool,
} from '../../src/core/agent/readTools';

function error<T>(checked: Checked<T>): string {
  if (checked.ok) assert.fail(`expected an error, got ${JSON.stringify(checked.value)}`);
  return checked.error;
}

describe('agent reading tools: definitions and arguments', () => {
  it('six tools with the names the issue fixes, each an object schema the model fills', () => {
    const tools = [readFileTool, listDirectoryTool, findFilesTool, searchTextTool, getProblemsTool, getChangesTool];
    assert.deepStrictEqual(
      tools.map((t) => t.name),
      ['read_file', 'list_directory', 'find_files', 'search_text', 'get_problems', 'get_changes'],
    );
    for (const t of tools) {
      assert.strictEqual(t.parameters?.type, 'object', t.name);
      assert.ok(t.description && t.description.length < 600, `${t.name}'s description is short`);
    }
    assert.match(readFileTool.description!, /exact text \(no line numbers added\)/);
  });

  it('read_file: path and an optional range; quoted numbers and nulls read as a model means them', () => {
    assert.deepStrictEqual(readReadFileArgs({ path: 'src/a.ts' }), {
      ok: true,
      value: { path: 'src/a.ts', startLine: 1, endLine: undefined },
    });
    assert.deepStrictEqual(readReadFileArgs({ path: 'a', startLine: '40', endLine: null }), {
      ok: true,
      value: { path: 'a', startLine: 40, endLine: undefined },
    });
    assert.deepStrictEqual(readReadFileArgs({ path: 'a', startLine: 3, endLine: 3 }), {
      ok: true,
      value: { path: 'a', startLine: 3, endLine: 3 },
    });
  });

  it('read_file: every wrong shape says what to send instead', () => {
    assert.strictEqual(
      error(readReadFileArgs('src/a.ts')),
      'read_file takes a JSON object {path, startLine?, endLine?}, got the string "src/a.ts".',
    );
    assert.strictEqual(error(readReadFileArgs([1])), 'read_file takes a JSON object {path, startLine?, endLine?}, got an array.');
    assert.strictEqual(
      error(readReadFileArgs({ path: 42, startLine: 0, endLine: 1.5 })),
      'read_file was not run; its arguments need fixing:\n- path must be a string, got a number.\n- startLine must be 1 or more, got 0.\n- endLine must be a whole number, got a number.',
    );
    assert.strictEqual(
      error(readReadFileArgs({})),
      'read_file was not run; its arguments need fixing:\n- path is missing: give the path, relative to the workspace folder, such as "src/index.ts".',
    );
    assert.strictEqual(
      error(readReadFileArgs({ path: 'a', startLine: 10, endLine: 3 })),
      'read_file was not run; its arguments need fixing:\n- endLine (3) is before startLine (10).',
    );
    assert.match(error(readReadFileArgs({ path: 'a', startLine: 'ten' })), /startLine must be a whole number, got the string "ten"\./);
  });

  it('list_directory, get_problems, get_changes: no arguments, {}, "" and "." are the whole workspace', () => {
    for (const args of [undefined, null, '', {}, { path: '' }, { path: '.' }, { path: null }]) {
      assert.deepStrictEqual(readScopeArgs('list_directory', args), { ok: true, value: {} }, JSON.stringify(args));
    }
    assert.deepStrictEqual(readScopeArgs('get_changes', { path: ' src ' }), { ok: true, value: { path: 'src' } });
    assert.strictEqual(
      error(readScopeArgs('get_problems', { path: ['a', 'b'] })),
      'get_problems was not run; its arguments need fixing:\n- path must be a string, got an array.',
    );
  });

  it('find_files: a relative glob, maxResults kept to 500; globs that climb out are refused', () => {
    assert.deepStrictEqual(readFindFilesArgs({ glob: './src/**/*.ts' }), { ok: true, value: { glob: 'src/**/*.ts', maxResults: 100 } });
    assert.deepStrictEqual(readFindFilesArgs({ glob: '**/*.md', maxResults: 9999 }), {
      ok: true,
      value: { glob: '**/*.md', maxResults: 500 },
    });
    const hostile = ['../**', '/etc/*', 'src/../../x', 'C:\\Windows\\*']; // repo-boundary: ignore (hostile globs, as data)
    for (const glob of hostile) {
      assert.match(error(readFindFilesArgs({ glob })), /glob must be relative to the workspace folder, with no \.\./, glob);
    }
    assert.strictEqual(
      error(readFindFilesArgs({ glob: '', maxResults: 0 })),
      'find_files was not run; its arguments need fixing:\n- glob is empty: give a glob such as "**/*.ts".\n- maxResults must be 1 or more, got 0.',
    );
  });

  it('search_text: the query as given (spaces kept), flags default to off; wrong types named', () => {
    assert.deepStrictEqual(readSearchTextArgs({ query: ' foo( ', include: '*.ts', isRegex: null }), {
      ok: true,
      value: { query: ' foo( ', isRegex: false, caseSensitive: false, include: '*.ts' },
    });
    assert.strictEqual(
      error(readSearchTextArgs({ query: 'x', isRegex: 'yes', caseSensitive: 1, include: '../*' })), // repo-boundary: ignore
      'search_text was not run; its arguments need fixing:\n- isRegex must be true or false, got the string "yes".\n' +
        '- caseSensitive must be true or false, got a number.\n' +
        '- include must be relative to the workspace folder, with no .. (such as "**/*.ts" or "src/**"), got "../*".',
    );
  });
});
