import * as vscode from 'vscode';
import { registerCommand } from '../common/commands';
import { Command, StateKey } from '../common/ids';
import type { LogGetter } from '../common/log';
import type { CompletionService } from '../connection/completionService';
import type { LocalServers } from '../connection/localServers';
import { affectsAutocomplete } from './autocompleteSettings';
import { AutocompleteGates } from './autocompleteGates';
import { registerAutocompleteMenu } from './autocompleteMenu';
import { AutocompleteStatus, type StatusState } from './autocompleteStatus';
import { chooseAutocompleteModel } from './chooseAutocompleteModel';
import { ParleyInlineProvider, type AutocompleteStats } from './inlineProvider';
import { RequestKinds } from '../core/autocomplete/node/requestKinds';
import { CompletionContexts } from './completionContext';

/** What the tests and the bench read of autocomplete. */
export interface AutocompleteApi {
  stats(): AutocompleteStats;
  status(): StatusState | undefined;
  /** Forgets suggestions, failures and the pause (each test starts afresh). */
  reset(): void;
}

export interface AutocompleteDeps {
  service: CompletionService;
  localServers: LocalServers;
  log: LogGetter;
}

/** Documents that can be typed in: files, unsaved ones, remote and virtual ones, notebook cells. */
const SELECTOR: vscode.DocumentSelector = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-notebook-cell'].map((scheme) => ({
  scheme,
}));

/** Tab autocomplete: the inline completion provider, its status bar item and its commands. */
export function registerAutocomplete(context: vscode.ExtensionContext, { service, localServers, log }: AutocompleteDeps): AutocompleteApi {
  const status = new AutocompleteStatus();
  const gates = new AutocompleteGates(context.globalState, status);
  const keys = new Map<string, Promise<string | undefined>>();
  const contexts = new CompletionContexts((document) => gates.lendsSnippets(document));
  const provider = new ParleyInlineProvider({
    gates,
    contexts,
    kinds: new RequestKinds(context.globalState, StateKey.autocompletePlanPrefix),
    status,
    // Read once per endpoint, not per keystroke: SecretStorage is a round trip (about 15 ms in code-server).
    storedKey: (profile) => {
      let key = keys.get(profile.baseUrl);
      if (!key) keys.set(profile.baseUrl, (key = service.storedKey(profile)));
      return key;
    },
    caps: (profile) => service.caps(profile),
    log,
  });
  const refresh = () => void gates.refresh(vscode.window.activeTextEditor?.document);
  const changed = () => {
    keys.clear();
    provider.reset();
    refresh();
  };
  context.subscriptions.push(
    status,
    gates,
    contexts,
    provider,
    vscode.languages.registerInlineCompletionItemProvider(SELECTOR, provider),
    ...registerAutocompleteMenu({ gates, changed, log }),
    registerCommand(Command.autocompleteChooseModel, () => chooseAutocompleteModel(service, localServers), log),
    vscode.workspace.onDidChangeConfiguration((e) => affectsAutocomplete(e) && changed()),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
    vscode.workspace.onDidCloseTextDocument((d) => provider.closed(d.uri)),
    vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && provider.edited(e.document.uri)),
    context.secrets.onDidChange(() => keys.clear()),
  );
  refresh();
  return { stats: () => provider.stats, status: () => status.shown, reset: () => provider.reset() };
}
