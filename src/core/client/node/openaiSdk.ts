import * as path from 'path';

/** What Parley uses of the `openai` SDK; the module itself is loaded on first use. */
export type OpenAiSdk = typeof import('./openaiClient');

let sdk: OpenAiSdk | undefined;

/** The SDK, loaded by the first request (a few tens of ms), never at activation. */
export function openaiSdk(): OpenAiSdk {
  // A path computed at run time, so esbuild leaves it out of the extension bundle; in the
  // bundle __dirname is dist/ (dist/openaiClient.js), in the unbundled tests it is this folder under out/.
  sdk ??= require(path.join(__dirname, 'openaiClient.js')) as OpenAiSdk;
  return sdk;
}

/** The SDK if a request already loaded it: an error can only be the SDK's if it was. */
export function loadedOpenaiSdk(): OpenAiSdk | undefined {
  return sdk;
}
