/**
 * Parley: Test Connection. One small request finds which optional parameters the endpoint takes;
 * two more ask the model whether it takes tools and images (remembered, so VS Code's chat lists
 * it as it is). The message says what was found; a probe that failed for another reason says
 * "unknown" and changes nothing.
 */
import * as vscode from 'vscode';
import type { ModelSupport, Verdict } from '../core/client/supportProbe';
import type { EndpointCaps } from '../core/types';
import type { CompletionService } from './completionService';

/** Runs the test and shows what it found; `told` hears the message shown. */
export async function testConnection(service: CompletionService, told: (message: string) => void): Promise<void> {
  const profile = service.requireProfile();
  const { result, caps, ms, support } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Parley: testing {0}…', profile.name), cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return service.probe(abort.signal);
    },
  );
  const message = `${vscode.l10n.t(
    'Parley: {0} answered in {1} ms ({2}). It accepts: {3}.',
    profile.name,
    ms,
    result.model ?? profile.model,
    accepted(caps),
  )} ${supportLine(support)}`;
  told(message);
  void vscode.window.showInformationMessage(message);
}

function accepted(caps: EndpointCaps): string {
  return [
    caps.maxTokensParam,
    caps.streamOptions ? 'stream_options' : vscode.l10n.t('no stream_options'),
    caps.temperature ? 'temperature' : vscode.l10n.t('no temperature'),
    `${caps.systemRole} role`,
    caps.reasoningVia ? vscode.l10n.t('reasoning in {0}', caps.reasoningVia) : vscode.l10n.t('no reasoning seen'),
  ].join(', ');
}

/** "Tools: yes · Images: no": what the model said when asked. */
function supportLine(support: ModelSupport): string {
  const tools: Record<Verdict, string> = {
    yes: vscode.l10n.t('Tools: yes'),
    no: vscode.l10n.t('Tools: no'),
    unknown: vscode.l10n.t('Tools: unknown'),
  };
  const images: Record<Verdict, string> = {
    yes: vscode.l10n.t('Images: yes'),
    no: vscode.l10n.t('Images: no'),
    unknown: vscode.l10n.t('Images: unknown'),
  };
  return `${tools[support.tools]} · ${images[support.images]}`;
}
