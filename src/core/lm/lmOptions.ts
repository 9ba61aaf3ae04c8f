/**
 * VS Code's `modelOptions` are hints from whoever asks: only the generation settings Parley
 * knows are taken, each only when its value has the right shape; the request loop then drops
 * whatever the endpoint refuses.
 */
import type { GenerationOptions } from '../types';

type Hints = Pick<GenerationOptions, 'temperature' | 'topP' | 'maxTokens' | 'stop' | 'reasoningEffort'>;

const EFFORTS = new Set(['minimal', 'low', 'medium', 'high']);

function firstOf(options: Readonly<Record<string, unknown>>, names: string[]): unknown {
  for (const name of names) if (options[name] !== undefined) return options[name];
  return undefined;
}

export function generationHints(options: Readonly<Record<string, unknown>> | undefined): Partial<Hints> {
  if (!options) return {};
  const hints: Partial<Hints> = {};
  const temperature = firstOf(options, ['temperature']);
  if (typeof temperature === 'number' && temperature >= 0 && temperature <= 2) hints.temperature = temperature;
  const topP = firstOf(options, ['top_p', 'topP']);
  if (typeof topP === 'number' && topP > 0 && topP <= 1) hints.topP = topP;
  const maxTokens = firstOf(options, ['max_tokens', 'maxTokens', 'max_completion_tokens', 'maxOutputTokens']);
  if (typeof maxTokens === 'number' && Number.isInteger(maxTokens) && maxTokens > 0) hints.maxTokens = maxTokens;
  const stop = firstOf(options, ['stop']);
  if (typeof stop === 'string' && stop) hints.stop = [stop];
  else if (Array.isArray(stop) && stop.length && stop.every((s) => typeof s === 'string' && s)) hints.stop = stop as string[];
  const effort = firstOf(options, ['reasoning_effort', 'reasoningEffort']);
  if (typeof effort === 'string' && EFFORTS.has(effort)) hints.reasoningEffort = effort as Hints['reasoningEffort'];
  return hints;
}
