/** Prompt templates. Users may override them in settings; placeholders are {{name}}. */

export interface CodeContext {
  language: string;
  path: string;
  code: string;
  before: string;
  after: string;
  /** Said to the model and the user when the code was cut to fit or was not a selection. */
  note?: string;
}

export const DEFAULT_EXPLAIN_TEMPLATE = [
  'Explain what this {{language}} code from `{{path}}` does, how it works, and anything surprising or risky in it.',
  '{{note}}',
  'Code to explain:',
  '```{{language}}',
  '{{code}}',
  '```',
  '',
  'Surrounding code, for context only:',
  '```{{language}}',
  '{{before}}',
  '/* … the code to explain … */',
  '{{after}}',
  '```',
].join('\n');

export const DEFAULT_REWRITE_TEMPLATE = [
  'Rewrite the {{language}} code below from `{{path}}` following this instruction: {{instruction}}',
  '',
  'Reply with the replacement code only: no explanation, no Markdown fence, no text before or after.',
  'Keep the original indentation style and leave everything the instruction does not ask to change as it is.',
  '',
  'Surrounding code, for context only (do not repeat it):',
  '{{before}}',
  '/* … the code to rewrite … */',
  '{{after}}',
  '',
  'Code to rewrite:',
  '{{code}}',
].join('\n');

export const REWRITE_SYSTEM_PROMPT = 'You are a careful code editor. You output only code that replaces the given code exactly.';

/** Fills `{{name}}` placeholders; unknown names are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? values[name] : whole));
}

export function explainPrompt(ctx: CodeContext, template = DEFAULT_EXPLAIN_TEMPLATE): string {
  return fillTemplate(template, { ...contextValues(ctx) }).replace(/\n{3,}/g, '\n\n');
}

export function rewritePrompt(ctx: CodeContext, instruction: string, template = DEFAULT_REWRITE_TEMPLATE): string {
  return fillTemplate(template, { ...contextValues(ctx), instruction });
}

function contextValues(ctx: CodeContext): Record<string, string> {
  return { language: ctx.language, path: ctx.path, code: ctx.code, before: ctx.before, after: ctx.after, note: ctx.note ?? '' };
}
