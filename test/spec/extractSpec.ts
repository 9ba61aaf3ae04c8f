/**
 * Writes test/spec/openai-chat.openapi.yaml: the part of the official OpenAI OpenAPI document
 * (github.com/openai/openai-openapi) that Parley's tests validate against, so the repository
 * carries everything its tests need.
 *
 *   npm run spec:update -- <path to the full openapi.yaml> [--date YYYY-MM-DD] [--check]
 *
 * The extract holds the ROOTS schemas and every schema they reference ($ref closure), sorted by
 * name, with the validation keywords verbatim and the annotations (description, example(s),
 * x-*) dropped. Its output depends only on the input document and the date, so running it
 * twice gives the same file; `--check` fails instead of writing when the file would change.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';

/** The schemas the test server and the tests validate against. */
export const ROOTS = [
  'CreateChatCompletionRequest',
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'ErrorResponse',
  'ListModelsResponse',
  'Model',
  // Tool calls: what the client sends and reads, validated by name in the tests.
  'ChatCompletionTool',
  'ChatCompletionToolChoiceOption',
  'ChatCompletionRequestAssistantMessage',
  'ChatCompletionRequestToolMessage',
  'ChatCompletionMessageToolCalls',
  'ChatCompletionMessageToolCall',
  'ChatCompletionMessageToolCallChunk',
  // Legacy completions (autocomplete's fill-in-the-middle: prompt + suffix).
  'CreateCompletionRequest',
  'CreateCompletionResponse',
] as const;

export const SOURCE_URL = 'https://github.com/openai/openai-openapi';
const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/** The repository root: the nearest folder above this file (src or out/) with Parley's package.json. */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'parley') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Parley package.json above ${from}`);
  }
}

export function extractPath(): string {
  return path.join(repoRoot(), 'test', 'spec', 'openai-chat.openapi.yaml');
}

export interface OpenApiDoc {
  openapi?: string;
  info?: { title?: string; version?: string; license?: Record<string, unknown> };
  components: { schemas: Record<string, unknown> };
}

export function parseSpec(text: string): OpenApiDoc {
  const doc = parse(text, { maxAliasCount: -1 }) as OpenApiDoc;
  if (!doc?.components?.schemas) throw new Error('not an OpenAPI document with components.schemas');
  return doc;
}

/** Every $ref (and discriminator mapping) in a node, as written. */
export function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) refsIn(item, out);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else if (key === 'discriminator' && value && typeof value === 'object' && 'mapping' in value) {
        out.push(...Object.values((value as { mapping: Record<string, string> }).mapping ?? {}));
        refsIn(value, out);
      } else refsIn(value, out);
    }
  }
  return out;
}

/** Names of the roots and every schema they reach, sorted; throws on a $ref it cannot follow. */
export function refClosure(schemas: Record<string, unknown>, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    if (!(name in schemas)) throw new Error(`schema ${name} is referenced but not in the document`);
    seen.add(name);
    for (const ref of refsIn(schemas[name])) {
      const m = SCHEMA_REF.exec(ref);
      if (!m) throw new Error(`${name}: $ref ${ref} is not a #/components/schemas/ reference`);
      queue.push(decodeURIComponent(m[1]));
    }
  }
  return [...seen].sort();
}

/** $refs in the document that do not resolve inside it. */
export function unresolvedRefs(doc: OpenApiDoc): string[] {
  const bad: string[] = [];
  for (const ref of refsIn(doc)) {
    const m = SCHEMA_REF.exec(ref);
    if (!m || !(decodeURIComponent(m[1]) in doc.components.schemas)) bad.push(ref);
  }
  return [...new Set(bad)].sort();
}

/** Keys whose value is a map of names (not a schema's keywords). */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keys whose value is data, copied as it is. */
const DATA = new Set(['enum', 'const', 'default', 'required', 'discriminator']);
const isAnnotation = (key: string) => key === 'description' || key === 'example' || key === 'examples' || key.startsWith('x-');

/** Drops the annotations a validator ignores; keeps every validation keyword as it is. */
export function stripAnnotations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripAnnotations);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (isAnnotation(key)) continue;
    if (DATA.has(key)) out[key] = value;
    else if (NAME_MAPS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, stripAnnotations(schema)]));
    } else out[key] = stripAnnotations(value);
  }
  return out;
}

/** The extract's text for a (full or extracted) document. Deterministic in (doc, date). */
export function renderExtract(source: OpenApiDoc, date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`date must be YYYY-MM-DD, got ${date}`);
  const version = source.info?.version;
  if (!version) throw new Error('the document has no info.version');
  const names = refClosure(source.components.schemas, ROOTS);
  const doc = {
    openapi: source.openapi ?? '3.1.0',
    info: { title: source.info?.title ?? 'OpenAI API', version, license: source.info?.license },
    components: { schemas: Object.fromEntries(names.map((n) => [n, stripAnnotations(source.components.schemas[n])])) },
  };
  const license = source.info?.license as { name?: string } | undefined;
  const header = [
    "# Extract of the OpenAI OpenAPI document, for Parley's tests (the test server validates",
    '# what it receives and what it sends against these schemas). Generated: do not edit.',
    `# Source: ${SOURCE_URL} (openapi.yaml), info.version ${version}; extracted ${date}.`,
    `# License: ${license?.name ?? 'see the source'}, as the document's info.license states; the schemas are OpenAI's.`,
    `# Contents: ${ROOTS.join(', ')}`,
    '# and every schema they reference ($ref closure), sorted by name; validation keywords are',
    '# verbatim, annotations (description, example(s), x-*) are dropped.',
    '# Regenerate: npm run spec:update -- <path to the full openapi.yaml> [--date YYYY-MM-DD] [--check]',
  ];
  return `${header.join('\n')}\n${stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 })}`;
}

/** The date written in an extract's header. */
export function extractDate(text: string): string | undefined {
  return /; extracted (\d{4}-\d{2}-\d{2})\./.exec(text)?.[1];
}

function main(argv: string[]): number {
  const args = [...argv];
  const check = args.includes('--check');
  const dateAt = args.indexOf('--date');
  const date = dateAt >= 0 ? args.splice(dateAt, 2)[1] : new Date().toISOString().slice(0, 10);
  const input = args.filter((a) => a !== '--check')[0];
  if (!input) {
    console.error('usage: npm run spec:update -- <path to the full OpenAI openapi.yaml> [--date YYYY-MM-DD] [--check]');
    return 2;
  }
  const text = renderExtract(parseSpec(fs.readFileSync(input, 'utf8')), date);
  const target = extractPath();
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (check) {
    // Compare with the committed file's own date, so --check does not depend on today.
    const same = renderExtract(parseSpec(fs.readFileSync(input, 'utf8')), dateAt >= 0 ? date : (extractDate(current) ?? date)) === current;
    console.log(
      same
        ? `${path.relative(process.cwd(), target)} is what ${input} gives`
        : `${path.relative(process.cwd(), target)} differs from what ${input} gives`,
    );
    return same ? 0 : 1;
  }
  fs.writeFileSync(target, text);
  const count = Object.keys(parseSpec(text).components.schemas).length;
  console.log(`wrote ${path.relative(process.cwd(), target)}: ${count} schemas, ${Buffer.byteLength(text)} bytes`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
