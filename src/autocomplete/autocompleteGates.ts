import * as vscode from 'vscode';
import { gate } from '../core/autocomplete/autocompleteGate';
import { hostOf } from '../core/client/node/transport';
import { StateKey } from '../common/ids';
import { Disposable } from '../common/dispose';
import { exclusionReason } from '../context/exclusion';
import { autocompleteTarget, enabledForLanguage, namedProfileMissing, type AutocompleteTarget } from './autocompleteSettings';
import type { AutocompleteStatus } from './autocompleteStatus';

export const SNOOZE_MS = 30 * 60 * 1000;
/** A language id no language has: what the setting says for `*`. */
export const ALL = '\u0000all';

/**
 * Whether a document may be completed now, and with which profile and model; the status bar is
 * told why not. Exclusions are looked up once per document (git answers asynchronously) and
 * forgotten when settings change or the document closes.
 */
export class AutocompleteGates extends Disposable {
  private readonly excluded = new Map<string, Promise<string | undefined>>();
  /** The settled verdicts of `excluded`, for the snippets' synchronous look. */
  private readonly verdicts = new Map<string, 'allowed' | 'excluded'>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly status: AutocompleteStatus,
  ) {
    super();
    const forgetAll = () => {
      this.excluded.clear();
      this.verdicts.clear();
    };
    this._register(vscode.workspace.onDidChangeConfiguration(forgetAll));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(forgetAll));
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.excluded.delete(d.uri.toString());
        this.verdicts.delete(d.uri.toString());
      }),
    );
  }

  snoozedUntil(): number | undefined {
    const until = this.state.get<number>(StateKey.autocompleteSnoozedUntil);
    return typeof until === 'number' && until > Date.now() ? until : undefined;
  }

  async snooze(until: number | undefined): Promise<void> {
    await this.state.update(StateKey.autocompleteSnoozedUntil, until);
  }

  /** The target to ask for `document`, or undefined (and the status bar says why). */
  async allowed(
    document: vscode.TextDocument | undefined,
    pausedUntil?: number,
    checkExclusion = true,
  ): Promise<AutocompleteTarget | undefined> {
    let target: AutocompleteTarget | undefined;
    try {
      target = autocompleteTarget();
    } catch {
      target = undefined; // a profile setting being edited: nothing to ask until it parses
    }
    // The status bar's refresh (startup, a switched editor) leaves git alone; a keystroke asks it once per file.
    const excluded =
      document && (checkExclusion || this.excluded.has(document.uri.toString())) ? await this.exclusion(document) : undefined;
    const verdict = gate({
      // No editor: what holds for every language (`*`).
      enabled: enabledForLanguage(document?.languageId ?? ALL),
      snoozedUntil: this.snoozedUntil(),
      pausedUntil,
      nowMs: Date.now(),
      trusted: vscode.workspace.isTrusted,
      baseUrl: target?.profile.baseUrl,
      chosen: target?.chosen ?? false,
      excluded,
    });
    if (verdict.run) {
      // A snooze, pause or exclusion that has ended must not stay in the status bar.
      if (target && !['on', 'busy', 'failed'].includes(this.status.shown?.state ?? ''))
        this.status.show({ state: 'on', model: target.model, host: hostOf(target.profile) });
      return target;
    }
    this.say(verdict.why, document, excluded, pausedUntil);
    return undefined;
  }

  /** Refreshes the status bar for the active editor (or for every language, with none) without asking anything. */
  async refresh(document: vscode.TextDocument | undefined): Promise<void> {
    const target = await this.allowed(document, undefined, false);
    if (target) this.status.show({ state: 'on', model: target.model, host: hostOf(target.profile) });
  }

  private say(why: Why, document: vscode.TextDocument | undefined, excluded: string | undefined, pausedUntil?: number): void {
    if (why === 'off') {
      const allOff = !enabledForLanguage(ALL);
      this.status.show({ state: 'off', languageId: allOff ? undefined : document?.languageId });
    } else if (why === 'snoozed') this.status.show({ state: 'snoozed', until: this.snoozedUntil() });
    else if (why === 'paused') this.status.show({ state: 'paused', until: pausedUntil });
    else if (why === 'noProfile') {
      const missing = namedProfileMissing();
      this.status.show({
        state: 'noProfile',
        detail: missing
          ? vscode.l10n.t('Parley autocomplete: no profile is named "{0}" (parley.autocomplete.profile).', missing)
          : undefined,
      });
    } else this.status.show({ state: why, detail: excluded });
  }

  /**
   * Whether another open file may lend snippets, without waiting: known and not excluded. A file
   * not yet looked at is left out this time and looked at for the next keystroke.
   */
  lendsSnippets(document: vscode.TextDocument): boolean {
    const key = document.uri.toString();
    if (document.uri.scheme === 'untitled') return true;
    const known = this.verdicts.get(key);
    if (known === undefined && !this.excluded.has(key)) void this.exclusion(document);
    return known === 'allowed';
  }

  private exclusion(document: vscode.TextDocument): Promise<string | undefined> {
    if (document.uri.scheme === 'untitled') return Promise.resolve(undefined);
    const key = document.uri.toString();
    let found = this.excluded.get(key);
    if (!found) {
      // A failed look-up excludes: a file is never sent because git could not be asked.
      found = exclusionReason(document.uri).catch(() => vscode.l10n.t('it could not be checked'));
      this.excluded.set(key, found);
      void found.then((why) => this.excluded.get(key) === found && this.verdicts.set(key, why === undefined ? 'allowed' : 'excluded'));
    }
    return found;
  }
}

type Why = Extract<ReturnType<typeof gate>, { run: false }>['why'];
