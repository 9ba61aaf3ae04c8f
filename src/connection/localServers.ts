import * as vscode from 'vscode';
import {
  detectLocalServers,
  localCandidates,
  profileFromLocalServer,
  type FoundServer,
  type LocalCandidate,
} from '../core/connection/localServers';
import type { LocalServersView } from '../shared/protocol';
import * as settings from '../common/settings';
import { Disposable } from '../common/dispose';
import { Settings, settingId } from '../common/settingsTable';
import type { KeyStore } from './keyStore';
import { placeLabel, setUpLocalServer } from './localServerSetup';

export { placeLabel } from './localServerSetup';

/** Per probe; a closed port answers at once, so this is only ever waited for on a silent one. */
export const PROBE_TIMEOUT_MS = 1500;
/**
 * The one retry of a port that took the connection and did not answer in time: a server on a
 * loaded machine (or loading a model) can take seconds to list its models, and is not "none".
 */
export const RETRY_TIMEOUT_MS = 5000;

/**
 * The local servers found in this window. Nothing is probed at activation: `find` runs when
 * the user opens the chat view or Choose Provider with no profile set up, and the result is
 * kept for the window (Look again refreshes it).
 */
export class LocalServers extends Disposable {
  private found?: FoundServer[];
  /** Ports that took the connection and did not answer, even when waited for longer. */
  private late: LocalCandidate[] = [];
  /** While the late ones are asked again: which. */
  private waitingFor?: LocalCandidate[];
  private pending?: Promise<FoundServer[]>;
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when a search starts, waits longer or ends, and when the first profile is set up (or the last removed). */
  readonly onDidChange = this.emitter.event;
  private readonly searching = this._register(new vscode.EventEmitter<void>());
  /** A search starts (at most one at a time; a finished search's result is kept until Look again). */
  readonly onDidSearch = this.searching.event;

  private wasWanted?: boolean;

  constructor(private readonly keys: KeyStore) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(settingId(Settings.profiles))) return;
        const now = LocalServers.wanted();
        if (now !== this.wasWanted) this.emitter.fire();
        this.wasWanted = now;
      }),
    );
  }

  /** True when no profile is set up (a setting that does not parse counts as set up: it is being edited). */
  static wanted(): boolean {
    try {
      return settings.readProfiles().length === 0;
    } catch {
      return false;
    }
  }

  get looking(): boolean {
    return this.pending !== undefined;
  }

  /** The servers found, probing first when this window has not looked yet (or `again`). */
  find(again = false): Promise<FoundServer[]> {
    if (this.pending) return this.pending;
    if (this.found && !again) return Promise.resolve(this.found);
    this.searching.fire();
    const waitLonger = (late: LocalCandidate[]) => {
      this.waitingFor = late;
      this.emitter.fire();
    };
    const search = detectLocalServers(localCandidates(), { firstMs: PROBE_TIMEOUT_MS, retryMs: RETRY_TIMEOUT_MS }, waitLonger)
      .then(({ found, late }) => {
        this.found = found;
        this.late = late;
        return found;
      })
      .finally(() => {
        this.pending = undefined;
        this.waitingFor = undefined;
        this.emitter.fire();
      });
    this.pending = search;
    this.emitter.fire();
    return search;
  }

  /** Forgets what was found, as a new window would (for the tests). */
  forget(): void {
    this.found = undefined;
    this.late = [];
  }

  /** The found server on `port`, if any: only a port that answered can be set up. */
  byPort(port: number): FoundServer | undefined {
    return this.found?.find((s) => s.port === port);
  }

  private settingUp?: Promise<string | undefined>;

  /**
   * Adds a profile for `server` and makes it active (asking first for the key of a server
   * that wants one). Returns its name, or undefined when the key box was cancelled.
   */
  setUp(server: FoundServer): Promise<string | undefined> {
    // A double click sets up one profile, not two.
    this.settingUp ??= setUpLocalServer(server, this.keys).finally(() => (this.settingUp = undefined));
    return this.settingUp;
  }

  /** What the empty chat view shows; undefined once a profile is set up. */
  view(): LocalServersView | undefined {
    if (!LocalServers.wanted()) return undefined;
    const found = this.found ?? [];
    return {
      looking: this.looking,
      note: this.note(found),
      lookAgain: vscode.l10n.t('Look again'),
      offers: found.map((s) => ({ port: s.port, label: serverLabel(s), detail: modelsDetail(s) })),
    };
  }

  private note(found: FoundServer[]): string {
    const candidates = localCandidates();
    if (this.waitingFor) return waitingNote(this.waitingFor);
    if (this.looking) return vscode.l10n.t('Looking for servers on this machine (ports {0})…', ports(candidates));
    if (!this.found) return '';
    const late = lateNote(this.late);
    if (found.length > 0) {
      const pick = found.some((s) => s.needsKey)
        ? vscode.l10n.t('Found on this machine (one click sets it up):')
        : vscode.l10n.t('Found on this machine (one click sets it up, no URL or key):');
      return late ? `${late} ${pick}` : pick;
    }
    // A port that took the connection is not "no server": only the others are said to be empty.
    const quiet = candidates.filter((c) => !this.late.some((l) => l.port === c.port));
    const none = quiet.length > 0 ? vscode.l10n.t('No local server answered on ports {0}.', ports(quiet)) : '';
    return [late, none].filter(Boolean).join(' ');
  }
}

function ports(candidates: readonly LocalCandidate[]): string {
  return candidates.map((c) => c.port).join(', ');
}

/** While late ports are asked again: the search is still on, and why it takes longer. */
function waitingNote(late: readonly LocalCandidate[]): string {
  return late.length === 1
    ? vscode.l10n.t('Looking for local servers… port {0} is slow to answer, waiting a little longer.', late[0].port)
    : vscode.l10n.t('Looking for local servers… ports {0} are slow to answer, waiting a little longer.', ports(late));
}

/** "The server on port 11434 did not answer in time (busy?)." or nothing. */
function lateNote(late: readonly LocalCandidate[]): string {
  if (late.length === 0) return '';
  return late.length === 1
    ? vscode.l10n.t('The server on port {0} did not answer in time (busy?): Look again in a moment.', late[0].port)
    : vscode.l10n.t('The servers on ports {0} did not answer in time (busy?): Look again in a moment.', ports(late));
}

/** "Ollama on localhost:11434, 3 models"; "llama.cpp server on localhost:8080 (needs a key)" */
export function serverLabel(server: FoundServer): string {
  if (server.needsKey) return vscode.l10n.t('{0} (needs a key)', placeLabel(server));
  const n = server.models.length;
  if (n === 0) return vscode.l10n.t('{0}, no models yet', placeLabel(server));
  if (n === 1) return vscode.l10n.t('{0}, 1 model', placeLabel(server));
  return vscode.l10n.t('{0}, {1} models', placeLabel(server), n);
}

/** The first few model ids, the first one being the one a pick sets up; for a server wanting a key, what a click does. */
export function modelsDetail(server: FoundServer): string {
  if (server.needsKey) return vscode.l10n.t('One click asks for its API key, kept for localhost:{0} and sent only there.', server.port);
  if (server.models.length === 0)
    return vscode.l10n.t('Pull or load a model first; the profile starts with {0}.', profileFromLocalServer(server, []).model as string);
  const shown = server.models.slice(0, 4).join(', ');
  return server.models.length > 4 ? vscode.l10n.t('{0} and {1} more', shown, server.models.length - 4) : shown;
}
