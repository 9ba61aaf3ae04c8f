import * as settings from '../common/settings';
import type { ChatController } from './chatController';

/**
 * Enter API key under a reply refused with 401: asks for the key of the profile it went to
 * (which learns it needs one) and, when that reply is still the latest, sends the question
 * again: the question stays as it was typed. Any other id (an older reply, a forged one) asks nothing.
 */
export async function enterKeyAndRetry(chat: ChatController, messageId: string): Promise<void> {
  await chat.ready;
  const failed = chat.messages.find((t) => t.id === messageId && t.role === 'assistant' && t.keyFor);
  const profile = failed && settings.readProfiles().find((p) => p.name === failed.keyFor);
  if (!failed || !profile) return;
  const key = await chat.service.enterKey(profile);
  if (!key || chat.messages.at(-1) !== failed || settings.activeProfile()?.name !== profile.name) return;
  await chat.regenerate();
}
