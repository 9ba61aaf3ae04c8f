/**
 * An MCP tool's result (`tools/call`) as what the model reads next. Text parts as they are; an
 * embedded text resource with its URI; a few images of the kinds models take kept beside the
 * text (sent after the results to a model that takes images, shown in the step); other images,
 * audio and binary resources named, never sent as base64 (a model given a page of base64 learns
 * nothing and loses its window).
 */
import type { ImageAttachment } from '../types';

/** The parts of a `CallToolResult` Parley reads; anything else in it is ignored. */
export interface McpCallResult {
  content?: readonly unknown[];
  structuredContent?: unknown;
  isError?: boolean;
}

export interface McpOutcome {
  text: string;
  isError: boolean;
  summary: string;
  /** The images sent on (each also named in `text`); none when the result had none it could send. */
  images?: ImageAttachment[];
}

/** The most images of one result sent on: more would crowd the window (each costs up to ~1,100 tokens). */
export const MAX_RESULT_IMAGES = 4;
/** The largest image sent on, decoded: servers refuse larger ones, and a screenshot fits. */
export const MAX_RESULT_IMAGE_BYTES = 1024 * 1024;
/** The image types Chat Completions servers take (OpenAI's list; the others take as much or less). */
const IMAGE_EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** Never throws: a result of an unexpected shape is read as far as it goes. */
export function mcpOutcome(result: McpCallResult): McpOutcome {
  const images: ImageAttachment[] = [];
  const content = Array.isArray(result.content) ? result.content : [];
  const parts = content.map((part) => partText(part, images)).filter((t) => t !== '');
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  const isError = result.isError === true;
  const text = parts.join('\n\n') || (isError ? 'The tool failed and said nothing more.' : 'The tool returned nothing.');
  const lines = text.split('\n').length;
  const summary = isError ? 'failed' : lines === 1 ? `${text.length} characters` : `${lines} lines`;
  return images.length ? { text, isError, summary, images } : { text, isError, summary };
}

function partText(part: unknown, images: ImageAttachment[]): string {
  if (!part || typeof part !== 'object') return '';
  const p = part as Record<string, unknown>;
  const mime = typeof p.mimeType === 'string' ? p.mimeType : '';
  switch (p.type) {
    case 'text':
      return typeof p.text === 'string' ? p.text : '';
    case 'image':
      return imageText(mime, p.data, images);
    case 'audio':
      return `[audio ${mime}, ${base64Size(p.data)}: not shown to the model]`;
    case 'resource':
      return resourceText(p.resource);
    case 'resource_link':
      return `[resource ${String(p.uri ?? '')}${typeof p.name === 'string' ? ` (${p.name})` : ''}]`;
    default:
      return '';
  }
}

/** An image named in the text; kept in `images` when it can be sent (the text says which). */
function imageText(mime: string, data: unknown, images: ImageAttachment[]): string {
  const base64 = typeof data === 'string' ? data.replace(/\s+/g, '') : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return `[image ${mime}: not shown to the model (its data is not base64)]`;
  const type = mime.toLowerCase();
  const why = notSent(type, base64, images.length);
  const named = `[image ${mime}, ${base64Size(base64)}`;
  if (why) return `${named}: not shown to the model (${why})]`;
  const name = `image-${images.length + 1}.${IMAGE_EXTENSIONS[type]}`;
  images.push({ name, mimeType: type, dataUrl: `data:${type};base64,${base64}` });
  return `${named}: ${name}, shown to the model after the tool results]`;
}

/** Why an image in base64 is not sent on, or undefined when it is. */
function notSent(type: string, base64: string, taken: number): string | undefined {
  if (!IMAGE_EXTENSIONS[type]) return 'models take PNG, JPEG, GIF and WebP only';
  if (decodedBytes(base64) > MAX_RESULT_IMAGE_BYTES) return 'over 1 MB';
  if (taken >= MAX_RESULT_IMAGES) return `only the first ${MAX_RESULT_IMAGES} images of a result are`;
  return undefined;
}

function resourceText(resource: unknown): string {
  if (!resource || typeof resource !== 'object') return '';
  const r = resource as Record<string, unknown>;
  const uri = String(r.uri ?? '');
  if (typeof r.text === 'string') return `${uri}:\n${r.text}`;
  return `[resource ${uri}${typeof r.mimeType === 'string' ? `, ${r.mimeType}` : ''}, ${base64Size(r.blob)}: not shown to the model]`;
}

function decodedBytes(base64: string): number {
  return Math.floor((base64.replace(/=+$/, '').length * 3) / 4);
}

function base64Size(data: unknown): string {
  const bytes = typeof data === 'string' ? decodedBytes(data) : 0;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}
