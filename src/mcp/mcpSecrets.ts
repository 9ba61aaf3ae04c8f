import * as vscode from 'vscode';
import { secretLabels, secretScope, withSecrets, type McpServerConfig } from '../core/mcp/mcpConfig';
import type { UserPrompts } from '../common/userPrompts';

/**
 * The secrets a server's settings name as `${secret:label}`, from SecretStorage, asked for once
 * (a password box) when missing. Each is stored under the server's name and its program or
 * origin: a definition changed to point elsewhere never receives the old secret.
 */
export async function fillMcpSecrets<T extends McpServerConfig>(
  server: T,
  secrets: vscode.SecretStorage,
  prompts: UserPrompts,
): Promise<T | undefined> {
  const values = new Map<string, string>();
  for (const label of secretLabels(server)) {
    const key = `parley.mcp\u0000${secretScope(server)}\u0000${label}`;
    let value = await secrets.get(key);
    if (value === undefined) {
      value = await prompts.input({
        title: vscode.l10n.t('MCP server "{0}"', server.name),
        prompt: vscode.l10n.t("{0} (kept in VS Code's secret storage, sent only to this server)", label),
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) return undefined;
      await secrets.store(key, value);
    }
    values.set(label, value);
  }
  return withSecrets(server, values);
}
