/**
 * The on-disk form of a conversation: JSON with a `version`. Decoding tells a file this
 * Parley can use apart from one that is damaged and one written by a newer Parley, so the
 * store can move the damaged aside and never overwrite a newer one with less.
 */

import type { Turn } from './turn';
import { errorMessage } from '../client/errorMessage';

/**
 * The version this Parley writes. Raise it when the format changes in a way older readers would
 * lose. A user message's `context` and `images` (added after version 1) did not raise it: they are
 * optional, and an older Parley keeps fields it does not know when it saves a message again. Nor
 * did a reply's `usage`, for the same reason.
 */
export const CONVERSATION_FILE_VERSION = 1;

/** A conversation as its file holds it: its turns (under `messages`, the name version 1 gave them). */
export interface StoredConversation {
  id: string;
  title: string;
  messages: Turn[];
  updatedAt: number;
}

export type Decoded<C> =
  | { kind: 'ok'; conversation: C; version: number }
  /** Written by a newer Parley but readable: show it, never save over it. */
  | { kind: 'newer'; conversation: C; version: number }
  /** Written by a newer Parley in a form this one cannot read. */
  | { kind: 'unreadable'; version: number; reason: string }
  | { kind: 'corrupt'; reason: string };

export function encodeConversation(c: StoredConversation): string {
  return JSON.stringify({ version: CONVERSATION_FILE_VERSION, ...c });
}

function shapeProblem(v: Record<string, unknown>): string | undefined {
  if (typeof v.id !== 'string' || !v.id) return 'no id';
  if (typeof v.title !== 'string') return 'no title';
  if (typeof v.updatedAt !== 'number') return 'no updatedAt';
  if (!Array.isArray(v.messages)) return 'no messages';
  for (const [i, m] of (v.messages as unknown[]).entries()) {
    const msg = m as Record<string, unknown> | null;
    if (!msg || typeof msg !== 'object') return `message ${i} is not an object`;
    if (typeof msg.id !== 'string' || (msg.role !== 'user' && msg.role !== 'assistant') || typeof msg.content !== 'string') {
      return `message ${i} has no id, role or content`;
    }
    dropMalformedAttachments(msg);
    dropMalformedUsage(msg);
  }
  return undefined;
}

const KINDS = new Set(['file', 'selection', 'problems', 'changes', 'editors', 'currentFile', 'definition']);
const isBlock = (b: unknown): boolean => {
  const o = b as Record<string, unknown> | null;
  return !!o && typeof o === 'object' && KINDS.has(o.kind as string) && typeof o.label === 'string' && typeof o.text === 'string';
};
const isImage = (i: unknown): boolean => {
  const o = i as Record<string, unknown> | null;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.name === 'string' &&
    typeof o.mimeType === 'string' &&
    typeof o.dataUrl === 'string' &&
    o.dataUrl.startsWith('data:image/')
  );
};

/** A damaged attachment costs only itself, never the conversation: the message keeps its text. */
function dropMalformedAttachments(msg: Record<string, unknown>): void {
  if (msg.context !== undefined) msg.context = Array.isArray(msg.context) ? msg.context.filter(isBlock) : undefined;
  if (msg.images !== undefined) msg.images = Array.isArray(msg.images) ? msg.images.filter(isImage) : undefined;
  if (msg.context === undefined) delete msg.context;
  if (msg.images === undefined) delete msg.images;
}

/** Usage that is not all counts is left out: the usage line would show it as words. */
function dropMalformedUsage(msg: Record<string, unknown>): void {
  if (msg.usage === undefined) return;
  const u = msg.usage as Record<string, unknown> | null;
  const count = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (!u || typeof u !== 'object' || !count(u.promptTokens) || !count(u.completionTokens)) delete msg.usage;
}

/** Reads a conversation file's text. Files from before versions existed count as version 1. */
export function decodeConversation(text: string): Decoded<StoredConversation> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { kind: 'corrupt', reason: `not valid JSON (${errorMessage(e)})` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'corrupt', reason: 'not a JSON object' };
  const { version: rawVersion, ...rest } = value as Record<string, unknown>;
  const version = rawVersion === undefined ? 1 : rawVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { kind: 'corrupt', reason: `bad version ${JSON.stringify(rawVersion)}` };
  const problem = shapeProblem(rest);
  if (version > CONVERSATION_FILE_VERSION) {
    return problem
      ? { kind: 'unreadable', version, reason: problem }
      : { kind: 'newer', conversation: rest as unknown as StoredConversation, version };
  }
  if (problem) return { kind: 'corrupt', reason: problem };
  return { kind: 'ok', conversation: rest as unknown as StoredConversation, version };
}

/**
 * A reply still marked streaming in a file was cut off by a crash or a reload: it is kept,
 * no longer streaming, with `note` saying so. Returns how many messages were marked.
 */
export function markInterrupted(c: StoredConversation, note: string): number {
  let marked = 0;
  for (const m of c.messages) {
    if (!m.streaming) continue;
    m.streaming = false;
    m.note = note;
    marked++;
  }
  return marked;
}

/** `<id>.corrupt-<time>.json`: where a file that could not be read is kept. */
export function corruptName(id: string, now: Date): string {
  return `${id}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}.json`;
}
