/**
 * The reading tools' arguments read back from what the model wrote: each field checked, and a bad
 * shape turned into an error that says what to send instead. Paths are only read here; whether
 * they are inside the workspace is `workspacePath.ts`'s question.
 */
import type { Checked } from './editTools';
import { FIND_DEFAULT, FIND_MAX, FIND_FILES, GET_CHANGES, GET_PROBLEMS, LIST_DIRECTORY, READ_FILE, SEARCH_TEXT } from './readTools';
import {
  argumentObject,
  argumentsError,
  optionalBoolean,
  optionalText,
  optionalWholeNumber,
  requiredText,
  textField,
  type Fields,
} from './toolArguments';

export interface ReadFileArgs {
  path: string;
  startLine: number;
  /** As asked; the page may end sooner. */
  endLine?: number;
}

export interface FindFilesArgs {
  glob: string;
  maxResults: number;
}

export interface SearchTextArgs {
  query: string;
  isRegex: boolean;
  caseSensitive: boolean;
  include?: string;
}

/** A file or folder, or undefined for the whole workspace. */
export interface ScopeArgs {
  path?: string;
}

const A_PATH = 'the path, relative to the workspace folder, such as "src/index.ts"';

export function readReadFileArgs(args: unknown): Checked<ReadFileArgs> {
  const fields = argumentObject(READ_FILE, '{path, startLine?, endLine?}', args);
  if (!fields.ok) return fields;
  const f = fields.value;
  const problems = [requiredText(f, 'path', A_PATH)];
  const start = optionalWholeNumber(f, 'startLine', 1);
  const end = optionalWholeNumber(f, 'endLine', 1);
  problems.push(start.problem, end.problem);
  if (start.value !== undefined && end.value !== undefined && end.value < start.value) {
    problems.push(`endLine (${end.value}) is before startLine (${start.value}).`);
  }
  return finish(READ_FILE, problems, () => ({ path: textField(f, 'path')!, startLine: start.value ?? 1, endLine: end.value }));
}

/** list_directory, get_problems and get_changes: an optional path ("" and "." are the workspace). */
export function readScopeArgs(tool: typeof LIST_DIRECTORY | typeof GET_PROBLEMS | typeof GET_CHANGES, args: unknown): Checked<ScopeArgs> {
  const fields = argumentObject(tool, '{path?}', args);
  if (!fields.ok) return fields;
  const problem = optionalText(fields.value, 'path');
  const path = textField(fields.value, 'path')?.trim();
  return finish(tool, [problem], () => (path && path !== '.' && path !== './' ? { path } : {}));
}

export function readFindFilesArgs(args: unknown): Checked<FindFilesArgs> {
  const fields = argumentObject(FIND_FILES, '{glob, maxResults?}', args);
  if (!fields.ok) return fields;
  const f = fields.value;
  const max = optionalWholeNumber(f, 'maxResults', 1);
  const problems = [requiredText(f, 'glob', 'a glob such as "**/*.ts"') ?? globProblem(f, 'glob'), max.problem];
  return finish(FIND_FILES, problems, () => ({
    glob: cleanGlob(textField(f, 'glob')!),
    maxResults: Math.min(max.value ?? FIND_DEFAULT, FIND_MAX),
  }));
}

export function readSearchTextArgs(args: unknown): Checked<SearchTextArgs> {
  const fields = argumentObject(SEARCH_TEXT, '{query, isRegex?, include?, caseSensitive?}', args);
  if (!fields.ok) return fields;
  const f = fields.value;
  const problems = [
    requiredText(f, 'query', 'the text to find'),
    optionalBoolean(f, 'isRegex'),
    optionalBoolean(f, 'caseSensitive'),
    optionalText(f, 'include') ?? (textField(f, 'include')?.trim() ? globProblem(f, 'include') : undefined),
  ];
  const include = textField(f, 'include')?.trim();
  return finish(SEARCH_TEXT, problems, () => ({
    query: textField(f, 'query')!,
    isRegex: f.isRegex === true,
    caseSensitive: f.caseSensitive === true,
    ...(include ? { include: cleanGlob(include) } : {}),
  }));
}

/** A glob reaches only into the workspace: no absolute start, no `..` step. */
function globProblem(fields: Fields, name: string): string | undefined {
  const glob = (fields[name] as string).trim().replace(/\\/g, '/');
  if (/^(\/|[a-z]:)/i.test(glob) || glob.split('/').includes('..')) {
    return `${name} must be relative to the workspace folder, with no .. (such as "**/*.ts" or "src/**"), got ${JSON.stringify(glob)}.`;
  }
  return undefined;
}

/** `./src/**` is `src/**`; `\` is a separator. */
function cleanGlob(glob: string): string {
  return glob
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '');
}

function finish<T>(tool: string, problems: readonly (string | undefined)[], value: () => T): Checked<T> {
  const found = problems.filter((p): p is string => p !== undefined);
  return found.length ? { ok: false, error: argumentsError(tool, found) } : { ok: true, value: value() };
}
