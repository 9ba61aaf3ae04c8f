import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  extractDate,
  extractPath,
  parseSpec,
  refClosure,
  renderExtract,
  repoRoot,
  ROOTS,
  unresolvedRefs,
  type OpenApiDoc,
} from '../spec/extractSpec';
import { RESPONSE_SCHEMAS, TOOL_SCHEMAS, schemaValidator, specPath } from '../server/specValidator';

/** The OpenAPI extract the tests validate against lives in the repository and stands on its own. */
describe('the OpenAPI extract in test/spec', function () {
  this.timeout(30_000); // compiling the schemas, or parsing the full document, takes seconds
  const file = extractPath();
  const text = fs.readFileSync(file, 'utf8');
  const doc = parseSpec(text);
  const schemas = doc.components.schemas as Record<string, any>;

  it('is inside the repository and is what the validator loads', () => {
    assert.strictEqual(path.relative(repoRoot(), file), path.join('test', 'spec', 'openai-chat.openapi.yaml'));
    if (!process.env.PARLEY_OPENAPI_SPEC) assert.strictEqual(specPath(), file);
  });

  it('is self-contained: every $ref resolves within it', () => {
    assert.deepStrictEqual(unresolvedRefs(doc), []);
    // The check can fail: a reference to a schema the extract lacks is reported.
    const broken: OpenApiDoc = { components: { schemas: { ...schemas, Extra: { $ref: '#/components/schemas/NotThere' } } } };
    assert.deepStrictEqual(unresolvedRefs(broken), ['#/components/schemas/NotThere']);
    assert.throws(() => refClosure(broken.components.schemas, ['Extra']), /NotThere is referenced but not in the document/);
  });

  it('holds the schemas the tests use, and exactly what they reference', () => {
    const used = ['CreateChatCompletionRequest', ...Object.values(RESPONSE_SCHEMAS), 'Model', ...TOOL_SCHEMAS];
    for (const name of used) assert.ok(ROOTS.includes(name as (typeof ROOTS)[number]), `${name} is not a root of the extract`);
    assert.deepStrictEqual(Object.keys(schemas), refClosure(schemas, ROOTS), 'the extract is the $ref closure of its roots, sorted');
    for (const name of used) assert.strictEqual(typeof schemaValidator(name), 'function');
    // Validation keywords survive the extraction; so does a property that happens to be called description.
    assert.deepStrictEqual(schemas.CreateChatCompletionStreamResponse.required, ['choices', 'created', 'id', 'model', 'object']);
    assert.ok(schemas.FunctionObject.properties.description, 'FunctionObject keeps its description property');
  });

  it('is exactly what `npm run spec:update` writes (not edited by hand), with its source in the header', () => {
    const date = extractDate(text);
    assert.ok(date, 'the header has the date of extraction');
    assert.strictEqual(renderExtract(doc, date), text);
    assert.match(text, /^# Extract of the OpenAI OpenAPI document/);
    assert.match(
      text,
      new RegExp(
        `# Source: https://github\\.com/openai/openai-openapi \\(openapi\\.yaml\\), info\\.version ${doc.info!.version!.replace(/\./g, '\\.')}; extracted ${date}\\.`,
      ),
    );
    assert.match(text, /# License: MIT/);
    assert.match(text, /# Regenerate: npm run spec:update -- /);
    const scripts = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')).scripts as Record<string, string>;
    assert.match(scripts['spec:update'], /out\/test\/spec\/extractSpec\.js$/);
  });

  it('stays small', () => {
    assert.ok(Buffer.byteLength(text) < 64 * 1024, `${Buffer.byteLength(text)} bytes`);
  });

  // With PARLEY_OPENAPI_SPEC naming the full document, also check the extract is what it gives.
  const full = process.env.PARLEY_OPENAPI_SPEC;
  if (full) {
    it(`is what ${full} gives`, () => {
      assert.strictEqual(renderExtract(parseSpec(fs.readFileSync(full, 'utf8')), extractDate(text)!), text);
    });
  }
});
