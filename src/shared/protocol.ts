/**
 * The one message protocol between the chat webview and the extension. Both bundles import
 * it; the extension validates every incoming message with `parseFromWebview` before use.
 */
import type { ShownReply } from '../core/conversation/keptAtStop';
import type { Turn } from '../core/conversation/turn';
import { parseAttachMessage, type AttachMessage, type AttachmentView } from './attachProtocol';

export type { AttachmentView, AttachMessage } from './attachProtocol';

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
}

/**
 * How many of a conversation's latest messages a state carries (unless the view asks for more
 * on reload); the view asks for earlier ones as the reader scrolls up. A 1,000-message
 * conversation opens as fast, and in as little memory, as a short one.
 */
export const LATEST_IN_STATE = 30;

/** What the view shows around the conversation: the toolbar's history, the status line, notes. */
export interface Chrome {
  busy: boolean;
  /** "profile · model", or undefined when nothing is configured yet. */
  profileLabel?: string;
  /** The usage of the conversation's last reply, if it finished with one. */
  usageLabel?: string;
  /** Shown above the messages when earlier turns were left out of the last request. */
  trimmedNote?: string;
  history: ConversationSummary[];
  /** Local servers found on this machine; set only while no profile is set up. */
  localServers?: LocalServersView;
}

/** A change to the chrome: a field left out stays as it is, `null` clears it (messages lose `undefined`). */
export type ChromeChange = { [K in keyof Chrome]?: Exclude<Chrome[K], undefined> | null };

/** The chrome with a change made: what the page shows after a `chrome` message. */
export function withChrome<C extends Chrome>(chrome: C, change: ChromeChange): C {
  const next = { ...chrome } as Record<string, unknown>;
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as unknown as C;
}

/** The whole view: a conversation's latest turns and the chrome. */
export interface ViewState extends Chrome {
  conversationId: string;
  /** The conversation's latest turns (all of a short one). */
  messages: Turn[];
  /** How many of the conversation's turns come before `messages` (0 or absent: none). */
  omitted?: number;
}

/**
 * The state the extension writes into the page's HTML when it makes the page (the `id` tells
 * one from another): the page draws it as it loads, without the round trip of asking for it.
 */
export interface PageSnapshot {
  id: number;
  state: ViewState;
}

/** A server that answered on a local port, offered in the empty chat view. */
export interface LocalServerOffer {
  port: number;
  /** "Ollama on localhost:11434, 3 models" */
  label: string;
  /** The models it listed (the first is the one set up). */
  detail: string;
}

export interface LocalServersView {
  looking: boolean;
  /** Localized: what the search found, or that it is running. */
  note: string;
  /** Localized label of the button that searches again. */
  lookAgain: string;
  offers: LocalServerOffer[];
}

/**
 * What the page is told. A `state` only answers its `ready` or shows another conversation; after
 * it, each change to the conversation is a small message the page patches its list with.
 */
export type ToWebview =
  | { type: 'state'; state: ViewState }
  /** A turn joins the end of the conversation (a reply starts streaming with it). */
  | { type: 'append'; turn: Turn }
  /** More of the streaming turn, in order: a reclassify first, then reasoning, then answer. */
  | { type: 'delta'; turnId: string; content?: string; reasoning?: string; reclassify?: boolean }
  /** The streaming turn as it stays (finished, stopped, failed). */
  | { type: 'done'; turn: Turn }
  /** The turn with this id and every one after it are gone. */
  | { type: 'truncate'; fromId: string }
  | { type: 'chrome'; chrome: ChromeChange }
  /** Messages that come right before `beforeId`, as the view asked; `omitted` are still before them. */
  | { type: 'earlier'; conversationId: string; beforeId: string; messages: Turn[]; omitted: number }
  /** Puts text into the input box (Explain fills nothing; "edit" does). */
  | { type: 'setDraft'; text: string }
  /** The chips above the input: what the next message will carry. */
  | { type: 'attachments'; items: AttachmentView[] };

export type CodeAction = 'copy' | 'insert' | 'replace' | 'newEditor';

/** What the user says to a command the agent wants to run. */
/** `alwaysServer`: an MCP tool's question only: every tool of its server from now on. */
export type ApprovalChoice = 'run' | 'always' | 'alwaysServer' | 'deny';

