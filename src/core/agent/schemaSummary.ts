/**
 * A tool's JSON Schema in the few words a small model reads: `string`, `"a" | "b"`,
 * `array of {path: string, line?: integer}`. Deeper levels are summarised by their type alone,
 * so a large schema costs a line, not a page.
 */

type Schema = Record<string, unknown>;

const asSchema = (value: unknown): Schema | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : undefined;

/** One parameter of an object schema: its name, type, whether it is required, what it is for. */
export interface ParameterLine {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

/** The top-level parameters of a tool's schema, in the schema's order (none when it has none). */
export function parameterLines(parameters: Schema | undefined): ParameterLine[] {
  const properties = asSchema(parameters?.properties);
  if (!properties) return [];
  const required = requiredOf(parameters);
  return Object.entries(properties).map(([name, raw]) => {
    const schema = asSchema(raw) ?? {};
    const description = oneLine(schema.description);
    return { name, type: typeText(schema, 1), required: required.has(name), ...(description ? { description } : {}) };
  });
}

/** The type of `schema` in a few words; objects and arrays deeper than `depth` levels by name alone. */
export function typeText(schema: Schema, depth: number): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const options = (Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined)?.map(asSchema);
  if (options) return [...new Set(options.map((o) => typeText(o ?? {}, depth)))].join(' or ');
  const type = schema.type;
  if (Array.isArray(type)) return type.map((t) => typeText({ ...schema, type: t }, depth)).join(' or ');
  if (type === 'array' || (type === undefined && schema.items)) {
    const items = asSchema(schema.items);
    return items ? `array of ${typeText(items, depth)}` : 'array';
  }
  if (type === 'object' || (type === undefined && schema.properties)) return objectText(schema, depth);
  return typeof type === 'string' ? type : 'any';
}

/** `{a: string, b?: integer}` while there is depth left, else `object`. */
function objectText(schema: Schema, depth: number): string {
  const properties = asSchema(schema.properties);
  if (!properties || depth <= 0 || Object.keys(properties).length === 0) return 'object';
  const required = requiredOf(schema);
  const fields = Object.entries(properties).map(
    ([name, raw]) => `${name}${required.has(name) ? '' : '?'}: ${typeText(asSchema(raw) ?? {}, depth - 1)}`,
  );
  return `{${fields.join(', ')}}`;
}

/** Arguments a model can copy for `parameters`: each required one with a value of its type. */
export function exampleArguments(parameters: Schema | undefined): Record<string, unknown> {
  const properties = asSchema(parameters?.properties) ?? {};
  const example: Record<string, unknown> = {};
  for (const name of requiredOf(parameters)) example[name] = exampleValue(asSchema(properties[name]) ?? {});
  return example;
}

function exampleValue(schema: Schema): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return '...';
  }
}

function requiredOf(schema: Schema | undefined): Set<string> {
  return new Set(Array.isArray(schema?.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
}

/** A description on one line (a schema's descriptions often wrap). */
export function oneLine(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
}
