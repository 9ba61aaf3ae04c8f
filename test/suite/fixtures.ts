/** Printed by the suite when mocha starts, so the runner can tell its output from the workbench's. */
export const SUITE_START = '--- parley integration suite ---';

/** Files of the workspace the integration and UI tests open. */
export const WORKSPACE_FILES: Record<string, string> = {
  'src/math.ts': [
    '// Small helpers used by the tests.',
    'export function add(a: number, b: number): number {',
    '  return a + b;',
    '}',
    '',
    'export function fib(n: number): number {',
    '  if (n < 2) return n;',
    '  return fib(n - 1) + fib(n - 2);',
    '}',
    '',
  ].join('\n'),
  'src/config.py': [
    'import os',
    '',
    'API_TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"',
    '',
    'def load():',
    '    return {"token": API_TOKEN, "home": os.environ.get("HOME")}',
    '',
  ].join('\n'),
  // Two files for Explain's definitions: report.ts calls a helper that lives in geometry.ts.
  'src/geometry.ts': [
    '/** The area of a circle of radius r. */',
    'export function circleArea(r: number): number {',
    '  const squared = r * r;',
    '  return Math.PI * squared;',
    '}',
    '',
  ].join('\n'),
  'src/report.ts': [
    "import { circleArea } from './geometry';",
    '',
    'export function describeCircle(r: number): string {',
    '  const area = circleArea(r);',
    '  return `A circle of radius ${r} covers ${area.toFixed(2)}.`;',
    '}',
    '',
  ].join('\n'),
  'src/crlf.js': 'function a() {\r\n  return 1;\r\n}\r\n\r\nfunction b() {\r\n  return 2;\r\n}\r\n',
};
