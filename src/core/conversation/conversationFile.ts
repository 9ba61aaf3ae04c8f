/**
 * The on-disk form of a conversation: JSON with a `version`. Decoding tells a file this
 * Parley can use apart from one that is damaged and one written by a newer Parley, so the
 * store can move the damaged aside and never overwrite a newer one with less.
 */

import type { ToolStatus, Turn } from './turn';
import { errorMessage } from '../client/errorMessage';

/**
 * The version this Parley writes. Raise it when the format changes in a way older readers would
 * lose. A user message's `context` and `images` (added after version 1) did not raise it: they are
 * optional, and an older Parley keeps fields it does not know when it saves a message again. Nor
 * did a reply's `usage` or `trimmed`, for the same reason.
 */
export const CONVERSATION_FILE_VERSION = 2;

/**
 * Version 2 added tool steps (Agent mode). A conversation without any is still written as
 * version 1, so a Parley from before Agent mode keeps reading it; one with steps is written as
 * 2, which an older Parley leaves alone instead of calling the file damaged.
 */
const VERSION_WITHOUT_TOOLS = 1;

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
  const version = c.messages.some((m) => m.role === 'tool') ? CONVERSATION_FILE_VERSION : VERSION_WITHOUT_TOOLS;
  return JSON.stringify({ version, ...c });
}

const STATUSES = new Set<ToolStatus>(['waiting', 'running', 'done', 'failed', 'denied', 'stopped', 'interrupted']);

/** A tool step's own fields; undefined when they are whole. */
function toolProblem(msg: Record<string, unknown>): string | undefined {
  const whole =
    typeof msg.toolCallId === 'string' &&
    typeof msg.name === 'string' &&
    typeof msg.step === 'string' &&
    STATUSES.has(msg.status as ToolStatus);
  return whole ? undefined : 'a tool step without its call, name or status';
}

/** A reply's tool calls that are not all id, name and arguments are left out: the request would carry them. */
function dropMalformedToolCalls(msg: Record<string, unknown>): void {
  if (msg.toolCalls === undefined) return;
  const isCall = (c: unknown) => {
    const o = c as Record<string, unknown> | null;
    return !!o && typeof o.id === 'string' && typeof o.name === 'string' && typeof o.arguments === 'string';
  };
  if (!Array.isArray(msg.toolCalls) || !msg.toolCalls.every(isCall)) delete msg.toolCalls;
}

function shapeProblem(v: Record<string, unknown>): string | undefined {
  if (typeof v.id !== 'string' || !v.id) return 'no id';
  if (typeof v.title !== 'string') return 'no title';
  if (typeof v.updatedAt !== 'number') return 'no updatedAt';
  if (!Array.isArray(v.messages)) return 'no messages';
  for (const [i, m] of (v.messages as unknown[]).entries()) {
    const msg = m as Record<string, unknown> | null;
    if (!msg || typeof msg !== 'object') return `message ${i} is not an object`;
    if (typeof msg.id !== 'string' || !['user', 'assistant', 'tool'].includes(msg.role as string) || typeof msg.content !== 'string') {
      return `message ${i} has no id, role or content`;
    }
    const tool = msg.role === 'tool' ? toolProblem(msg) : undefined;
    if (tool) return `message ${i} is ${tool}`;
    dropMalformedToolCalls(msg);
    dropMalformedAttachments(msg);
    dropMalformedUsage(msg);
    if (msg.trimmed !== undefined && typeof msg.trimmed !== 'string') delete msg.trimmed;
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
 * no longer streaming, with `note` saying so; a tool step still running or waiting is marked
 * interrupted. Returns how many messages were marked.
 */
export function markInterrupted(c: StoredConversation, note: string): number {
  let marked = 0;
  for (const m of c.messages) {
    if (m.role === 'tool') {
      if (m.status !== 'running' && m.status !== 'waiting') continue;
      m.status = 'interrupted';
      delete m.approval;
      delete m.question;
      marked++;
      continue;
    }
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
