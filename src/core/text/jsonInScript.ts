/**
 * A value as JSON to sit inside a `<script type="application/json">` element: each `<` written
 * `\u003c` (`<` appears in JSON only inside strings, where the escape means the same), so no
 * text in it, such as a message quoting `</script>` or `<!--`, can end the element or change
 * how the page is parsed. `JSON.parse` of the element's text gives the value back.
 */
export function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
