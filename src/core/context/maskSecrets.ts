/**
 * Masks strings that look like secrets before code is sent to a model: private key blocks,
 * well-known token shapes, and `NAME=value` / `"name": "value"` pairs whose name says secret.
 */
const PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b(sk|rk|pk)-(proj-|live-|test-|ant-)?[A-Za-z0-9_-]{20,}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g,
];

const ASSIGNMENT =
  /((?:[A-Za-z0-9_]*?)(?:secret|token|passw(?:or)?d|api[_-]?key|access[_-]?key|private[_-]?key|auth)[A-Za-z0-9_]*["']?\s*[:=]\s*["']?)([^\s"',;]{8,})/gi;

export interface Masked {
  text: string;
  count: number;
  /** The masked values, in placeholder order (placeholder n is `secrets[n - 1]`). */
  secrets: string[];
}

const PLACEHOLDER = /⟦secret (\d+)⟧/g;

/**
 * Replaces each secret with a numbered placeholder `⟦secret n⟧`, so a rewrite can put the
 * real values back (see `unmaskSecrets`) and never loses them.
 */
export function maskSecrets(text: string): Masked {
  const secrets: string[] = [];
  const hide = (value: string) => `⟦secret ${secrets.push(value)}⟧`;
  let out = text;
  for (const pattern of PATTERNS) out = out.replace(pattern, (value) => hide(value));
  out = out.replace(ASSIGNMENT, (whole, name: string, value: string) => {
    if (value.startsWith('⟦secret') || !looksRandom(value)) return whole;
    return `${name}${hide(value)}`;
  });
  return { text: out, count: secrets.length, secrets };
}

export function unmaskSecrets(text: string, secrets: string[]): string {
  return text.replace(PLACEHOLDER, (whole, n: string) => secrets[Number(n) - 1] ?? whole);
}

/** High-entropy values only, so `password = getPassword()` stays readable. */
function looksRandom(value: string): boolean {
  if (/[()[\]{}]/.test(value) || /^(process|os|env|this|self|config)\./.test(value)) return false;
  const freq = new Map<string, number>();
  for (const ch of value) freq.set(ch, (freq.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const n of freq.values()) {
    const p = n / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy >= 3 && /\d/.test(value);
}

const KEY_EDGE = /-----(?:BEGIN|END) [A-Z ]*PRIVATE KEY-----/;
const KEY_BODY_LINE = /^[ \t]*[A-Za-z0-9+/=]{40,}[ \t]*$/gm;

/**
 * A private key cut by the edge of a window (its BEGIN line in, its END line out, or the other
 * way) escapes the whole-block pattern above: its base64 lines are masked on their own.
 */
export function maskKeyFragments(text: string): string {
  return KEY_EDGE.test(text) ? text.replace(KEY_BODY_LINE, '⟦secret⟧') : text;
}
