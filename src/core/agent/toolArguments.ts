/**
 * Reading a tool call's arguments: whatever JSON the model wrote, field by field, into the values a
 * tool runs with, or into one error that says what to send instead. `null` counts as left out
 * (models that fill every optional field send it).
 */
import type { Checked } from './editTools';

export type Fields = Record<string, unknown>;

/** The arguments as an object, or the error for a call that sent something else. */
export function argumentObject(tool: string, shape: string, args: unknown): Checked<Fields> {
  // A tool whose arguments are all optional is often called with nothing at all.
  if (args === undefined || args === null || args === '') return { ok: true, value: {} };
  if (!isObject(args)) return { ok: false, error: `${tool} takes a JSON object ${shape}, got ${kind(args)}.` };
  return { ok: true, value: args };
}

/** A required string: the problem with it, or undefined. */
export function requiredText(fields: Fields, name: string, example: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return `${name} is missing: give ${example}.`;
  if (typeof value !== 'string') return `${name} must be a string, got ${kind(value)}.`;
  if (!value.trim()) return `${name} is empty: give ${example}.`;
  if (value.includes('\0')) return `${name} has a NUL character.`;
  return undefined;
}

/** An optional string; undefined when it is fine (absent or a string). */
export function optionalText(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || typeof value === 'string') return undefined;
  return `${name} must be a string, got ${kind(value)}.`;
}

export function optionalBoolean(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || typeof value === 'boolean') return undefined;
  return `${name} must be true or false, got ${kind(value)}.`;
}

/**
 * An optional whole number of at least `min`: its value, or the problem with it. A string of digits
 * is taken as the number it spells, as small models often quote numbers.
 */
export function optionalWholeNumber(fields: Fields, name: string, min: number): { value?: number; problem?: string } {
  const raw = fields[name];
  if (raw === undefined || raw === null) return {};
  const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) return { problem: `${name} must be a whole number, got ${kind(raw)}.` };
  if (value < min) return { problem: `${name} must be ${min} or more, got ${value}.` };
  return { value };
}

/** The string value of a field checked by `requiredText` or `optionalText` (undefined for null). */
export function textField(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

/** At most a screenful of problems: a model that sent a hundred bad fields learns from the first ones. */
export function argumentsError(tool: string, problems: readonly string[]): string {
  const shown = problems.slice(0, 10);
  if (problems.length > shown.length) shown.push(`(and ${problems.length - shown.length} more)`);
  return `${tool} was not run; its arguments need fixing:\n- ${shown.join('\n- ')}`;
}

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, said the way the model can recognise what it sent. */
export function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
