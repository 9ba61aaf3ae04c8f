/**
 * Turns a user message with attached context and images into what the request carries: the
 * context as labelled fences before the question (each fence longer than any backtick run
 * inside, so attached Markdown cannot close it), and images as `image_url` content parts. A tool
 * result's images, which a `tool` message cannot carry, as a user message after the results.
 */
import type { ChatMessage, ContextBlock, ImageAttachment } from '../types';

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/** A message's content as sent: a string, or content parts when it carries images. */
export type RequestContent = string | ContentPart[];

const HEADINGS: Record<ContextBlock['kind'], string> = {
  file: 'File',
  selection: 'Selection',
  problems: 'Problems',
  changes: 'Changes',
  editors: 'Open editor',
  currentFile: 'Current file',
  definition: 'Definition',
};

/** Three backticks, or one more than the longest run of backticks in `text`. */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** One block as the model sees it: a heading that names it, then its text in a fence. */
export function renderBlock(block: ContextBlock): string {
  const where = block.path && block.path !== block.label ? ` (${block.path})` : '';
  const heading = `${HEADINGS[block.kind]}: ${block.label}${where}`;
  const fence = fenceFor(block.text);
  const language = block.kind === 'changes' ? 'diff' : (block.language ?? '');
  const body = block.text.endsWith('\n') ? block.text : `${block.text}\n`;
  return `${heading}\n${fence}${language}\n${body}${fence}`;
}

/** The text of a user message with its context: the blocks first, then what the user typed. */
export function renderText(message: Pick<ChatMessage, 'content' | 'context'>): string {
  const blocks = message.context ?? [];
  if (blocks.length === 0) return message.content;
  const attached = blocks.map(renderBlock).join('\n\n');
  return `Attached context:\n\n${attached}\n\n${message.content}`;
}

/** What a message's `content` field holds in the request. */
export function renderContent(message: ChatMessage): RequestContent {
  const text = message.role === 'user' ? renderText(message) : message.content;
  const images = message.role === 'user' ? (message.images ?? []) : [];
  if (images.length === 0) return text;
  return [{ type: 'text', text }, ...imageParts(images)];
}

function imageParts(images: readonly ImageAttachment[]): ContentPart[] {
  return images.map((image) => ({ type: 'image_url', image_url: { url: image.dataUrl } }));
}

/**
 * The images of a run of tool results (`role: tool` carries text only): one user message's
 * content, saying which call returned which, then the images in that order.
 */
export function renderToolImages(results: readonly { call: string; images: readonly ImageAttachment[] }[]): ContentPart[] {
  const which = results.map((r) => `${r.call}: ${r.images.map((i) => i.name).join(', ')}`).join('; ');
  const text = `Images returned by the tool calls above (${which}):`;
  return [{ type: 'text', text }, ...results.flatMap((r) => imageParts(r.images))];
}

/**
 * True when a 400 reads as "this model takes no images" (OpenAI's "Invalid content type.
 * image_url is only supported by certain models", vLLM's and Ollama's "does not support
 * image/vision input", llama.cpp's "image input is not supported").
 */
export function isImageRejection(detail: string): boolean {
  return /image|vision|multimodal|content type|content part/i.test(detail);
}
