import * as assert from 'assert';
import {
  describeServer,
  parseMcpServers,
  secretLabels,
  secretScope,
  withSecrets,
  type HttpServer,
  type StdioServer,
} from '../../src/core/mcp/mcpConfig';
import { MAX_RESULT_IMAGE_BYTES, MAX_RESULT_IMAGES, mcpOutcome } from '../../src/core/mcp/mcpResult';
import { mcpToolNames } from '../../src/core/mcp/mcpToolName';

describe('parley.mcp.servers read into server definitions', () => {
  it('a command is stdio, a url is HTTP, type sse is SSE only; bad entries are left out with a reason naming them', () => {
    const read = parseMcpServers({
      local: { command: 'npx', args: ['-y', 'server'], env: { A: '1' } },
      web: { url: 'https://example.com/mcp', headers: { Authorization: 'Bearer x' } },
      old: { type: 'sse', url: 'http://127.0.0.1:9/sse' },
      nothing: {},
      badArgs: { command: 'x', args: 'not a list' },
      ftp: { url: 'ftp://example.com' },
      list: [1],
    });
    assert.deepStrictEqual(
      read.servers.map((s) => [s.name, s.transport]),
      [
        ['local', 'stdio'],
        ['web', 'http'],
        ['old', 'sse'],
      ],
    );
    assert.deepStrictEqual((read.servers[0] as StdioServer).args, ['-y', 'server']);
    assert.strictEqual(read.problems.length, 4);
    for (const name of ['nothing', 'badArgs', 'ftp', 'list'])
      assert.ok(
        read.problems.some((p) => p.includes(`"${name}"`)),
        name,
      );
  });

  it('a value that is not an object is one problem, nothing else', () => {
    assert.deepStrictEqual(parseMcpServers(['x']).servers, []);
    assert.strictEqual(parseMcpServers('x').problems.length, 1);
    assert.deepStrictEqual(parseMcpServers(undefined), { servers: [], problems: [] });
  });

  it('secrets: labels found once each, filled in, and scoped to the program or origin', () => {
    const web = parseMcpServers({
      w: { url: 'https://a.example/mcp', headers: { Authorization: 'Bearer ${secret:tok}', X: '${secret: tok }-${secret:other}' } },
    }).servers[0] as HttpServer;
    assert.deepStrictEqual(secretLabels(web), ['tok', 'other']);
    const filled = withSecrets(
      web,
      new Map([
        ['tok', 'T'],
        ['other', 'O'],
      ]),
    );
    assert.deepStrictEqual(filled.headers, { Authorization: 'Bearer T', X: 'T-O' });
    const moved = { ...web, url: 'https://evil.example/mcp' };
    assert.notStrictEqual(secretScope(moved), secretScope(web), 'another origin is another scope');
    assert.strictEqual(secretScope({ ...web, url: 'https://a.example/other' }), secretScope(web), 'same origin, same scope');
    const stdio = parseMcpServers({ s: { command: 'node', args: ['a.js'], env: { K: '${secret:k}' } } }).servers[0] as StdioServer;
    assert.notStrictEqual(secretScope({ ...stdio, args: ['b.js'] }), secretScope(stdio), 'another program is another scope');
    assert.strictEqual(describeServer(stdio), 'node a.js');
  });
});

describe('MCP tool names for the model', () => {
  it('mcp_<server>_<tool> in the allowed characters, at most 64, never twice, never a built-in name', () => {
    const names = mcpToolNames(
      [
        { server: 'my docs', tool: 'search.pages' },
        { server: 'my-docs', tool: 'search pages' },
        { server: 'x', tool: 'y' },
        { server: 'a'.repeat(50), tool: 'b'.repeat(50) },
        { server: 'a'.repeat(50), tool: 'b'.repeat(49) + 'c' },
      ],
      ['mcp_x_y'],
    );
    for (const n of names) assert.match(n, /^[a-zA-Z0-9_-]{1,64}$/);
    assert.strictEqual(new Set(names).size, names.length);
    assert.strictEqual(names[0], 'mcp_my_docs_search_pages');
    assert.notStrictEqual(names[2], 'mcp_x_y');
    assert.notStrictEqual(names[3], names[4]);
  });
});

