/**
 * Reads VS Code's request messages into plain data for the pure converter
 * (`core/lm/lmMessages.ts`). Parts are read by their shape: the classes exist only in a VS Code
 * that has the API, and `@types/vscode` 1.93 does not declare them all.
 */
import type { LmMessage, LmPart } from '../core/lm/lmMessages';
import { LmRole, type LmRequestMessage } from './lmApi';

type Shape = Record<string, unknown>;

const isShape = (value: unknown): value is Shape => typeof value === 'object' && value !== null;

function isTextMime(mimeType: string): boolean {
  return mimeType.startsWith('text/') || mimeType === 'application/json';
}

/** A data part: an image becomes an image; text or JSON (say, a tool's output) becomes text; anything else is left out. */
function dataPart(part: Shape): LmPart | undefined {
  const { data, mimeType } = part;
  if (!(data instanceof Uint8Array) || typeof mimeType !== 'string') return undefined;
  if (mimeType.startsWith('image/'))
    return { kind: 'image', mimeType, dataUrl: `data:${mimeType};base64,${Buffer.from(data).toString('base64')}` };
  return isTextMime(mimeType) ? { kind: 'text', text: new TextDecoder().decode(data) } : undefined;
}

/** A tool result's content as text: its text parts, its text data, and anything else as JSON. */
function resultText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .map((item) => {
      if (!isShape(item)) return '';
      if (typeof item.value === 'string') return item.value;
      const data = dataPart(item);
      if (data?.kind === 'text') return data.text;
      if ('value' in item) return JSON.stringify(item.value);
      return '';
    })
    .join('');
}

export function readPart(part: unknown): LmPart | undefined {
  if (!isShape(part)) return undefined;
  if (typeof part.callId === 'string' && 'content' in part)
    return { kind: 'toolResult', callId: part.callId, text: resultText(part.content) };
  if (typeof part.callId === 'string' && typeof part.name === 'string')
    return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  if (typeof part.value === 'string') return { kind: 'text', text: part.value };
  if ('data' in part) return dataPart(part);
  return undefined;
}

export function readMessages(messages: readonly LmRequestMessage[]): LmMessage[] {
  return messages.map((m) => ({
    role: m.role === LmRole.assistant ? 'assistant' : m.role === LmRole.system ? 'system' : 'user',
    parts: m.content.flatMap((p) => readPart(p) ?? []),
  }));
}

/** The text of a message, for counting its tokens. */
export function messageText(message: LmRequestMessage): string {
  return message.content
    .map((p) => {
      const part = readPart(p);
      if (!part) return '';
      if (part.kind === 'text') return part.text;
      if (part.kind === 'toolResult') return part.text;
      if (part.kind === 'toolCall') return `${part.name} ${JSON.stringify(part.input ?? {})}`;
      return '';
    })
    .join('');
}
