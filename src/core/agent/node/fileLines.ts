/**
 * A file read from disk a chunk at a time into a `PageCollector`: the lines of the page are
 * decoded (UTF-8, the BOM dropped, CRLF read as one break), the rest only counted, so a file of
 * any size costs one page of memory. A file with a NUL byte near its start is binary and not read.
 */
import { promises as fs } from 'fs';
import { StringDecoder } from 'string_decoder';
import type { PageCollector } from '../linePage';
import { PAGE_CHARS } from '../linePage';

const CHUNK = 64 * 1024;
/** Where git looks for a NUL to call a file binary. */
const BINARY_SNIFF = 8000;
const NEWLINE = 0x0a;

export type FileRead = 'read' | 'binary';

/** Pushes the file's lines into `collector`; 'binary' (and nothing pushed) when it is not text. Throws what `fs` throws, or the signal's reason. */
export async function readFileLines(fsPath: string, collector: PageCollector, signal?: AbortSignal): Promise<FileRead> {
  const handle = await fs.open(fsPath, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    const lines = new LineSplitter(collector);
    let first = true;
    let lastByte = -1;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (first && chunk.subarray(0, BINARY_SNIFF).includes(0)) return 'binary';
      first = false;
      lastByte = chunk[bytesRead - 1];
      if (collector.wantsText) lines.write(chunk);
      else collector.skip(countNewlines(chunk));
    }
    lines.end(lastByte !== -1 && lastByte !== NEWLINE);
    return 'read';
  } finally {
    await handle.close();
  }
}

function countNewlines(chunk: Buffer): number {
  let n = 0;
  for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) n++;
  return n;
}

/** Decodes chunks into lines while the collector wants text, then counts the breaks in the rest. */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The start of the line being read: never more than a page of it is kept. */
  private partial = '';
  private partialLength = 0;
  private endsWithCR = false;
  private started = false;
  private counting = false;

  constructor(private readonly collector: PageCollector) {}

  write(chunk: Buffer): void {
    let text = this.decoder.write(chunk);
    if (!this.started && text !== '') {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      this.line(text.slice(from, nl));
      from = nl + 1;
      if (!this.collector.wantsText) {
        this.counting = true;
        this.collector.skip(countNewlines(Buffer.from(text.slice(from))));
        return;
      }
    }
    this.append(text.slice(from));
  }

  /** The end of the file: the last line, when it has no line break after it. */
  end(lastLineOpen: boolean): void {
    if (this.counting) {
      if (lastLineOpen) this.collector.skip(1);
      return;
    }
    this.append(this.decoder.end());
    if (this.partialLength > 0) this.line('');
  }

  private line(rest: string): void {
    this.append(rest);
    let { partial: text, partialLength: length } = this;
    // CRLF is one break: its \r belongs to no line (of a line cut to a page, it was never kept).
    if (this.endsWithCR) {
      length--;
      if (text.length > length) text = text.slice(0, length);
    }
    this.collector.push(text, length);
    this.partial = '';
    this.partialLength = 0;
    this.endsWithCR = false;
  }

  private append(text: string): void {
    if (text === '') return;
    if (this.partial.length < PAGE_CHARS + 1) this.partial += text.slice(0, PAGE_CHARS + 1 - this.partial.length);
    this.partialLength += text.length;
    this.endsWithCR = text.endsWith('\r');
  }
}
