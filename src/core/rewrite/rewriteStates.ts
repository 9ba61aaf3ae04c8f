/**
 * The life of one rewrite, written down in one place. A session may only move along an edge
 * of this table, so "accept while streaming" or "reject after accept" cannot happen by
 * accident: the session asks `canMove` and refuses anything else.
 */
export type RewriteStatus =
  /** The reply is arriving and being shown. */
  | 'streaming'
  /** The whole reply is shown: waiting for Accept or Reject. */
  | 'pending'
  /** Accept was chosen and the preview's text is being applied to the file. */
  | 'accepting'
  /** The original is being put back; the outcome (stopped, failed, …) follows. */
  | 'restoring'
  | 'accepted'
  | 'rejected'
  /** Stopped by the user while streaming; the original is back. */
  | 'stopped'
  /** The request failed; the original is back. */
  | 'failed'
  /** The user edited inside the region: stopped, their text left as it is. */
  | 'conflict'
  /** The model replied with no code: nothing changed. */
  | 'empty'
  /** The document was closed. */
  | 'closed';

// A user edit inside the region (conflict) or a closed document ends any live state: the text
// is the user's now, so nothing is written after them.
export const TRANSITIONS: Readonly<Record<RewriteStatus, readonly RewriteStatus[]>> = {
  streaming: ['pending', 'restoring', 'conflict', 'closed'],
  pending: ['accepting', 'restoring', 'conflict', 'closed'],
  accepting: ['accepted', 'conflict', 'closed'],
  restoring: ['rejected', 'stopped', 'failed', 'empty', 'conflict', 'closed'],
  accepted: [],
  rejected: [],
  stopped: [],
  failed: [],
  conflict: [],
  empty: [],
  closed: [],
};

/** The outcomes a restore can end in. */
export type RestoredStatus = 'rejected' | 'stopped' | 'failed' | 'empty';

export function canMove(from: RewriteStatus, to: RewriteStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A final state has no way out: the session has let go of the document. */
export function isFinal(status: RewriteStatus): boolean {
  return TRANSITIONS[status].length === 0;
}
