/**
 * Validates what the test server receives and sends against the official OpenAI OpenAPI
 * schemas. It reads the extract in the repository (test/spec/openai-chat.openapi.yaml, written
 * by `npm run spec:update`); PARLEY_OPENAPI_SPEC may name another OpenAPI document with the
 * same schemas (the full openapi.yaml, say) to validate against instead.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { extractPath, repoRoot } from '../spec/extractSpec';

/** Problems the schema found, as `<instance path> <message>`; empty when valid. */
export type Validate = (body: unknown) => string[];

export function specPath(): string {
  return process.env.PARLEY_OPENAPI_SPEC || extractPath();
}

const cache = new Map<string, Validate>();

export function schemaValidator(schemaName = 'CreateChatCompletionRequest'): Validate {
  const hit = cache.get(schemaName);
  if (hit) return hit;
  const ajv = compiled();
  const validateFn = ajv.getSchema(`openapi.json#/components/schemas/${schemaName}`);
  if (!validateFn) throw new Error(`schema ${schemaName} is not in ${specPath()}`);
  const validate: Validate = (body) => {
    if (validateFn(body)) return [];
    return (validateFn.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`.trim());
  };
  cache.set(schemaName, validate);
  return validate;
}

/** What the server sends, by kind, and the schema each must satisfy. */
export const RESPONSE_SCHEMAS = {
  /** One `data:` chunk of a streamed reply. */
  chunk: 'CreateChatCompletionStreamResponse',
  /** A whole (non-streamed) chat completion. */
  completion: 'CreateChatCompletionResponse',
  /** GET /models. */
  models: 'ListModelsResponse',
  /** An error body. */
  error: 'ErrorResponse',
  /** A legacy completion (`text_completion`), whole or one streamed chunk. */
  textCompletion: 'CreateCompletionResponse',
} as const;
export type ResponseKind = keyof typeof RESPONSE_SCHEMAS;

/** The tool-call schemas the tests validate pieces against by name (roots of the extract). */
export const TOOL_SCHEMAS = [
  'ChatCompletionTool',
  'ChatCompletionToolChoiceOption',
  'ChatCompletionRequestAssistantMessage',
  'ChatCompletionRequestToolMessage',
  'ChatCompletionMessageToolCalls',
  'ChatCompletionMessageToolCall',
  'ChatCompletionMessageToolCallChunk',
] as const;

/** Validates something the server sends: e.g. validateResponse('completion', body). */
export function validateResponse(kind: ResponseKind, body: unknown): string[] {
  return schemaValidator(RESPONSE_SCHEMAS[kind])(body);
}

export const validateStreamChunk = (chunk: unknown) => validateResponse('chunk', chunk);
export const validateCompletion = (completion: unknown) => validateResponse('completion', completion);
export const validateModelList = (list: unknown) => validateResponse('models', list);

/** llama.cpp's /infill has no OpenAPI: its JSON Schema is written by hand from llama.cpp's source. */
export function infillSchemaPath(): string {
  return path.join(repoRoot(), 'test', 'spec', 'llamacpp-infill.schema.json');
}

/** Validates an /infill request body or (non-streamed) response against test/spec/llamacpp-infill.schema.json. */
export function infillValidator(which: 'InfillRequest' | 'InfillResponse'): Validate {
  const hit = cache.get(`infill:${which}`);
  if (hit) return hit;
  const ajv = compiled();
  if (!ajv.getSchema('llamacpp-infill.schema.json')) ajv.addSchema(JSON.parse(fs.readFileSync(infillSchemaPath(), 'utf8')));
  const validateFn = ajv.getSchema(`llamacpp-infill.schema.json#/$defs/${which}`)!;
  const validate: Validate = (body) =>
    validateFn(body) ? [] : (validateFn.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`.trim());
  cache.set(`infill:${which}`, validate);
  return validate;
}

let ajvInstance: Ajv2020 | undefined;
function compiled(): Ajv2020 {
  if (!ajvInstance) {
    const file = specPath();
    if (!fs.existsSync(file))
      throw new Error(`OpenAPI document not found: ${file}${process.env.PARLEY_OPENAPI_SPEC ? ' (PARLEY_OPENAPI_SPEC)' : ''}`);
    const doc = parse(fs.readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as { components: Record<string, unknown> };
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false, logger: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi.json', components: openApiToJsonSchema(doc.components) }, 'openapi.json');
    ajvInstance = ajv;
  }
  return ajvInstance;
}

/**
 * OpenAPI's `nullable: true` is not JSON Schema: fold it into the type, and into an `enum` (the
 * spec's nullable enums, finish_reason say, mean "one of these, or null").
 */
function openApiToJsonSchema(node: unknown): any {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'nullable') out[key] = openApiToJsonSchema(value);
  }
  if ((node as Record<string, unknown>).nullable === true) {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) out.type = [...out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}
