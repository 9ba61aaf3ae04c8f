import { fenceFor } from '../context/contextRender';

/** What Parley tells the model about problems (diagnostics) it is asked to fix or explain. */

export interface Problem {
  /** 1-based line. */
  line: number;
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** Who reported it (`ts`, `eslint`) and its code, when known. */
  source?: string;
  code?: string;
}

function describe(p: Problem): string {
  const origin = [p.source, p.code].filter(Boolean).join(' ');
  return `- line ${p.line}, ${p.severity}${origin ? ` (${origin})` : ''}: ${p.message}`;
}

/** The rewrite instruction for "Fix with Parley": the problems, word for word. */
export function fixInstruction(problems: readonly Problem[]): string {
  return ['Fix these problems reported by the editor, changing nothing else:', ...problems.map(describe)].join('\n');
}

/** The chat message for "Explain this problem": the problems and the code around them. */
export function explainProblemPrompt(
  problems: readonly Problem[],
  code: { language: string; path: string; firstLine: number; text: string },
): string {
  const fence = fenceFor(code.text);
  return [
    `The editor reports ${problems.length === 1 ? 'this problem' : 'these problems'} in \`${code.path}\`:`,
    ...problems.map(describe),
    '',
    'Explain what it means, why this code causes it, and how to fix it.',
    '',
    `The code (from line ${code.firstLine}):`,
    `${fence}${code.language}`,
    code.text,
    fence,
  ].join('\n');
}
