import * as vscode from 'vscode';
import { detectLocalServers, localCandidates, profileFromLocalServer, type FoundServer } from '../core/localServers';
import type { LocalServersView } from '../shared/protocol';
import * as settings from '../common/settings';
import { Disposable } from '../common/dispose';
import { Command } from '../common/ids';
import { Settings, settingId } from '../common/settingsTable';

/** Per probe; a closed port answers at once, so this is only ever waited for on a silent one. */
export const PROBE_TIMEOUT_MS = 1500;

/**
 * The local servers found in this window. Nothing is probed at activation: `find` runs when
 * the user opens the chat view or Choose Provider with no profile set up, and the result is
 * kept for the window (Look again refreshes it).
 */
export class LocalServers extends Disposable {
  private found?: FoundServer[];
  private pending?: Promise<FoundServer[]>;
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when a search starts or ends, and when the first profile is set up (or the last removed). */
  readonly onDidChange = this.emitter.event;
  /** How many searches ran in this window (read by the tests). */
  searches = 0;

  private wasWanted?: boolean;

  constructor() {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(settingId(Settings.profiles))) return;
      const now = LocalServers.wanted();
      if (now !== this.wasWanted) this.emitter.fire();
      this.wasWanted = now;
    }));
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
    this.searches++;
    const search = detectLocalServers(localCandidates(), PROBE_TIMEOUT_MS).then((found) => {
      this.found = found;
      return found;
    }).finally(() => {
      this.pending = undefined;
      this.emitter.fire();
    });
    this.pending = search;
    this.emitter.fire();
    return search;
  }

  /** Forgets what was found, as a new window would (for the tests). */
  forget(): void {
    this.found = undefined;
  }

  /** The found server on `port`, if any: only a port that answered can be set up. */
  byPort(port: number): FoundServer | undefined {
    return this.found?.find((s) => s.port === port);
  }

  private settingUp?: Promise<string>;

  /** Adds a keyless profile for `server`, makes it active and says so. Returns its name. */
  setUp(server: FoundServer): Promise<string> {
    // A double click sets up one profile, not two.
    this.settingUp ??= this.addProfile(server).finally(() => (this.settingUp = undefined));
    return this.settingUp;
  }

  private async addProfile(server: FoundServer): Promise<string> {
    const raw = profileFromLocalServer(server, settings.rawProfiles().map((p) => String(p.name)));
    const name = String(raw.name);
    await settings.saveProfiles([...settings.rawProfiles(), raw]);
    await settings.setActiveProfile(name);
    const chooseModel = vscode.l10n.t('Choose Model');
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Parley: set up "{0}" for {1} with model {2}, no key needed.', name, placeLabel(server), String(raw.model)),
      ...(server.models.length > 1 ? [chooseModel] : []),
    ).then((picked) => picked === chooseModel && vscode.commands.executeCommand(Command.chooseModel));
    return name;
  }

  /** What the empty chat view shows; undefined once a profile is set up. */
  view(): LocalServersView | undefined {
    if (!LocalServers.wanted()) return undefined;
    const found = this.found ?? [];
    const ports = localCandidates().map((c) => c.port).join(', ');
    let note: string;
    if (this.looking) note = vscode.l10n.t('Looking for servers on this machine (ports {0})…', ports);
    else if (!this.found) note = '';
    else if (found.length === 0) note = vscode.l10n.t('No local server answered on ports {0}.', ports);
    else note = vscode.l10n.t('Found on this machine (one click sets it up, no URL or key):');
    return {
      looking: this.looking,
      note,
      lookAgain: vscode.l10n.t('Look again'),
      offers: found.map((s) => ({ port: s.port, label: serverLabel(s), detail: modelsDetail(s) })),
    };
  }
}

/** "Ollama on localhost:11434" */
export function placeLabel(server: FoundServer): string {
  return vscode.l10n.t('{0} on localhost:{1}', server.name, server.port);
}

/** "Ollama on localhost:11434, 3 models" */
export function serverLabel(server: FoundServer): string {
  const n = server.models.length;
  if (n === 0) return vscode.l10n.t('{0}, no models yet', placeLabel(server));
  if (n === 1) return vscode.l10n.t('{0}, 1 model', placeLabel(server));
  return vscode.l10n.t('{0}, {1} models', placeLabel(server), n);
}

/** The first few model ids, the first one being the one a pick sets up. */
export function modelsDetail(server: FoundServer): string {
  if (server.models.length === 0) return vscode.l10n.t('Pull or load a model first; the profile starts with {0}.', profileFromLocalServer(server, []).model as string);
  const shown = server.models.slice(0, 4).join(', ');
  return server.models.length > 4 ? vscode.l10n.t('{0} and {1} more', shown, server.models.length - 4) : shown;
}
