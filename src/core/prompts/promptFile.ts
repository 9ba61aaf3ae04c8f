import type { QuickAction } from './actions';

/**
 * A prompt file as VS Code writes them (`.github/prompts/NAME.prompt.md`): an optional YAML
 * front matter between `---` lines (Parley reads `description` and `mode`), then the prompt.
 * Only flat `key: value` lines are read; other YAML (lists, nesting) is skipped, not an error.
 */
export interface PromptFile {
  name: string;
  description?: string;
  mode?: string;
  body: string;
}

export const PROMPT_FILE_SUFFIX = '.prompt.md';

export function parsePromptFile(fileName: string, text: string): PromptFile {
  const name = fileName.endsWith(PROMPT_FILE_SUFFIX) ? fileName.slice(0, -PROMPT_FILE_SUFFIX.length) : fileName;
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(clean);
  const fields: Record<string, string> = {};
  if (match) {
    for (const line of match[1].split('\n')) {
      const kv = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
      if (kv) fields[kv[1]] = unquote(kv[2].trim());
    }
  }
  const body = (match ? clean.slice(match[0].length) : clean).trim();
  return { name, description: fields.description || undefined, mode: fields.mode || undefined, body };
}

function unquote(value: string): string {
  const q = /^(['"])(.*)\1$/.exec(value);
  return q ? q[2] : value;
}

/**
 * A prompt file as an action. `mode: edit` rewrites the selection; `ask`, `agent` or none go to
 * the chat (Parley has no agent: the prompt is asked as a question). An empty body is no action.
 */
export function promptFileAction(file: PromptFile): QuickAction | undefined {
  if (!file.body) return undefined;
  return {
    name: file.name,
    prompt: file.body,
    target: file.mode === 'edit' ? 'rewrite' : 'chat',
    description: file.description,
    source: 'promptFile',
  };
}
