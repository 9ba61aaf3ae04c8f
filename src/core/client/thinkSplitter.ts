/**
 * Separates inline `<think>…</think>` reasoning from answer text in a stream of content
 * deltas. Tags may be split across deltas at any byte, so a possible partial tag at the end
 * of a delta is held back until the next delta decides it.
 */
const OPEN = '<think>';
const CLOSE = '</think>';

export interface SplitDelta {
  content: string;
  reasoning: string;
  /** A closing tag arrived with no opening tag: everything said so far was reasoning. */
  reclassify: boolean;
}

export class ThinkSplitter {
  private inThink = false;
  private sawTag = false;
  private pending = '';
  /** After a closing tag, the newlines that separate it from the answer are dropped. */
  private trimNewlines = false;

  push(delta: string): SplitDelta {
    const out: SplitDelta = { content: '', reasoning: '', reclassify: false };
    let text = this.pending + delta;
    this.pending = '';
    while (text.length > 0) {
      const tag = this.inThink ? CLOSE : OPEN;
      const at = text.indexOf(tag);
      const loneClose = !this.inThink && !this.sawTag ? text.indexOf(CLOSE) : -1;
      if (loneClose !== -1 && (at === -1 || loneClose < at)) {
        // Some templates open the think block in the prompt, so only `</think>` is streamed.
        out.reasoning += text.slice(0, loneClose);
        out.reclassify = true;
        this.sawTag = true;
        this.trimNewlines = true;
        text = text.slice(loneClose + CLOSE.length);
        continue;
      }
      if (at === -1) {
        const keep = partialTagSuffix(text, this.inThink ? [CLOSE] : this.sawTag ? [OPEN] : [OPEN, CLOSE]);
        this.emit(out, text.slice(0, text.length - keep));
        this.pending = text.slice(text.length - keep);
        break;
      }
      this.emit(out, text.slice(0, at));
      this.sawTag = true;
      this.inThink = !this.inThink;
      text = text.slice(at + tag.length);
      if (!this.inThink) this.trimNewlines = true;
    }
    return out;
  }

  /** Flushes text held back as a possible tag once the stream has ended. */
  end(): SplitDelta {
    const out: SplitDelta = { content: '', reasoning: '', reclassify: false };
    this.emit(out, this.pending);
    this.pending = '';
    return out;
  }

  private emit(out: SplitDelta, text: string): void {
    if (this.inThink) {
      out.reasoning += text;
      return;
    }
    if (this.trimNewlines) {
      text = text.replace(/^[\r\n]+/, '');
      if (text) this.trimNewlines = false;
    }
    out.content += text;
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of one of `tags`. */
function partialTagSuffix(text: string, tags: string[]): number {
  let best = 0;
  for (const tag of tags) {
    for (let n = Math.min(tag.length - 1, text.length); n > best; n--) {
      if (text.endsWith(tag.slice(0, n))) {
        best = n;
        break;
      }
    }
  }
  return best;
}