describe('An MCP result as the text the model reads', () => {
  it('text parts joined; images kept beside the text, blobs named with their size, never base64; embedded text resources with their URI', () => {
    const out = mcpOutcome({
      content: [
        { type: 'text', text: 'first' },
        { type: 'image', mimeType: 'image/png', data: 'A'.repeat(4096) },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'inside' } },
        { type: 'resource', resource: { uri: 'file:///b.bin', blob: 'AAAA', mimeType: 'application/octet-stream' } },
        { type: 'resource_link', uri: 'https://x/y', name: 'y' },
        { type: 'unknown' },
        null,
      ],
    });
    assert.strictEqual(
      out.text,
      'first\n\n[image image/png, 3 KB: image-1.png, shown to the model after the tool results]\n\nfile:///a.txt:\ninside\n\n[resource file:///b.bin, application/octet-stream, 3 bytes: not shown to the model]\n\n[resource https://x/y (y)]',
    );
    assert.strictEqual(out.isError, false);
    assert.deepStrictEqual(out.images, [
      { name: 'image-1.png', mimeType: 'image/png', dataUrl: `data:image/png;base64,${'A'.repeat(4096)}` },
    ]);
  });

  it(`images: at most ${MAX_RESULT_IMAGES}, each at most 1 MB, PNG/JPEG/GIF/WebP in base64 only; the others named as not shown, saying why`, () => {
    const image = (mimeType: string, data: unknown) => ({ type: 'image', mimeType, data });
    const small = 'iVBORw0KGgo=';
    const over = 'A'.repeat(Math.ceil((MAX_RESULT_IMAGE_BYTES * 4) / 3) + 4);
    const out = mcpOutcome({
      content: [
        image('image/svg+xml', small),
        image('image/png', over),
        image('image/png', 'not base64!'),
        image('image/PNG', `${small.slice(0, 4)}\n${small.slice(4)}`),
        image('image/jpeg', small),
        image('image/gif', small),
        image('image/webp', small),
        image('image/png', small),
        { type: 'audio', mimeType: 'audio/wav', data: small },
      ],
    });
    assert.deepStrictEqual(
      out.images?.map((i) => [i.name, i.mimeType, i.dataUrl.length]),
      [
        ['image-1.png', 'image/png', 'data:image/png;base64,'.length + small.length],
        ['image-2.jpg', 'image/jpeg', 'data:image/jpeg;base64,'.length + small.length],
        ['image-3.gif', 'image/gif', 'data:image/gif;base64,'.length + small.length],
        ['image-4.webp', 'image/webp', 'data:image/webp;base64,'.length + small.length],
      ],
    );
    assert.deepStrictEqual(out.text.split('\n\n'), [
      '[image image/svg+xml, 8 bytes: not shown to the model (models take PNG, JPEG, GIF and WebP only)]',
      '[image image/png, 1024 KB: not shown to the model (over 1 MB)]',
      '[image image/png: not shown to the model (its data is not base64)]',
      '[image image/PNG, 8 bytes: image-1.png, shown to the model after the tool results]',
      '[image image/jpeg, 8 bytes: image-2.jpg, shown to the model after the tool results]',
      '[image image/gif, 8 bytes: image-3.gif, shown to the model after the tool results]',
      '[image image/webp, 8 bytes: image-4.webp, shown to the model after the tool results]',
      '[image image/png, 8 bytes: not shown to the model (only the first 4 images of a result are)]',
      '[audio audio/wav, 8 bytes: not shown to the model]',
    ]);
    assert.strictEqual(mcpOutcome({ content: [{ type: 'text', text: 'no picture' }] }).images, undefined);
  });

  it('an error result is an error; structured content when there is no text; nothing at all says so', () => {
    assert.deepStrictEqual(mcpOutcome({ isError: true, content: [{ type: 'text', text: 'boom' }] }), {
      text: 'boom',
      isError: true,
      summary: 'failed',
    });
    assert.strictEqual(mcpOutcome({ structuredContent: { a: 1 } }).text, '{\n  "a": 1\n}');
    assert.strictEqual(mcpOutcome({}).text, 'The tool returned nothing.');
    assert.strictEqual(mcpOutcome({ isError: true }).text, 'The tool failed and said nothing more.');
    assert.strictEqual(mcpOutcome({ content: 'not a list' as never }).text, 'The tool returned nothing.');
  });
});
