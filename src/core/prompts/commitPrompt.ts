import type { ChatMessage } from '../types';

export interface CommitRequest {
  /** The diff as summarised for the budget (`summarizeDiff`). */
  diff: string;
  /** The repository's latest commit subjects, newest first: the style to follow. */
  recentSubjects: string[];
  /** Whether the diff is what is staged, or every change because nothing is. */
  staged: boolean;
  /** What the user had typed in the commit box: notes the message should honour. */
  draft?: string;
  /** Files left out (excluded or cut), said to the model so it does not guess. */
  note?: string;
}

export const COMMIT_SYSTEM_PROMPT = [
  'You write git commit messages.',
  'Reply with the commit message only: no Markdown fence, no quotes, no text before or after it.',
  'A subject line of at most 72 characters in the imperative mood, then, when the change needs it, a blank line and a short body saying what changed and why.',
].join(' ');

/** The messages that ask for a commit message for a diff, in the repository's own style. */
export function commitMessages(req: CommitRequest): ChatMessage[] {
  const parts: string[] = [];
  if (req.recentSubjects.length > 0) {
    parts.push(
      "Follow the style of this repository's recent commit subjects (prefixes, capitalisation, tense, length):",
      req.recentSubjects
        .slice(0, 10)
        .map((s) => `- ${s}`)
        .join('\n'),
      '',
    );
  }
  if (req.draft?.trim()) {
    parts.push("The author's own notes about this change (honour them):", req.draft.trim(), '');
  }
  if (req.note) parts.push(req.note, '');
  parts.push(
    `Write the commit message for these ${req.staged ? 'staged changes' : 'changes (nothing is staged: all changes are shown)'}:`,
    '',
    req.diff,
  );
  return [
    { role: 'system', content: COMMIT_SYSTEM_PROMPT },
    { role: 'user', content: parts.join('\n') },
  ];
}

/**
 * The commit message in a reply so far: without a fence the model put around it (or the
 * opening of one still streaming) and without surrounding blank lines.
 */
export function commitMessageText(reply: string): string {
  let text = reply.replace(/^\s*(`{3,}|~{3,})[^\n]*(\n|$)/, '');
  text = text.replace(/\n?(`{3,}|~{3,})\s*$/, '');
  return text.trim();
}

/** The subject line of a commit message (its first line). */
export function subjectOf(message: string): string {
  return message.split('\n', 1)[0].trim();
}
