/**
 * "Generate here": code written at the cursor rather than over a selection. Where it goes, how
 * far it is indented, and what the model is asked.
 */
import { fillTemplate, type CodeContext } from './prompts';

export const DEFAULT_GENERATE_TEMPLATE = [
  'Write {{language}} code for `{{path}}` following this instruction: {{instruction}}',
  '',
  'Reply with the code to insert only: no explanation, no Markdown fence, no text before or after.',
  'It goes where the marker is; match the surrounding style and do not repeat the surrounding code.',
  '',
  '{{before}}',
  '/* … insert here … */',
  '{{after}}',
].join('\n');

export function generatePrompt(ctx: CodeContext, instruction: string): string {
  // The marker goes on a line of its own between the code before and after it.
  const before = ctx.before.replace(/\r?\n$/, '');
  const after = ctx.after.replace(/^\r?\n/, '');
  return fillTemplate(DEFAULT_GENERATE_TEMPLATE, {
    language: ctx.language,
    path: ctx.path,
    before,
    after,
    instruction,
    note: ctx.note ?? '',
  });
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** A line that opens a block the next line sits in: `{`, `(`, `[`, `:` (Python), `=>`, `do`, `then`. */
function opensBlock(line: string): boolean {
  return /(?:[{([:]|=>|\bdo|\bthen)\s*(?:\/\/.*|#.*)?$/.test(line.trimEnd());
}

/** A line that closes a block: its content sits one level deeper than it. */
function closesBlock(line: string): boolean {
  return /^\s*(?:[}\])]|end\b|<\/)/.test(line);
}

/**
 * The indentation for code written on a blank line between `previous` and `next` (the nearest
 * non-blank lines, undefined at the file's ends): one level into a block the previous line
 * opens or the next line closes, else level with the code around.
 */
export function indentBetween(previous: string | undefined, next: string | undefined, unit: string): string {
  const fromPrevious = previous === undefined ? undefined : indentOf(previous) + (opensBlock(previous) ? unit : '');
  const fromNext = next === undefined ? undefined : indentOf(next) + (closesBlock(next) ? unit : '');
  const candidates = [fromPrevious, fromNext].filter((c): c is string => c !== undefined);
  if (!candidates.length) return '';
  // The deeper of the two: code after `{` and before `}` both say "inside".
  return candidates.reduce((a, b) => (b.replace(/\t/g, '    ').length > a.replace(/\t/g, '    ').length ? b : a));
}

export const GENERATE_SYSTEM_PROMPT = 'You are a careful programmer. You output only the code to insert at the marked place.';
