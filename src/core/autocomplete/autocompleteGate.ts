/**
 * Whether autocomplete may ask the model at all, here and now, and if not the one reason the
 * status bar gives. Pure: the adapter reads the settings, the window's trust and the clock.
 */

/** `parley.autocomplete.enabled`: `{ "*": true, "markdown": false }`; a language's own entry wins over `*`. */
export function enabledFor(setting: unknown, languageId: string): boolean {
  if (typeof setting === 'boolean') return setting;
  if (typeof setting !== 'object' || setting === null) return true;
  const map = setting as Record<string, unknown>;
  if (typeof map[languageId] === 'boolean') return map[languageId] as boolean;
  return typeof map['*'] === 'boolean' ? (map['*'] as boolean) : true;
}

/** True for a base URL on this machine (localhost, 127.0.0.0/8, ::1): nothing typed leaves it. */
export function isLoopbackUrl(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  // Not `*.localhost`: outside browsers some resolvers send those names to DNS.
  return host === 'localhost' || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

export interface GateInput {
  /** The setting, for this document's language. */
  enabled: boolean;
  /** The status bar's snooze, epoch ms; undefined when not snoozed. */
  snoozedUntil?: number;
  /** Three failures in a row paused requests until then (core/autocomplete/debounce.ts). */
  pausedUntil?: number;
  nowMs: number;
  /** `vscode.workspace.isTrusted`. */
  trusted: boolean;
  /** The endpoint, when a profile is set up. */
  baseUrl?: string;
  /**
   * The user chose autocomplete's profile or model (`parley.autocomplete.profile` / `.model`). Without
   * that, only a server on this machine is asked: a paid remote chat model is never billed per keystroke
   * because a profile happened to be active.
   */
  chosen: boolean;
  /** Why the file is left out (`parley.context.exclude`, `files.exclude`, git ignores it), if it is. */
  excluded?: string;
}

export type Gate =
  { run: true } | { run: false; why: 'off' | 'snoozed' | 'paused' | 'noProfile' | 'notChosen' | 'restricted' | 'excluded' };

export function gate(input: GateInput): Gate {
  if (!input.enabled) return { run: false, why: 'off' };
  if (input.snoozedUntil !== undefined && input.nowMs < input.snoozedUntil) return { run: false, why: 'snoozed' };
  if (input.baseUrl === undefined) return { run: false, why: 'noProfile' };
  const local = isLoopbackUrl(input.baseUrl);
  // In Restricted Mode nothing from the workspace goes out implicitly; a server on this machine keeps it here.
  if (!input.trusted && !local) return { run: false, why: 'restricted' };
  if (!input.chosen && !local) return { run: false, why: 'notChosen' };
  if (input.excluded !== undefined) return { run: false, why: 'excluded' };
  if (input.pausedUntil !== undefined && input.nowMs < input.pausedUntil) return { run: false, why: 'paused' };
  return { run: true };
}