export type FromWebview =
  /**
   * The page is listening; `fromId`: the message the reader was on before a reload (the state
   * then starts there at the latest); `snapshot`: the id of the state from its HTML it drew.
   */
  | { type: 'ready'; fromId?: string; snapshot?: number }
  /** Up to `count` messages before the one with `beforeId` (the earliest the view holds). */
  | { type: 'earlier'; beforeId: string; count: number }
  /** `mode: 'agent'`: the reply may call tools. */
  | { type: 'send'; text: string; mode?: 'agent' }
  /** Under a command the agent wants to run (its call's id): Run, Always allow, or Deny with why. */
  | { type: 'approve'; callId: string; choice: ApprovalChoice; reason?: string }
  /** Restore to here, on a tool step: the files and the conversation as they were before it. */
  | { type: 'restore'; turnId: string }
  /** The user's answer to the agent's question (its call's id). */
  | { type: 'answer'; callId: string; text: string }
  /** `shown`: how much of the streaming reply was on the page at the click; the reply keeps exactly that. */
  | { type: 'stop'; shown?: ShownReply }
  | { type: 'newChat' }
  | { type: 'openConversation'; id: string }
  | { type: 'deleteConversation'; id: string }
  | { type: 'exportConversation' }
  | { type: 'regenerate' }
  | { type: 'editResend'; messageId: string; text: string }
  | { type: 'codeAction'; action: CodeAction; code: string; language?: string }
  | { type: 'openLink'; href: string }
  | { type: 'chooseModel' }
  /** Agent mode's tool picker (built-in tools and MCP servers'). */
  | { type: 'chooseTools' }
  | { type: 'setup' }
  /** Sets up a profile for the local server found on this port (only a port that answered). */
  | { type: 'useLocalServer'; port: number }
  | { type: 'findLocalServers' }
  /** Under a reply refused with 401 (`messageId`): enter the profile's key, then send the question again. */
  | { type: 'enterApiKey'; messageId: string }
  | AttachMessage;

const MAX_TEXT = 1_000_000;

function str(v: unknown, max = MAX_TEXT): v is string {
  return typeof v === 'string' && v.length <= max;
}

/** A number of messages the view may ask for: a positive integer, at most 10,000. */
function count(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 10_000;
}

/** Returns the message if it is well-formed, else undefined. Never trusts the webview. */
function shownReply(v: unknown): v is ShownReply {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  const length = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  return str(s.turnId, 100) && length(s.content) && length(s.reasoning);
}

export type { ShownReply };

function parseApprove(m: Record<string, unknown>): FromWebview | undefined {
  if (!str(m.callId, 200) || !['run', 'always', 'alwaysServer', 'deny'].includes(m.choice as string)) return undefined;
  const approve: FromWebview = { type: 'approve', callId: m.callId, choice: m.choice as ApprovalChoice };
  if (m.reason !== undefined) {
    if (!str(m.reason, 2000)) return undefined;
    approve.reason = m.reason;
  }
  return approve;
}

export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready': {
      const ready: FromWebview = { type: 'ready' };
      if (str(m.fromId, 100)) ready.fromId = m.fromId;
      if (Number.isSafeInteger(m.snapshot)) ready.snapshot = m.snapshot as number;
      return ready;
    }
    case 'earlier':
      return str(m.beforeId, 100) && count(m.count) ? { type: 'earlier', beforeId: m.beforeId, count: m.count } : undefined;
    case 'stop':
      return shownReply(m.shown) ? { type: 'stop', shown: m.shown } : { type: 'stop' };
    case 'newChat':
    case 'exportConversation':
    case 'regenerate':
    case 'chooseModel':
    case 'chooseTools':
    case 'setup':
    case 'findLocalServers':
      return { type: m.type };
    case 'send':
      if (!str(m.text) || !m.text.trim()) return undefined;
      return m.mode === 'agent' ? { type: 'send', text: m.text, mode: 'agent' } : { type: 'send', text: m.text };
    case 'restore':
      return str(m.turnId, 100) ? { type: 'restore', turnId: m.turnId } : undefined;
    case 'answer':
      return str(m.callId, 200) && str(m.text, 20_000) && m.text.trim() ? { type: 'answer', callId: m.callId, text: m.text } : undefined;
    case 'approve':
      return parseApprove(m);
    case 'openConversation':
    case 'deleteConversation':
      return str(m.id, 100) ? { type: m.type, id: m.id } : undefined;
    case 'enterApiKey':
      return str(m.messageId, 100) ? { type: 'enterApiKey', messageId: m.messageId } : undefined;
    case 'editResend':
      return str(m.messageId, 100) && str(m.text) && m.text.trim()
        ? { type: 'editResend', messageId: m.messageId, text: m.text }
        : undefined;
    case 'codeAction': {
      const actions = ['copy', 'insert', 'replace', 'newEditor'];
      if (!str(m.action, 20) || !actions.includes(m.action) || !str(m.code)) return undefined;
      if (m.language !== undefined && !str(m.language, 60)) return undefined;
      const action: FromWebview = { type: 'codeAction', action: m.action as CodeAction, code: m.code };
      if (m.language !== undefined) action.language = m.language as string;
      return action;
    }
    case 'useLocalServer':
      return typeof m.port === 'number' && Number.isInteger(m.port) && m.port >= 1 && m.port <= 65535
        ? { type: 'useLocalServer', port: m.port }
        : undefined;
    case 'openLink':
      return str(m.href, 4000) ? { type: 'openLink', href: m.href } : undefined;
    default:
      return parseAttachMessage(m);
  }
}
