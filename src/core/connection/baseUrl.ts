/** Base URL handling: what users paste into settings is rarely exactly what the API wants. */
import { SettingError } from './settingError';

/**
 * Normalises a base URL: trims, removes trailing slashes and a pasted `/chat/completions`
 * (or `/completions`, `/models`) suffix, and insists on http(s) without credentials.
 */
export function normalizeBaseUrl(input: string, setting = 'parley.profiles[].baseUrl'): string {
  const trimmed = input.trim();
  if (!trimmed) throw new SettingError(setting, 'the base URL is empty.');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new SettingError(setting, `"${trimmed}" is not a URL. Expected something like https://api.openai.com/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SettingError(setting, `"${trimmed}" must start with http:// or https://.`);
  }
  if (url.username || url.password) {
    throw new SettingError(setting, 'the base URL must not contain a user name or password; set the key with "Parley: Set API Key".');
  }
  url.hash = '';
  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(/\/(chat\/completions|completions|models)$/i, '');
  url.pathname = path;
  return url
    .toString()
    .replace(/\/+$/, '')
    .replace(/\/(\?|$)/, '$1');
}

/** The origin a key is stored for and may be sent to. */
export function originOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/** True for endpoints on this machine, which usually need no key. */
export function isLocalEndpoint(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}
