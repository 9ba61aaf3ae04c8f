import { CheckpointThrottle } from '../core/conversation/checkpoint';
import type { Conversation, Ending } from '../core/conversation/conversation';
import { toChatMessages, type AssistantTurn } from '../core/conversation/turn';
import { FencedCallReader, toFencedHistory, withToolsInSystemPrompt } from '../core/agent/fencedTools';
import type { ChatMessage, StreamEvent, StreamResult, ToolCall, ToolCallRequest, ToolDefinition } from '../core/types';
import type { CompletionService, RunOptions } from '../connection/completionService';
import { isRefusal } from '../core/client/supportProbe';
import { ChatError } from '../core/client/chatError';
import { isImageRejection } from '../core/context/contextRender';
import * as settings from '../common/settings';
import type { ConversationStore } from './conversationStore';
import { newId } from './conversationStore';
import { activeProfile } from './profileLabel';
import { failedEnding, finishedEnding } from './replyEnding';
import { keptAtStop, type ShownReply } from '../core/conversation/keptAtStop';
import { describeTrim } from './trimNotes';

/** While a reply streams, its text so far is saved this often (never on every chunk). */
export const CHECKPOINT_MS = 2000;

/** Agent mode's tools for one reply: sent as `tools`, or described in the prompt for a model without tool calling. */
export interface ReplyTools {
  definitions: ToolDefinition[];
  fenced: boolean;
  /** The number of the first fenced call's id, so ids never repeat within a conversation. */
  firstFencedId?: number;
  /** Said to the model after the user's own system prompt (where it works, what it may do). */
  prompt: string;
}

export interface ReplyDeps {
  conversation: Conversation;
  service: CompletionService;
  store: ConversationStore;
  signal: AbortSignal;
  /** The window is closing: a stop is an interruption. */
  closing(): boolean;
  /** What the page showed of the reply when Stop was clicked, if it said. */
  shownAtStop?(): ShownReply | undefined;
  /**
   * Whether a reply that called no tool ends the run (Agent mode asks again, tools described in
   * the prompt, when the model turned out to take no tools). Default: it does.
   */
  ends?(): boolean;
  /** The run's last reply is about to end, and has ended: the run is over (the view hears before the save). */
  finishing(): void;
  finished(): void;
}

/**
 * One reply of the chat: a new assistant turn streamed from the conversation so far, then ended
 * with what is said under it. Resolves with the tools it called (none when it answered, stopped
 * or failed); never rejects.
 */
export async function streamReply(deps: ReplyDeps, tools?: ReplyTools): Promise<ToolCall[]> {
  const { conversation } = deps;
  const reply: AssistantTurn = { id: newId(), role: 'assistant', content: '', streaming: true };
  // The file marks the reply streaming: after a crash it loads as interrupted, text kept.
  const checkpoint = new CheckpointThrottle(CHECKPOINT_MS, () => deps.store.save(conversation.data));
  const fenced = tools?.fenced ? new FencedCallReader(tools.definitions, { firstId: tools.firstFencedId }) : undefined;
  let note: string | undefined;
  const trim = trimNote(conversation);
  try {
    let messages: ChatMessage[];
    const active = activeProfile();
    const toolImages = !active || deps.service.supportsImages(active);
    try {
      messages = requestMessages(conversation, tools, toolImages);
    } finally {
      conversation.add(reply);
      conversation.setHeader({ busy: true, usageLabel: undefined });
    }
    const relay = relayTo(conversation, reply.id, () => checkpoint.poke(), fenced);
    const result = await sendRequest(deps, tools, messages, toolImages, {
      purpose: tools ? 'agent' : 'chat',
      signal: deps.signal,
      onTrim: (report) => {
        const said = describeTrim(report);
        if (report.overflow) note = said;
        trim.say(said);
      },
      onWhole: () => trim.say(undefined),
      onEvent: relay.event,
    });
    const trimmed = trim.settle();
    relay.end();
    const toolCalls = fenced ? [...fenced.calls] : result.toolCalls;
    const last = toolCalls.length === 0 && (deps.ends?.() ?? true);
    if (last) deps.finishing();
    conversation.end(reply.id, streamedEnding(result, toolCalls, note, trimmed));
    if (last) deps.finished();
    return toolCalls;
  } catch (e) {
    const trimmed = trim.settle();
    const active = activeProfile();
    deps.finishing();
    conversation.end(reply.id, {
      ...failedEnding(e, { turns: conversation.turns, closing: deps.closing(), model: active?.model, profileName: active?.name }, note),
      ...keptAtStop(e, reply, deps.shownAtStop?.()),
      trimmed,
    });
    deps.finished();
    return [];
  } finally {
    await checkpoint.stop();
    // Never rejects: a failure is reported by the store, and retried at the next change. A reply
    // that called tools runs them while it is written (a save took 50–100 ms, twice a step): the
    // store writes in order, and the run's last save waits for this one.
    const saved = deps.store.save(conversation.data);
    if (!reply.toolCalls?.length) await saved;
  }
}

