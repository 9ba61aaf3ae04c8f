/**
 * A function and a rewrite of it that changes the first and the third of its three regions and
 * leaves the middle one: two changes to decide. Lines 1-9 of SOURCE are the function.
 */
export const SOURCE = [
  '// header',
  'function calc(x) {',
  '  const a = x + 1;',
  "  log('a', a);",
  '  const b = a * 2;',
  "  log('b', b);",
  '  const c = b - 3;',
  '  return c;',
  '}',
  '',
].join('\n');
export const REPLY = [
  'function calc(x) {',
  '  const a: number = x + 1;',
  "  log('a', a);",
  '  const b = a * 2;',
  "  log('b', b);",
  '  const c: number = b - 3;',
  "  log('c', c);",
  '  return c;',
  '}',
].join('\n');
export const ALL = SOURCE.replace('const a = x + 1;', 'const a: number = x + 1;').replace(
  '  const c = b - 3;\n',
  "  const c: number = b - 3;\n  log('c', c);\n",
);
export const FIRST_ONLY = SOURCE.replace('const a = x + 1;', 'const a: number = x + 1;');
export const SECOND_ONLY = SOURCE.replace('  const c = b - 3;\n', "  const c: number = b - 3;\n  log('c', c);\n");
