import * as settings from '../common/settings';
import { errorMessage } from '../core/client/errorMessage';
import type { Profile } from '../core/connection/profiles';

/** "profile · model", the setting's error when it is invalid, or undefined when none is set up. */
export function profileLabel(): string | undefined {
  try {
    const p = settings.activeProfile();
    return p ? `${p.name} · ${p.model}` : undefined;
  } catch (e) {
    return errorMessage(e);
  }
}

/** The active profile; none when the setting does not parse. */
export function activeProfile(): Profile | undefined {
  try {
    return settings.activeProfile();
  } catch {
    return undefined;
  }
}
