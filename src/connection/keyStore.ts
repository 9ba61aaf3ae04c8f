import * as vscode from 'vscode';
import { originOf } from '../core/connection/baseUrl';
import type { UserPrompts } from '../common/userPrompts';

/**
 * API keys live in SecretStorage only, stored under the origin of the endpoint they were
 * entered for. A request can only ever read the key of the origin it is sent to.
 */
export class KeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly prompts: UserPrompts,
  ) {}

  private id(baseUrl: string): string {
    return `parley.apiKey:${originOf(baseUrl)}`;
  }

  get(baseUrl: string): Thenable<string | undefined> {
    return this.secrets.get(this.id(baseUrl));
  }

  async set(baseUrl: string, key: string): Promise<void> {
    await this.secrets.store(this.id(baseUrl), key.trim());
  }

  async delete(baseUrl: string): Promise<void> {
    await this.secrets.delete(this.id(baseUrl));
  }

  /** Asks for a key in a password box and stores it; undefined when the user cancels. */
  async prompt(profileName: string, baseUrl: string, reason?: string): Promise<string | undefined> {
    const key = await this.prompts.input({
      title: vscode.l10n.t('API key for {0}', profileName),
      prompt: reason ?? vscode.l10n.t("Stored in VS Code's secret storage for {0} and sent only there.", originOf(baseUrl)),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a key, or press Escape to cancel.')),
    });
    if (!key) return undefined;
    await this.set(baseUrl, key);
    return key.trim();
  }
}
