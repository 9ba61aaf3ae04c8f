import type { Turn } from './turn';

/**
 * What the conversation's last request left out to fit the model's context, as its reply keeps
 * it: the note above a conversation opened again (a reload, the history) is the one it had.
 */
export function lastTrimNote(turns: readonly Turn[]): string | undefined {
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i];
    if (turn.role === 'assistant') return turn.trimmed;
  }
  return undefined;
}
