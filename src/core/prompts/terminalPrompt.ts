import { fenceFor } from '../context/contextRender';

/** What "Explain with Parley" knows about the terminal the text came from. */
export interface TerminalText {
  text: string;
  /** The shell's name, e.g. `bash` or `pwsh`, when known. */
  shell?: string;
  /** The working folder, when known. */
  cwd?: string;
}

/** Longest terminal text sent; the end is kept, since errors and stack traces end there. */
export const MAX_TERMINAL_CHARS = 20_000;

/** Trims the text to its last `max` characters, at a line start. */
export function tailOf(text: string, max = MAX_TERMINAL_CHARS): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const tail = text.slice(-max);
  const nl = tail.indexOf('\n');
  return { text: nl >= 0 ? tail.slice(nl + 1) : tail, cut: true };
}

/** The message asking about terminal output, and what the chat shows for it. */
export function terminalExplainPrompt(t: TerminalText): { prompt: string; display: string } {
  const { text, cut } = tailOf(t.text.replace(/\r\n/g, '\n').replace(/\s+$/, ''));
  const fence = fenceFor(text);
  const where = [t.shell ? `shell: ${t.shell}` : '', t.cwd ? `working folder: ${t.cwd}` : ''].filter(Boolean).join(', ');
  const prompt = [
    'Explain this output from my terminal. If it is an error or a stack trace, say what went wrong, the likely cause, and how to fix it.',
    where ? `(${where})` : '',
    cut ? `(Only the last ${text.length} characters are shown.)` : '',
    `${fence}text\n${text}\n${fence}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const display = [`**Explain terminal output**${where ? ` (${where})` : ''}`, `${fence}text\n${text}\n${fence}`].join('\n\n');
  return { prompt, display };
}
