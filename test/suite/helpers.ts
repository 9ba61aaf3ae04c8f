import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ParleyApi } from '../../src/extension';
import { withChrome, type Chrome, type ToWebview } from '../../src/shared/protocol';
import { startChatServer, type ChatServer, type ChatServerOptions } from '../server/chatServer';

export const EXTENSION_ID = 'parley-dev.parley';

export async function parley(): Promise<ParleyApi> {
  const ext = vscode.extensions.getExtension<ParleyApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in the host`);
  return ext.activate();
}

export const TEST_KEY = 'sk-test-0123456789abcdefghij';

/**
 * Starts a test server and points Parley's settings at it (user settings, as a person would).
 * `needsKey` false by default; with a key, the key is stored in SecretStorage for its origin.
 */
export async function useServer(
  options: ChatServerOptions & { profileName?: string; extra?: Record<string, unknown> } = {},
): Promise<ChatServer> {
  const server = await startChatServer(options);
  const api = await parley();
  const config = vscode.workspace.getConfiguration('parley');
  const name = options.profileName ?? 'Test server';
  await config.update(
    'profiles',
    [{ name, baseUrl: server.url, model: 'test-model', needsKey: options.apiKey !== undefined, ...options.extra }],
    vscode.ConfigurationTarget.Global,
  );
  await config.update('activeProfile', name, vscode.ConfigurationTarget.Global);
  if (options.apiKey !== undefined) await api.keys.set(server.url, options.apiKey);
  return server;
}

/** Every request the extension sent, and every reply the test server sent, must be valid against the OpenAPI spec. */
export function assertAllValid(server: ChatServer): void {
  const bad = server.invalidRequests();
  assert.deepStrictEqual(
    bad.map((r) => r.invalid),
    [],
    'the extension sent a request the OpenAPI spec rejects',
  );
  assertRepliesValid(server);
}

/** The test server must not drift from the spec: what it sent (scripted breaks aside) must be valid. */
export function assertRepliesValid(server: ChatServer): void {
  const bad = server.invalidResponses();
  assert.deepStrictEqual(
    bad.map((r) => r.invalidResponse),
    [],
    'the test server sent a reply the OpenAPI spec rejects',
  );
}

export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  pollMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relative));
  return vscode.window.showTextDocument(doc);
}

/**
 * After a test that edits: any rewrite still open in the active editor is rejected, the
 * server's requests are checked against the spec, and the editors are reverted and closed.
 */
export async function cleanUpEditing(server: ChatServer): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const api = await parley();
  if (editor) await api.rewrite.session(editor.document)?.reject();
  assertAllValid(server);
  await server.close();
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * The chrome (busy, profile, usage, history, local servers) as the view showed it after each
 * message that set it: each `state`, and each `chrome` change (only those that change `only`, when given).
 */
export function chromeTold(posted: readonly ToWebview[], only?: keyof Chrome): Partial<Chrome>[] {
  let chrome: Partial<Chrome> = {};
  const told: Partial<Chrome>[] = [];
  for (const m of posted) {
    if (m.type === 'state') chrome = m.state;
    else if (m.type === 'chrome') chrome = withChrome(chrome as Chrome, m.chrome);
    else continue;
    if (m.type === 'state' || !only || only in m.chrome) told.push(chrome);
  }
  return told;
}
