const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Offsets (after `from`) where a new top-level Markdown block starts: an unindented line after
 * a blank line, outside any code fence. Text split there renders the same piece by piece as
 * whole (reference-style links aside, which replies do not use), so a streaming reply
 * re-renders only its last block while the earlier ones keep their DOM. `from` must itself be
 * 0 or such an offset, so it is outside any fence.
 */
export function blockStarts(text: string, from = 0): number[] {
  const starts: number[] = [];
  let fence: string | undefined; // the opening run of backticks or tildes while inside a fence
  let afterBlank = false;
  let pos = from;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const line = text.slice(pos, nl < 0 ? text.length : nl);
    if (!fence && afterBlank && /^\S/.test(line)) starts.push(pos);
    if (nl < 0) break; // the last line is still arriving
    const run = FENCE.exec(line)?.[1];
    if (fence) {
      if (run && run[0] === fence[0] && run.length >= fence.length && line.trim() === run) fence = undefined;
      afterBlank = false;
    } else if (run) {
      fence = run;
      afterBlank = false;
    } else {
      afterBlank = line.trim() === '';
    }
    pos = nl + 1;
  }
  return starts;
}
