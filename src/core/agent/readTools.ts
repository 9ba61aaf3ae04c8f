/**
 * The agent's reading tools as the model sees them: names, what each gives and refuses, and the
 * limits they keep to (the adapters in `src/agent/tools/` run them).
 */
import type { ToolDefinition } from '../types';
import { PAGE_CHARS, PAGE_LINES } from './linePage';

export const READ_FILE = 'read_file';
export const LIST_DIRECTORY = 'list_directory';
export const FIND_FILES = 'find_files';
export const SEARCH_TEXT = 'search_text';
export const GET_PROBLEMS = 'get_problems';
export const GET_CHANGES = 'get_changes';

/** Entries in one listing. */
export const LIST_MAX = 500;
/** Paths find_files gives when the model does not say, and at most. */
export const FIND_DEFAULT = 100;
export const FIND_MAX = 500;
/** Matches, and characters of them, in one search. */
export const SEARCH_MAX_MATCHES = 200;
export const SEARCH_MAX_CHARS = 20_000;
/** Problems in one answer. */
export const PROBLEMS_MAX = 200;
/** Characters of diff in one answer. */
export const CHANGES_MAX_CHARS = 40_000;

const outside = 'Refuses paths outside the workspace and excluded files (secrets, or what the user keeps from Parley).';

const optionalPath = (what: string) => ({
  type: 'string',
  description: `The ${what}'s path, relative to the workspace folder; leave it out for the whole workspace.`,
});

export const readFileTool: ToolDefinition = {
  name: READ_FILE,
  description:
    `Read a text file of the workspace: at most ${PAGE_LINES} lines (about ${PAGE_CHARS / 1000} KB) a call, under a header ` +
    "naming the lines shown. Below the header is the file's exact text (no line numbers added): copy edit_file's search " +
    'text from it. A longer file ends with a note saying which startLine reads on. A file open in the editor is read with ' +
    `its unsaved changes. Refuses folders and binary files. ${outside}`,
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: "The file's path, relative to the workspace folder." },
      startLine: { type: 'integer', minimum: 1, description: 'The first line to read (1 is the first line); default 1.' },
      endLine: { type: 'integer', minimum: 1, description: 'The last line to read; default the end of the page.' },
    },
    required: ['path'],
    additionalProperties: false,
  },
};

export const listDirectoryTool: ToolDefinition = {
  name: LIST_DIRECTORY,
  description: `List a folder of the workspace: one entry a line, folders ending in /. At most ${LIST_MAX} entries; excluded entries are left out. ${outside}`,
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: "The folder's path, relative to the workspace folder; leave it out for the workspace folder." },
    },
    additionalProperties: false,
  },
};

export const findFilesTool: ToolDefinition = {
  name: FIND_FILES,
  description:
    'Find files whose path, relative to the workspace folder, matches a glob (`**/*.test.ts`, `src/**/index.*`; `*.ts` is only ' +
    `the top folder). Gives sorted workspace paths, at most maxResults. Leaves out what files.exclude, search.exclude and ` +
    'parley.context.exclude exclude.',
  parameters: {
    type: 'object',
    properties: {
      glob: { type: 'string', description: 'The glob, relative to the workspace folder, such as **/*.ts.' },
      maxResults: {
        type: 'integer',
        minimum: 1,
        maximum: FIND_MAX,
        description: `How many paths to give at most; default ${FIND_DEFAULT}.`,
      },
    },
    required: ['glob'],
    additionalProperties: false,
  },
};

export const searchTextTool: ToolDefinition = {
  name: SEARCH_TEXT,
  description:
    `Search the text of the workspace's files: one matching line a line, as path:line: text, at most ${SEARCH_MAX_MATCHES}. ` +
    'query is plain text unless isRegex is true (then a regular expression, as ripgrep reads it); case is ignored unless ' +
    'caseSensitive is true. Skips git-ignored, excluded and binary files.',
  parameters: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'The text, or regular expression, to find within a line.' },
      isRegex: { type: 'boolean', description: 'true: query is a regular expression. Default false.' },
      include: { type: 'string', description: 'Only files whose path matches this glob, such as **/*.ts or src/**.' },
      caseSensitive: { type: 'boolean', description: 'true: match case exactly. Default false.' },
    },
    required: ['query'],
    additionalProperties: false,
  },
};

export const getProblemsTool: ToolDefinition = {
  name: GET_PROBLEMS,
  description:
    "The errors, warnings and notes the editor's language tools report, as path:line:column severity: message (source), " +
    `for a file, a folder or the whole workspace; at most ${PROBLEMS_MAX}. Language tools often check only files open in the editor.`,
  parameters: { type: 'object', properties: { path: optionalPath('file or folder') }, additionalProperties: false },
};

export const getChangesTool: ToolDefinition = {
  name: GET_CHANGES,
  description:
    "The working tree's uncommitted changes (staged and not) against git's HEAD, as a unified diff, for a file, a folder or " +
    `the whole workspace; untracked files are named. At most about ${CHANGES_MAX_CHARS / 1000} KB; excluded files are left out.`,
  parameters: { type: 'object', properties: { path: optionalPath('file or folder') }, additionalProperties: false },
};
