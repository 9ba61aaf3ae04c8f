/**
 * Another extension's use of a Parley model that sends the user's API key: the user is asked
 * once per extension and key origin (a modal), the answer is kept in globalState, and
 * "Parley: Manage Extensions' Access to Your Models" takes it back (modelAccessCommand.ts).
 * Where VS Code does not say who asks (before it passed `requestInitiator`), nothing is asked.
 */
import * as vscode from 'vscode';
import { originOf } from '../core/connection/baseUrl';
import type { Profile } from '../core/connection/profiles';
import { parseDecisions, verdict, withDecision, withoutDecisions, type AccessDecision } from '../core/lm/modelAccess';
import { StateKey } from '../common/ids';
import type { LogGetter } from '../common/log';
import type { UserPrompts } from '../common/userPrompts';

/** The command's title, as the palette shows it (the messages tell the user to run it). */
export function manageCommandTitle(): string {
  return vscode.l10n.t("Parley: Manage Extensions' Access to Your Models");
}

/** "Display Name (publisher.name)", or the id alone for an extension VS Code no longer has. */
export function extensionLabel(id: string): string {
  const name: unknown = vscode.extensions.getExtension(id)?.packageJSON?.displayName;
  return typeof name === 'string' && name && name !== id ? `${name} (${id})` : id;
}

type Answer = 'allowed' | 'refused' | 'closed';

export class ModelAccess {
  /** Questions on screen, by extension and origin: a second request meanwhile waits for the same answer. */
  private readonly asking = new Map<string, Promise<Answer>>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly prompts: UserPrompts,
    /** Parley's own id: its own requests are asked nothing. */
    private readonly self: string,
    private readonly log: LogGetter,
  ) {}

  decisions(): AccessDecision[] {
    return parseDecisions(this.state.get(StateKey.modelAccess));
  }

  async forget(forgotten: readonly AccessDecision[]): Promise<void> {
    await this.state.update(StateKey.modelAccess, withoutDecisions(this.decisions(), forgotten));
  }

  /** Resolves when `initiator` may use `profile` (and its key); otherwise throws the one sentence to show. */
  async check(initiator: string | undefined, profile: Profile): Promise<void> {
    const origin = originOf(profile.baseUrl);
    const found = verdict(this.decisions(), { initiator, self: this.self, sendsKey: profile.needsKey, origin });
    if (found.kind === 'send') return;
    const who = extensionLabel(found.extension);
    const answer = found.kind === 'refuse' ? 'refused' : await this.answerOnce(found.extension, origin, profile);
    if (answer === 'allowed') return;
    throw oneSentence(
      answer === 'refused'
        ? vscode.l10n.t(
            '{0} may not use your API key for {1}: you did not allow it. To be asked again, run "{2}" and remove that answer.',
            who,
            origin,
            manageCommandTitle(),
          )
        : vscode.l10n.t(
            '{0} did not get to use your API key for {1}: the question was closed without an answer. It is asked again on its next request.',
            who,
            origin,
          ),
    );
  }

  private answerOnce(extension: string, origin: string, profile: Profile): Promise<Answer> {
    const key = `${extension} ${origin}`;
    let answer = this.asking.get(key);
    if (!answer) {
      answer = this.ask(extension, origin, profile).finally(() => this.asking.delete(key));
      this.asking.set(key, answer);
    }
    return answer;
  }

  private async ask(extension: string, origin: string, profile: Profile): Promise<Answer> {
    const allow = vscode.l10n.t('Allow');
    const refuse = vscode.l10n.t("Don't Allow");
    const chosen = await this.prompts.choose(
      vscode.l10n.t(
        'The extension {0} wants to use your API key for {1} (Parley profile "{2}").',
        extensionLabel(extension),
        origin,
        profile.name,
      ),
      vscode.l10n.t(
        'If you allow it, it can send requests to {0} with your key through Parley whenever it likes. Parley remembers your answer for this extension and this server; "{1}" takes it back.',
        origin,
        manageCommandTitle(),
      ),
      [allow, refuse],
    );
    const answer: Answer = chosen === allow ? 'allowed' : chosen === refuse ? 'refused' : 'closed';
    this.log().info(`language models: ${extension} asked to use the key for ${origin} (${profile.name}): ${answer}`);
    if (answer !== 'closed') {
      const decision = { extension, origin, allowed: answer === 'allowed', profile: profile.name };
      await this.state.update(StateKey.modelAccess, withDecision(this.decisions(), decision));
    }
    return answer;
  }
}

/** An error VS Code's chat shows as the sentence alone: no stack crosses to it. */
function oneSentence(message: string): Error {
  const error = new Error(message);
  error.stack = '';
  return error;
}
