/**
 * Validates request bodies against CreateChatCompletionRequest in the official OpenAI
 * OpenAPI spec (shared/spec/openai-openapi.yaml beside the repo, or $PARLEY_OPENAPI_SPEC).
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export type Validate = (body: unknown) => string[];

export function specPath(): string {
  const fromEnv = process.env.PARLEY_OPENAPI_SPEC;
  if (fromEnv) return fromEnv;
  // Walk up from this file (and from the working directory) to a folder whose sibling is shared/.
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      const candidate = path.join(dir, '..', 'shared', 'spec', 'openai-openapi.yaml');
      if (fs.existsSync(candidate)) return candidate;
      dir = path.dirname(dir);
    }
  }
  throw new Error('OpenAPI spec not found: expected ../shared/spec/openai-openapi.yaml beside the repo, or set PARLEY_OPENAPI_SPEC.');
}

const cache = new Map<string, Validate>();

export function schemaValidator(schemaName = 'CreateChatCompletionRequest'): Validate {
  const hit = cache.get(schemaName);
  if (hit) return hit;
  const doc = loadSpec();
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: openApiToJsonSchema(doc.components) }, 'openapi.json');
  const validateFn = ajv.getSchema(`openapi.json#/components/schemas/${schemaName}`);
  if (!validateFn) throw new Error(`schema ${schemaName} not in the spec`);
  const validate: Validate = (body) => {
    if (validateFn(body)) return [];
    return (validateFn.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`.trim());
  };
  cache.set(schemaName, validate);
  return validate;
}

let spec: { components: Record<string, unknown> } | undefined;
function loadSpec(): { components: Record<string, unknown> } {
  if (!spec) {
    const file = specPath();
    spec = parse(fs.readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as { components: Record<string, unknown> };
  }
  return spec;
}

/** OpenAPI's `nullable: true` is not JSON Schema: fold it into the type. */
function openApiToJsonSchema(node: unknown): any {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'nullable') out[key] = openApiToJsonSchema(value);
  }
  if ((node as Record<string, unknown>).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) out.type = [...out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}
