import type { Locator, Page } from 'playwright-core';
import type { ChatServer, ScriptedReply } from '../server/chatServer';
import { runCommand } from './workbench';

/** Driving VS Code's built-in chat (code-server 4.139) as a person does, and reading what it sent. */

/** The requests that carry this question (VS Code's chat also asks the model for titles and such). */
export function chatRequests(server: ChatServer, question: string) {
  return server.requests.filter((r) => r.path === '/v1/chat/completions' && lastUserText(r.body).includes(question));
}

export function lastUserText(body: any): string {
  const user = (body?.messages ?? []).filter((m: any) => m.role === 'user').at(-1);
  return JSON.stringify(user?.content ?? '');
}

/**
 * Scripts the replies to requests whose last user message holds `question`, in order; other
 * requests (the chat's own title and summary requests) get the server's default reply.
 */
export function answerTo(server: ChatServer, question: string, ...replies: ScriptedReply[]): void {
  server.respond((body) => (lastUserText(body).includes(question) ? replies.shift() : undefined));
}

export async function openBuiltinChat(page: Page): Promise<void> {
  await runCommand(page, 'Chat: Open Chat');
  await page.locator('.interactive-input-part .native-edit-context').waitFor({ timeout: 30_000 });
}

export async function openModelPicker(page: Page): Promise<void> {
  const search = page.locator('.action-widget input[aria-label="Search models"]');
  // The picker's button is drawn again when the chat's model changes (as when Parley's models
  // arrive and one becomes the chat's): a click on the button being replaced opens nothing.
  for (let tries = 1; ; tries++) {
    await page.locator('.interactive-input-part .model-picker-name').click();
    try {
      return await search.waitFor({ timeout: 5_000 });
    } catch (e) {
      if (tries === 4) throw e;
    }
  }
}

/** A model in the picker: its row's label is "<name>, <vendor>[, Current model]". */
export function pickerRow(page: Page, name: string): Locator {
  return page.locator(`.action-widget .monaco-list-row[aria-label^="${name},"]`);
}

export async function chooseMode(page: Page, mode: string): Promise<void> {
  await page.locator('.interactive-input-part .chat-mode-picker-item a.action-label').click();
  await page.locator('.action-widget .monaco-list-row', { hasText: mode }).first().click();
  await page.locator(`.interactive-input-part .chat-mode-picker-item a.action-label[aria-label="${mode}"]`).waitFor();
}

/**
 * Puts `question` in VS Code's chat input and presses Enter until its request row shows;
 * `beforeEnter` runs before each press (the bench arms its probes there, so the press it times is
 * the one that sent).
 */
export async function sendQuestion(page: Page, question: string, beforeEnter = async () => {}): Promise<void> {
  const input = page.locator('.interactive-input-part .native-edit-context');
  const typed = page.locator('.interactive-input-part .view-lines', { hasText: question });
  const sent = page.locator('.interactive-list .monaco-list-row.request', { hasText: question });
  for (let tries = 1; ; tries++) {
    // A new chat can put in a fresh input just after it shows, and what was typed is gone: type it
    // again. Typed key by key, the input can drop the first spaces while the chat is still settling
    // (after a mode change); one insertion is what a paste does, and the request row checks it.
    if (!(await typed.isVisible())) {
      await input.focus();
      await page.keyboard.insertText(question);
    }
    // Just after VS Code turns its chat extension on, Enter can come before the chat takes requests
    // and does nothing (the question stays in the input): press it again until the request shows.
    await input.focus();
    await beforeEnter();
    await page.keyboard.press('Enter');
    const shown = await sent.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
    if (tries === 4) throw new Error(`VS Code's chat did not send "${question}"`);
  }
}

/** Sends a question in VS Code's chat; returns the response it adds. */
export async function ask(page: Page, question: string): Promise<Locator> {
  await sendQuestion(page, question);
  // The newest response row is this question's (the list adds it with the request).
  const response = page.locator('.interactive-list .monaco-list-row.response').last();
  await response.waitFor({ timeout: 30_000 });
  return response;
}

/**
 * Chat: Manage Language Models (signed out, VS Code asks a vendor for its models only then): its
 * "Language Models" dialog (a modal editor) waited for until it lists each of `models`, then closed.
 */
export async function manageLanguageModels(page: Page, models: string[]): Promise<void> {
  await runCommand(page, 'Chat: Manage Language Models');
  // Looked for in the dialog only: the chat's model picker may show the name already (Parley's
  // model picked by default once Parley is active), and Escape pressed then, before the dialog
  // opens, leaves it open over the chat.
  const dialog = page.locator('.monaco-modal-editor-block');
  for (const model of models) await dialog.getByText(model, { exact: true }).first().waitFor({ timeout: 30_000 });
  // Escape closes the dialog from within it, as a person presses it with the dialog in front.
  await page.waitForFunction(() => !!document.activeElement?.closest('.monaco-modal-editor-block'));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await chatAgentReady(page);
}

/**
 * Resolves once VS Code's chat answers with its own agent. Signed out, Copilot's chat registers its
 * agents only when it sees a model of another vendor (after the models were resolved, here by Manage
 * Language Models), and until then a question goes to VS Code's setup agent, which asks the user to
 * sign in to GitHub over the chat. Copilot's chat shows "Set BYOK utility models" from the same
 * check, the one sign of it on screen: a person who asks after it meets no sign-in.
 */
export async function chatAgentReady(page: Page): Promise<void> {
  await page.locator('.chat-input-notification-title', { hasText: 'Set BYOK utility models' }).waitFor({ timeout: 60_000 });
}

/** Makes `model` the chat's model as a person does: Manage Language Models first, then the model picker. */
export async function chooseModel(page: Page, model: string): Promise<void> {
  await manageLanguageModels(page, [model]);
  await page.locator('.interactive-input-part .model-picker-name').waitFor();
  await openModelPicker(page);
  // The picker may fold it under "Other Models" (when a local server Parley found is the current model, say).
  const row = pickerRow(page, model);
  const other = page.locator('.action-widget .monaco-list-row', { hasText: 'Other Models' });
  await row.or(other).first().waitFor({ timeout: 30_000 });
  if (!(await row.isVisible())) await other.click();
  await row.click();
  await page.locator('.action-widget input[aria-label="Search models"]').waitFor({ state: 'hidden' });
  await page.locator('.interactive-input-part .model-picker-name .chat-input-picker-label', { hasText: model }).waitFor();
}

/** The chat view's New Chat (+) button; resolves once the chat shows no answers and still has `model` picked. */
export async function newChat(page: Page, model: string): Promise<void> {
  await page.locator('.part.auxiliarybar .title .action-label[aria-label^="New Chat ("]').first().click();
  await page.locator('.interactive-list .monaco-list-row.response').first().waitFor({ state: 'detached' });
  await page.locator('.interactive-input-part .model-picker-name .chat-input-picker-label', { hasText: model }).waitFor();
}
