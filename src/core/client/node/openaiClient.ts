// The `openai` SDK, bundled on its own (dist/openaiClient.js, about three quarters of what the
// extension bundle was) so that activation never loads it: openaiSdk.ts requires this file when
// the first request is made.
export { default as OpenAI, AzureOpenAI, APIError, APIUserAbortError } from 'openai';
