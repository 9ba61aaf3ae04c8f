/**
 * A fenced block's text into tool calls, tolerant of what small models write: `"parameters"`
 * or `"args"` for `"arguments"`, arguments as a JSON string, the OpenAI shape
 * (`{"function": {"name", "arguments"}}`), several calls as an array, raw line breaks inside
 * strings (they can only mean `\n`). What still does not parse is a call with `parseError`,
 * never dropped: the same policy as client/toolCalls.ts.
 */
import type { ToolCall } from '../types';

/** A call without its id yet (the reader numbers them). */
export type UnnumberedCall = Omit<ToolCall, 'id'>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** The calls a `tool_call` block holds: at least one, invalid ones with why. */
export function callsFromBlock(body: string): UnnumberedCall[] {
  const text = body.trim();
  if (text === '') return [invalid('', '{}', 'The tool_call block is empty: it needs {"name": ..., "arguments": {...}}.')];
  const value = parseLoosely(text);
  if ('error' in value) return [invalid(nameIn(text), text, `The tool_call block is not valid JSON (${value.error}).`)];
  const items = Array.isArray(value.json) ? value.json : [value.json];
  if (items.length === 0) return [invalid('', text, 'The tool_call block holds an empty list.')];
  return items.map((item) => callFrom(item));
}

/**
 * The calls a ```json (or unlabelled) block holds when it is plainly a call to one of `known`:
 * every object in it has a known "name" and arguments. Otherwise undefined: it is prose.
 * Invalid JSON naming a known tool with arguments is a call (with why), not prose.
 */
export function callsFromJsonBlock(body: string, known: ReadonlySet<string>): UnnumberedCall[] | undefined {
  const text = body.trim();
  const value = parseLoosely(text);
  if ('error' in value) {
    const name = nameIn(text);
    const hasArguments = /["'](arguments|parameters|args)["']\s*:/.test(text);
    return known.has(name) && hasArguments ? [invalid(name, text, `The call is not valid JSON (${value.error}).`)] : undefined;
  }
  const items = Array.isArray(value.json) ? value.json : [value.json];
  const looksLikeCall = (item: unknown) => {
    const shape = isObject(item) && isObject(item.function) ? item.function : item;
    return isObject(shape) && known.has(shape.name as string) && argumentsOf(shape) !== undefined;
  };
  return items.length > 0 && items.every(looksLikeCall) ? items.map(callFrom) : undefined;
}

function callFrom(item: unknown): UnnumberedCall {
  const shape = isObject(item) && isObject(item.function) ? item.function : item;
  if (!isObject(shape)) return invalid('', JSON.stringify(item), 'A tool call must be a JSON object {"name": ..., "arguments": {...}}.');
  const name = typeof shape.name === 'string' ? shape.name : '';
  const args = argumentsOf(shape);
  if (!name) return invalid('', JSON.stringify(args ?? {}), 'The tool call has no "name".');
  if (args === undefined || args === null) return { name, arguments: '{}', parsed: {} };
  if (typeof args !== 'string') return { name, arguments: JSON.stringify(args), parsed: args };
  // Arguments written as a JSON string: their text is the model's, parsed here.
  if (args.trim() === '') return { name, arguments: '{}', parsed: {} };
  const inner = parseLoosely(args);
  return 'error' in inner
    ? invalid(name, args, `The arguments are not valid JSON (${inner.error}).`)
    : { name, arguments: args, parsed: inner.json };
}

function argumentsOf(shape: Json): unknown {
  return shape.arguments ?? shape.parameters ?? shape.args;
}

function invalid(name: string, args: string, parseError: string): UnnumberedCall {
  return { name, arguments: args, parseError };
}

/** The "name" a broken block gives, if any can be read (so the error can say which tool). */
function nameIn(text: string): string {
  return /["']name["']\s*:\s*["']([^"'\n]+)["']/.exec(text)?.[1] ?? '';
}

/** JSON, or JSON whose strings hold raw line breaks or tabs (escaped here); else the parse error. */
function parseLoosely(text: string): { json: unknown } | { error: string } {
  try {
    return { json: JSON.parse(text) };
  } catch (error) {
    const repaired = escapeRawControls(text);
    if (repaired !== text) {
      try {
        return { json: JSON.parse(repaired) };
      } catch {
        // The first error is the one that says what the model wrote wrong.
      }
    }
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Raw control characters inside double-quoted strings, escaped; the rest as it was. */
function escapeRawControls(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString && ch === '\\') {
      out += ch + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inString = !inString;
    out += inString && ch < ' ' ? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0') : ch;
  }
  return out;
}
