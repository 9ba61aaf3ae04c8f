/**
 * What a terminal showed, as plain text for the model: escape sequences (colours, cursor moves,
 * window titles, shell-integration marks) removed, `\r\n` read as `\n`, and a line redrawn after a
 * lone `\r` (a progress bar) kept as last drawn. Fed chunk by chunk as the output arrives, so a
 * sequence or a `\r\n` cut between two chunks is still read whole.
 */

type State = 'text' | 'escape' | 'csi' | 'string' | 'stringEscape';

const ESC = '\x1b';
const BEL = '\x07';
/** A line this long is passed on unfinished, so one endless line cannot hold the whole output. */
const MAX_LINE = 16_384;
/** An escape sequence this long is garbage (an unterminated title): it is dropped, not kept. */
const MAX_SEQUENCE = 4_096;

export class TerminalTextReader {
  private state: State = 'text';
  private sequenceLength = 0;
  private line = '';
  /** A lone `\r` was seen: the next character starts the line again. */
  private returned = false;

  /** Reads `chunk`; returns the text of the lines it finished (each ending in `\n`). */
  push(chunk: string): string {
    let out = '';
    let run = 0; // start of the plain text not yet added to the line
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.state !== 'text') {
        this.readSequence(c);
        run = i + 1;
        continue;
      }
      const code = c.charCodeAt(0);
      if (code >= 0x20 && code !== 0x7f && code !== 0x9b && code !== 0x9d) continue;
      this.addText(chunk.slice(run, i));
      run = i + 1;
      out += this.control(c);
    }
    this.addText(chunk.slice(run));
    if (this.line.length >= MAX_LINE) {
      out += this.line;
      this.line = '';
    }
    return out;
  }

  /** The output has ended: the unfinished last line, if any. */
  end(): string {
    const rest = this.line;
    this.line = '';
    this.state = 'text';
    return rest;
  }

  private addText(text: string): void {
    if (text === '') return;
    if (this.returned) {
      this.line = '';
      this.returned = false;
    }
    this.line += text;
  }

  /** A control character in text; returns a finished line, if it ended one. */
  private control(c: string): string {
    switch (c) {
      case '\n': {
        const line = `${this.line}\n`;
        this.line = '';
        this.returned = false;
        return line;
      }
      case '\r':
        this.returned = true;
        return '';
      case '\t':
        this.addText('\t');
        return '';
      case '\b':
        this.line = this.line.slice(0, -1);
        return '';
      case ESC:
        this.startSequence('escape');
        return '';
      case '\x9b':
        this.startSequence('csi');
        return '';
      case '\x9d':
        this.startSequence('string');
        return '';
      default:
        return ''; // BEL and the other controls show nothing
    }
  }

  private startSequence(state: State): void {
    this.state = state;
    this.sequenceLength = 0;
  }

  /** One character inside an escape sequence, per ECMA-48: where it ends, nothing is shown. */
  private readSequence(c: string): void {
    const code = c.charCodeAt(0);
    if (++this.sequenceLength > MAX_SEQUENCE) this.state = 'text';
    else if (this.state === 'escape') {
      // ESC [ is CSI; ESC ] (OSC), P (DCS), X, ^ and _ open a string ended by BEL or ESC \.
      if (c === '[') this.state = 'csi';
      else if (']PX^_'.includes(c)) this.state = 'string';
      else if (code < 0x20 || code > 0x2f) this.state = 'text'; // intermediates (0x20–0x2f) go on; anything else ends it
    } else if (this.state === 'csi') {
      if (code >= 0x40 && code <= 0x7e) this.state = 'text';
    } else if (this.state === 'string') {
      if (c === BEL) this.state = 'text';
      else if (c === ESC) this.state = 'stringEscape';
    } else if (this.state === 'stringEscape') {
      this.state = c === '\\' ? 'text' : 'string';
    }
  }
}

/** `text` read whole. */
export function terminalText(text: string): string {
  const reader = new TerminalTextReader();
  return reader.push(text) + reader.end();
}
