/**
 * An MCP tool's result (`tools/call`) as the text the model reads next. Text parts as they are;
 * an embedded text resource with its URI; images, audio and binary resources named, never
 * sent as base64 (a model given a page of base64 learns nothing and loses its window).
 */

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
}

/** Never throws: a result of an unexpected shape is read as far as it goes. */
export function mcpOutcome(result: McpCallResult): McpOutcome {
  const parts = (Array.isArray(result.content) ? result.content : []).map(partText).filter((t) => t !== '');
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  const isError = result.isError === true;
  const text = parts.join('\n\n') || (isError ? 'The tool failed and said nothing more.' : 'The tool returned nothing.');
  const lines = text.split('\n').length;
  return { text, isError, summary: isError ? 'failed' : lines === 1 ? `${text.length} characters` : `${lines} lines` };
}

function partText(part: unknown): string {
  if (!part || typeof part !== 'object') return '';
  const p = part as Record<string, unknown>;
  switch (p.type) {
    case 'text':
      return typeof p.text === 'string' ? p.text : '';
    case 'image':
    case 'audio':
      return `[${p.type} ${typeof p.mimeType === 'string' ? p.mimeType : ''}, ${base64Size(p.data)}: not shown to the model]`;
    case 'resource':
      return resourceText(p.resource);
    case 'resource_link':
      return `[resource ${String(p.uri ?? '')}${typeof p.name === 'string' ? ` (${p.name})` : ''}]`;
    default:
      return '';
  }
}

function resourceText(resource: unknown): string {
  if (!resource || typeof resource !== 'object') return '';
  const r = resource as Record<string, unknown>;
  const uri = String(r.uri ?? '');
  if (typeof r.text === 'string') return `${uri}:\n${r.text}`;
  return `[resource ${uri}${typeof r.mimeType === 'string' ? `, ${r.mimeType}` : ''}, ${base64Size(r.blob)}: not shown to the model]`;
}

function base64Size(data: unknown): string {
  const bytes = typeof data === 'string' ? Math.floor((data.replace(/=+$/, '').length * 3) / 4) : 0;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}
