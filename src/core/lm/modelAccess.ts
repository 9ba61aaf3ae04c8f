/**
 * Which extension may use a Parley model that sends the user's API key, pure: VS Code says who
 * asks (`requestInitiator`, an extension id as a lower-case key, or "core"); the user answers
 * once per extension and key origin, and the answer is kept until they take it back.
 */

/** `requestInitiator` when VS Code itself asks. */
export const VSCODE_ITSELF = 'core';

/** VS Code's own chat (the built-in Copilot Chat extension): there the user picked the model. */
export const VSCODE_CHAT_EXTENSION = 'github.copilot-chat';

/** The user's answer for one extension and one key origin. */
export interface AccessDecision {
  /** The extension's id as VS Code gives it (lower case). */
  readonly extension: string;
  /** The origin the key is stored for and sent to. */
  readonly origin: string;
  readonly allowed: boolean;
  /** The profile the request was for when the user answered (shown when listing answers). */
  readonly profile: string;
}

export interface AccessRequest {
  /** `requestInitiator`; undefined where VS Code does not say (before it passed it). */
  readonly initiator: string | undefined;
  /** Parley's own id: its own requests need no answer. */
  readonly self: string;
  /** The profile sends a key: only then is there anything to allow. */
  readonly sendsKey: boolean;
  readonly origin: string;
}

/** What to do with a request: send it, ask the user, or refuse it (the user said no before). */
export type AccessVerdict = { readonly kind: 'send' } | { readonly kind: 'ask' | 'refuse'; readonly extension: string };

/** The extension that must be allowed before this request is sent, if any. */
export function askingExtension(request: AccessRequest): string | undefined {
  const who = request.initiator?.toLowerCase();
  if (!request.sendsKey || !who) return undefined;
  if (who === VSCODE_ITSELF || who === VSCODE_CHAT_EXTENSION || who === request.self.toLowerCase()) return undefined;
  return who;
}

export function verdict(decisions: readonly AccessDecision[], request: AccessRequest): AccessVerdict {
  const extension = askingExtension(request);
  if (extension === undefined) return { kind: 'send' };
  const known = decisionFor(decisions, extension, request.origin);
  if (!known) return { kind: 'ask', extension };
  return known.allowed ? { kind: 'send' } : { kind: 'refuse', extension };
}

export function decisionFor(decisions: readonly AccessDecision[], extension: string, origin: string): AccessDecision | undefined {
  return decisions.find((d) => d.extension === extension && d.origin === origin);
}

/** The decisions with `decision` in place of any earlier one for the same extension and origin. */
export function withDecision(decisions: readonly AccessDecision[], decision: AccessDecision): AccessDecision[] {
  return [...decisions.filter((d) => !sameSubject(d, decision)), decision];
}

/** The decisions without those in `forgotten` (by extension and origin). */
export function withoutDecisions(decisions: readonly AccessDecision[], forgotten: readonly AccessDecision[]): AccessDecision[] {
  return decisions.filter((d) => !forgotten.some((f) => sameSubject(d, f)));
}

function sameSubject(a: AccessDecision, b: AccessDecision): boolean {
  return a.extension === b.extension && a.origin === b.origin;
}

/** The decisions kept in storage: anything malformed (an older or edited entry) is dropped, never trusted. */
export function parseDecisions(stored: unknown): AccessDecision[] {
  if (!Array.isArray(stored)) return [];
  const out: AccessDecision[] = [];
  for (const entry of stored) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { extension, origin, allowed, profile } = entry as Record<string, unknown>;
    if (typeof extension !== 'string' || !extension || typeof origin !== 'string' || !origin || typeof allowed !== 'boolean') continue;
    out.push({ extension: extension.toLowerCase(), origin, allowed, profile: typeof profile === 'string' ? profile : '' });
  }
  return out.reduce<AccessDecision[]>(withDecision, []);
}
