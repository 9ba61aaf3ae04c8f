import * as assert from 'assert';
import { BodyReadError, readSse, SseParser, type SseEvent } from '../../src/core/client/sseReader';

/** All events of `text` fed to one parser in the given pieces, then ended. */
function parse(pieces: string[]): SseEvent[] {
  const parser = new SseParser();
  return [...pieces.flatMap((p) => parser.push(p)), ...parser.end()];
}

/** A body that yields `chunks` one read each, and notes whether it was cancelled. */
function body(chunks: Uint8Array[], failAfter?: number): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && i === failAfter)
        return controller.error(Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } }));
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

const STREAM =
  ': keep-alive\n\ndata: {"a":1}\n\nevent: error\ndata: {"b":\ndata: 2}\n\ndata:no-space\n\ndata:  two spaces\n\nid: 7\nretry: 100\ndata: [DONE]\n\n';
const EXPECTED: SseEvent[] = [
  { data: '{"a":1}' },
  { event: 'error', data: '{"b":\n2}' },
  { data: 'no-space' },
  { data: ' two spaces' },
  { data: '[DONE]' },
];

describe('SseParser: server-sent events by the WHATWG rules', () => {
  it('reads data, event names, multi-line data, and drops comments, id and retry', () => {
    assert.deepStrictEqual(parse([STREAM]), EXPECTED);
  });

  for (const [name, end] of [
    ['CRLF', '\r\n'],
    ['a lone CR', '\r'],
  ] as const) {
    it(`reads ${name} line ends the same as LF, split anywhere`, () => {
      const text = STREAM.replace(/\n/g, end);
      assert.deepStrictEqual(parse([text]), EXPECTED);
      assert.deepStrictEqual(parse([...text]), EXPECTED, 'one character per piece');
      for (let cut = 1; cut < text.length; cut++) {
        assert.deepStrictEqual(parse([text.slice(0, cut), text.slice(cut)]), EXPECTED, `split at ${cut}`);
      }
    });
  }

  it('a CR at the end of one piece and LF at the start of the next make one line end, not two', () => {
    // Two line ends would be a blank line: the event would be dispatched before its second data line.
    assert.deepStrictEqual(parse(['data: a\r', '\ndata: b\r\n\r\n']), [{ data: 'a\nb' }]);
  });

  it('a field without a colon is a field with an empty value; an event with no data is not dispatched', () => {
    assert.deepStrictEqual(parse(['data\n\nevent: ping\n\ndata: x\n\n']), [{ data: 'x' }]);
  });

  it('keeps a last event whose blank line never came, and nothing for a stream of comments', () => {
    assert.deepStrictEqual(parse(['data: {"last":true}']), [{ data: '{"last":true}' }]);
    assert.deepStrictEqual(parse([': a\n', ': b\n\n']), []);
  });

  it('reads thousands of events from one piece', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `data: {"i":${i}}\n\n`).join('');
    const events = parse([text]);
    assert.strictEqual(events.length, 5000);
    assert.strictEqual(events[4999].data, '{"i":4999}');
  });
});

describe('readSse over a body', () => {
  it('decodes UTF-8 split across reads (one byte per read)', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"naïve 日本 🚀"}\r\n\r\n');
    const { stream } = body([...bytes].map((b) => Uint8Array.of(b)));
    const seen: string[] = [];
    let reads = 0;
    await readSse(stream, {
      onBytes: () => reads++,
      onEvent: (e) => {
        seen.push(e.data);
      },
    });
    assert.deepStrictEqual(seen, ['{"t":"naïve 日本 🚀"}']);
    assert.strictEqual(reads, bytes.length, 'every read is reported (the idle timer restarts on keep-alives too)');
  });

  it('stops and cancels the body when onEvent returns false', async () => {
    const enc = new TextEncoder();
    const { stream, cancelled } = body([enc.encode('data: 1\n\ndata: [DONE]\n\n'), enc.encode('data: after\n\n')]);
    const seen: string[] = [];
    await readSse(stream, {
      onEvent: (e) => {
        seen.push(e.data);
        return e.data !== '[DONE]';
      },
    });
    assert.deepStrictEqual(seen, ['1', '[DONE]']);
    assert.ok(cancelled(), 'the rest of the body is cancelled');
  });

  it('a failed read rejects with a BodyReadError carrying the cause; what came before was delivered', async () => {
    const { stream } = body([new TextEncoder().encode('data: 1\n\n')], 1);
    const seen: string[] = [];
    const error = await readSse(stream, {
      onEvent: (e) => {
        seen.push(e.data);
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof BodyReadError, `got ${String(error)}`);
    assert.strictEqual((error.cause as Error).message, 'terminated');
    assert.deepStrictEqual(seen, ['1']);
  });

  it('an error thrown by onEvent rejects as itself, not as a read failure', async () => {
    const { stream } = body([new TextEncoder().encode('data: x\n\n')]);
    const error = await readSse(stream, {
      onEvent: () => {
        throw new SyntaxError('bad');
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof SyntaxError);
  });
});
