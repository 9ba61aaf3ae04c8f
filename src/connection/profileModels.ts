import { listModels } from '../core/client/node/chatClient';
import { endpointOf, type Profile } from '../core/connection/profiles';
import type { CompletionService } from './completionService';

/**
 * The models a profile's server lists (`GET /models`), as Choose Model and VS Code's model
 * picker show them. With `askForKey` false, only a stored key is used: a keyed profile with
 * none lists nothing rather than asking.
 */
export async function profileModels(
  service: CompletionService,
  profile: Profile,
  signal: AbortSignal | undefined,
  askForKey: boolean,
  userAgent?: string,
): Promise<string[]> {
  const key = askForKey ? await service.keyFor(profile) : await service.storedKey(profile);
  if (profile.needsKey && !key) return [];
  return listModels(endpointOf(profile), key, signal, userAgent);
}