/**
 * The request, to the active profile. A model that refuses the images tool calls returned is
 * remembered as taking none, and asked again with the results' text only (as is a server that
 * found fault with an image): the run goes on.
 */
async function sendRequest(
  deps: ReplyDeps,
  tools: ReplyTools | undefined,
  messages: ChatMessage[],
  toolImages: boolean,
  options: RunOptions,
): Promise<StreamResult> {
  const { service, conversation } = deps;
  const send = (m: ChatMessage[]) =>
    service.runWith(service.requireProfile(), m, options, tools && !tools.fenced ? { tools: tools.definitions } : {});
  try {
    return await send(messages);
  } catch (e) {
    const sentToolImages = toolImages && conversation.turns.some((t) => t.role === 'tool' && t.images?.length);
    const refused = isRefusal('images', e);
    if (!sentToolImages || !(refused || imageRejected(e))) throw e;
    // Only a refusal says the model takes none; another image error ("could not decode") is this request's.
    if (refused) await service.rememberImagesRefused(service.requireProfile());
    return send(requestMessages(conversation, tools, false));
  }
}

/** A 400 about images (the words servers use: contextRender.ts). */
function imageRejected(e: unknown): boolean {
  return e instanceof ChatError && e.kind === 'http' && e.status === 400 && isImageRejection(e.detail);
}

/** The stream into the reply's turn; with fenced tools, their blocks withheld from the text and read as calls. */
function relayTo(conversation: Conversation, replyId: string, poke: () => void, fenced: FencedCallReader | undefined) {
  const show = (event: StreamEvent) => {
    conversation.stream(replyId, event);
    poke();
  };
  const shown = (events: readonly StreamEvent[]) => events.forEach((e) => e.type === 'content' && show(e));
  return {
    event: (event: StreamEvent) => (fenced && event.type === 'content' ? shown(fenced.push(event.text)) : show(event)),
    end: () => fenced && shown(fenced.end()),
  };
}

/**
 * The conversation's trim note for one reply. The last request's note stays until this one's
 * messages are fitted (the request loop says what it left out, or that it sends them whole):
 * cleared at each Send and set again a moment later, the bar above the conversation went and
 * came back. A run that never got as far (no profile, an error before the request) clears it.
 * Settled, it gives the note for the reply to keep (`trimmed`): the bar shows it again when the
 * conversation is opened (a reload, the history).
 */
function trimNote(conversation: Conversation) {
  let known = false;
  let said: string | undefined;
  const say = (note: string | undefined) => {
    known = true;
    said = note;
    conversation.setHeader({ trimmedNote: note });
  };
  const settle = () => {
    if (!known) say(undefined);
    return said;
  };
  return { say, settle };
}

/** How a reply that streamed to its end ends. One that only called tools said what it had to: not "an empty reply". */
function streamedEnding(
  result: StreamResult,
  toolCalls: readonly ToolCall[],
  note: string | undefined,
  trimmed: string | undefined,
): Ending {
  const ending = { ...finishedEnding(toolCalls.length && !result.content ? { ...result, content: ' ' } : result, note), trimmed };
  return toolCalls.length ? { ...ending, toolCalls: calls(toolCalls) } : ending;
}

/** The calls as the conversation keeps them: what was sent, not what was parsed. */
function calls(toolCalls: readonly ToolCall[]): ToolCallRequest[] {
  return toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
}

/** The request for the conversation, fitted to the model's window by the request loop (which says what it left out: onTrim). */
function requestMessages(conversation: Conversation, tools: ReplyTools | undefined, toolImages: boolean): ChatMessage[] {
  const system = [settings.systemPrompt(), tools?.prompt].filter(Boolean).join('\n\n');
  const messages = toChatMessages(conversation.turns, system, { toolImages });
  // Without native tools (Ask mode, or a model that takes none), earlier steps are sent as text.
  const hasSteps = messages.some((m) => m.role === 'tool');
  if (tools?.fenced) return withToolsInSystemPrompt(toFencedHistory(messages), tools.definitions);
  return hasSteps && !tools ? toFencedHistory(messages) : messages;
}
