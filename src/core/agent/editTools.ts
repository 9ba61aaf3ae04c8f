/**
 * The `edit_file` and `create_file` tools as the model sees them, and their arguments read back.
 * Arguments are whatever JSON the model wrote: each field is checked, and a bad shape becomes
 * an error text that says what to send instead, so the model can call again.
 */
import type { ToolDefinition } from '../types';
import type { EditBlock } from './editBlocks';

export const EDIT_FILE = 'edit_file';
export const CREATE_FILE = 'create_file';

const pathProperty = { type: 'string', description: "The file's path, relative to the workspace folder." };

export const editFileTool: ToolDefinition = {
  name: EDIT_FILE,
  description:
    'Change an existing file with search-and-replace blocks. Each search text must be copied exactly from the file ' +
    '(whitespace and indentation included) and occur in it exactly once; include a few lines around the change to make it ' +
    'unique. Blocks apply in order, each to the text the ones before it left. If any block does not match, none is applied ' +
    'and the error says which: fix it and send all the blocks again. The user reviews the change. For a new file use create_file.',
  parameters: {
    type: 'object',
    properties: {
      path: pathProperty,
      blocks: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            search: { type: 'string', description: 'The text to replace, exactly as it is in the file; not empty.' },
            replace: { type: 'string', description: 'The text to put in its place ("" deletes it).' },
          },
          required: ['search', 'replace'],
          additionalProperties: false,
        },
      },
    },
    required: ['path', 'blocks'],
    additionalProperties: false,
  },
};

export const createFileTool: ToolDefinition = {
  name: CREATE_FILE,
  description: 'Create a new file with the given content. An existing file is never replaced: change it with edit_file.',
  parameters: {
    type: 'object',
    properties: { path: pathProperty, content: { type: 'string', description: "The new file's whole text." } },
    required: ['path', 'content'],
    additionalProperties: false,
  },
};

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export interface EditFileArgs {
  path: string;
  blocks: EditBlock[];
}

export interface CreateFileArgs {
  path: string;
  content: string;
}

export function readEditFileArgs(args: unknown): Checked<EditFileArgs> {
  if (!isObject(args)) return { ok: false, error: `${EDIT_FILE} takes a JSON object {path, blocks}, got ${kind(args)}.` };
  const problems = pathProblems(args.path);
  const blocks = args.blocks;
  if (blocks === undefined) problems.push('blocks is missing: give an array of {search, replace} objects.');
  else if (!Array.isArray(blocks)) {
    const asText = typeof blocks === 'string' ? ' (the array itself, not JSON text)' : '';
    problems.push(`blocks must be an array of {search, replace} objects${asText}, got ${kind(blocks)}.`);
  } else if (blocks.length === 0) problems.push('blocks is empty: give at least one {search, replace} object.');
  else blocks.forEach((b, i) => problems.push(...blockProblems(b, i + 1)));
  if (problems.length) return { ok: false, error: argumentsError(EDIT_FILE, problems) };
  return {
    ok: true,
    value: { path: args.path as string, blocks: (blocks as EditBlock[]).map(({ search, replace }) => ({ search, replace })) },
  };
}

export function readCreateFileArgs(args: unknown): Checked<CreateFileArgs> {
  if (!isObject(args)) return { ok: false, error: `${CREATE_FILE} takes a JSON object {path, content}, got ${kind(args)}.` };
  const problems = pathProblems(args.path);
  if (args.content === undefined) problems.push('content is missing: give the new file\'s whole text ("" for an empty file).');
  else if (typeof args.content !== 'string') problems.push(`content must be a string, got ${kind(args.content)}.`);
  if (problems.length) return { ok: false, error: argumentsError(CREATE_FILE, problems) };
  return { ok: true, value: { path: args.path as string, content: args.content as string } };
}

/** The text to write for a new file (as the model gave it), or why not: the file is there already. */
export function createdText(args: CreateFileArgs, exists: boolean): Checked<string> {
  if (exists) return { ok: false, error: `${args.path} exists already: change it with ${EDIT_FILE}, or choose another path.` };
  return { ok: true, value: args.content };
}

function pathProblems(path: unknown): string[] {
  if (path === undefined) return ["path is missing: give the file's path, relative to the workspace folder."];
  if (typeof path !== 'string') return [`path must be a string, got ${kind(path)}.`];
  if (!path.trim()) return ['path is empty.'];
  if (path.includes('\0')) return ['path has a NUL character.'];
  return [];
}

function blockProblems(block: unknown, n: number): string[] {
  if (!isObject(block)) return [`block ${n} must be an object {search, replace}, got ${kind(block)}.`];
  const problems: string[] = [];
  const { search, replace } = block;
  if (search === undefined) problems.push(`block ${n}: search is missing.`);
  else if (typeof search !== 'string') problems.push(`block ${n}: search must be a string, got ${kind(search)}.`);
  else if (search === '')
    problems.push(`block ${n}: search is empty; put the lines next to the change in search and repeat them in replace.`);
  if (replace === undefined) problems.push(`block ${n}: replace is missing (give "" to delete the search text).`);
  else if (typeof replace !== 'string') problems.push(`block ${n}: replace must be a string, got ${kind(replace)}.`);
  return problems;
}

/** At most a screenful of problems: a model that sent a hundred bad blocks learns from the first ones. */
function argumentsError(tool: string, problems: readonly string[]): string {
  const shown = problems.slice(0, 10);
  if (problems.length > shown.length) shown.push(`(and ${problems.length - shown.length} more)`);
  return `${tool} was not run; its arguments need fixing:\n- ${shown.join('\n- ')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, said the way the model can recognise what it sent. */
function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
