import { fillTemplate, type CodeContext } from './prompts';

/** Where an action's prompt goes: the chat (a question about the code) or Rewrite Selection. */
export type ActionTarget = 'chat' | 'rewrite';

export interface QuickAction {
  name: string;
  /** A template with the Explain/Rewrite placeholders, or a prompt file's body. */
  prompt: string;
  target: ActionTarget;
  description?: string;
  source: 'builtin' | 'setting' | 'promptFile';
  /** The built-in's stable id (its command is `parley.action.<id>`). */
  id?: string;
}

/** The four actions Parley brings, each also a command in the editor's "Parley" submenu. */
export const BUILTIN_ACTIONS: readonly QuickAction[] = [
  {
    id: 'addDocumentation',
    name: 'Add documentation',
    target: 'rewrite',
    source: 'builtin',
    prompt: 'Add documentation comments in the usual style for {{language}} (docstrings, JSDoc, …) to the code. Change nothing else.',
  },
  {
    id: 'writeTests',
    name: 'Write tests',
    target: 'chat',
    source: 'builtin',
    prompt:
      'Write unit tests for this {{language}} code from `{{path}}`, with the test framework the code most likely uses. Cover the edge cases.\n\n```{{language}}\n{{code}}\n```',
  },
  {
    id: 'findBugs',
    name: 'Find bugs',
    target: 'chat',
    source: 'builtin',
    prompt:
      'Find bugs in this {{language}} code from `{{path}}`: for each, the line, what goes wrong, and a fix. Say so if you find none.\n\n```{{language}}\n{{code}}\n```\n\nSurrounding code, for context only:\n```{{language}}\n{{before}}\n/* … the code to check … */\n{{after}}\n```',
  },
  {
    id: 'simplify',
    name: 'Simplify',
    target: 'rewrite',
    source: 'builtin',
    prompt: 'Simplify the code: same behaviour, fewer moving parts, clearer names where it helps.',
  },
];

/**
 * The `parley.actions` setting: entries with a name and a prompt are kept (target `chat`
 * unless it says `rewrite`); the others are reported by their position, never dropped silently.
 */
export function parseActions(value: unknown): { actions: QuickAction[]; problems: string[] } {
  const actions: QuickAction[] = [];
  const problems: string[] = [];
  (Array.isArray(value) ? value : []).forEach((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const name = typeof e.name === 'string' ? e.name.trim() : '';
    const prompt = typeof e.prompt === 'string' ? e.prompt : '';
    if (!name || !prompt.trim()) {
      problems.push(`parley.actions[${i}] needs a "name" and a "prompt".`);
      return;
    }
    if (e.target !== undefined && e.target !== 'chat' && e.target !== 'rewrite') {
      problems.push(`parley.actions[${i}] ("${name}"): "target" is "chat" or "rewrite".`);
      return;
    }
    const description = typeof e.description === 'string' ? e.description : undefined;
    actions.push({ name, prompt, target: e.target === 'rewrite' ? 'rewrite' : 'chat', description, source: 'setting' });
  });
  return { actions, problems };
}

/**
 * Every action, in the order the picker shows them: the user's own first, then prompt files,
 * then the built-ins. A user action named like a built-in replaces it.
 */
export function allActions(user: QuickAction[], promptFiles: QuickAction[]): QuickAction[] {
  const names = new Set([...user, ...promptFiles].map((a) => a.name.toLowerCase()));
  return [...user, ...promptFiles, ...BUILTIN_ACTIONS.filter((a) => !names.has(a.name.toLowerCase()))];
}

/**
 * The placeholders an action may use: Explain's (`{{language}}`, `{{path}}`, `{{code}}`,
 * `{{before}}`, `{{after}}`, `{{note}}`) and VS Code prompt files' variables for the same
 * things (`${selection}`, `${selectedText}`, `${file}`, `${fileBasename}`).
 */
function values(ctx: CodeContext): Record<string, string> {
  return { language: ctx.language, path: ctx.path, code: ctx.code, before: ctx.before, after: ctx.after, note: ctx.note ?? '' };
}

function fillVariables(text: string, ctx: CodeContext): string {
  const vars: Record<string, string> = {
    selection: ctx.code,
    selectedText: ctx.code,
    file: ctx.path,
    fileBasename: ctx.path.split('/').pop() ?? ctx.path,
  };
  return text.replace(/\$\{(\w+)\}/g, (whole, name: string) => (name in vars ? vars[name] : whole));
}

/**
 * A chat action's message. A template that never names the code (a prompt file's body often
 * does not) gets the code appended, so the question is always about the selection.
 */
export function chatActionPrompt(action: QuickAction, ctx: CodeContext): string {
  const mentionsCode = /\{\{code\}\}|\$\{(selection|selectedText)\}/.test(action.prompt);
  let text = fillVariables(fillTemplate(action.prompt, values(ctx)), ctx);
  if (!mentionsCode) text += `\n\nThe code (\`${ctx.path}\`):\n\`\`\`${ctx.language}\n${ctx.code}\n\`\`\``;
  return text.replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * A rewrite action's instruction to Rewrite Selection. Rewrite sends the code and its
 * surroundings itself, so the code placeholders are named rather than repeated.
 */
export function rewriteActionInstruction(action: QuickAction, ctx: Pick<CodeContext, 'language' | 'path'>): string {
  const named = { language: ctx.language, path: ctx.path, code: 'the code', before: '', after: '', note: '' };
  const text = fillTemplate(action.prompt, named)
    .replace(/\$\{(selection|selectedText)\}/g, 'the code')
    .replace(/\$\{file\}/g, ctx.path)
    .replace(/\$\{fileBasename\}/g, ctx.path.split('/').pop() ?? ctx.path);
  return text.replace(/\n{3,}/g, '\n\n').trim();
}
