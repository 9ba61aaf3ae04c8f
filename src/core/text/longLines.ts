/**
 * Lines over `max` characters cut to `max`, each followed by `note(characters left out)`: laying
 * out one enormous line costs the browser seconds. One pass over the text by line ends (a
 * pattern such as /[^\n]{max+1,}/ retries at every character and took 20 ms on an 80 kB reply,
 * on every frame it was redrawn). Text with no such line comes back as it is.
 */
export function shortenLongLines(text: string, max: number, note: (left: number) => string): string {
  if (text.length <= max) return text;
  let out = '';
  let kept = 0; // text before this has been copied to `out`
  for (let start = 0; start < text.length;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > max) {
      out += text.slice(kept, start + max) + note(end - start - max);
      kept = end;
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return kept === 0 ? text : out + text.slice(kept);
}
