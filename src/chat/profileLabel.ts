import * as settings from '../common/settings';

/** "profile · model", the setting's error when it is invalid, or undefined when none is set up. */
export function profileLabel(): string | undefined {
  try {
    const p = settings.activeProfile();
    return p ? `${p.name} · ${p.model}` : undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The active profile; none when the setting does not parse. */
export function activeProfile(): { name: string; model: string } | undefined {
  try {
    return settings.activeProfile();
  } catch {
    return undefined;
  }
}
