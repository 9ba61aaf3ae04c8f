import { normalizeBaseUrl } from './baseUrl';
import { SettingError } from './settingError';
import type { ApiStyle, Endpoint, GenerationOptions } from '../types';

/** A provider profile as the user writes it in `parley.profiles`. */
export interface Profile {
  name: string;
  baseUrl: string;
  model: string;
  apiStyle: ApiStyle;
  apiVersion?: string;
  deployment?: string;
  headers: Record<string, string>;
  temperature?: number;
  maxTokens?: number;
  reasoningEffort?: GenerationOptions['reasoningEffort'];
  extraBody?: Record<string, unknown>;
  /** False for endpoints that cannot stream; replies then arrive whole. */
  stream: boolean;
  /** False for servers that take no key (local ones, by default). */
  needsKey: boolean;
  /** The model's context window in tokens, for servers that do not say (used when the server does not). */
  contextWindow?: number;
  /** False: Agent mode describes its tools in the prompt and reads calls from the reply, never sending `tools`. */
  nativeTools?: false;
}

export interface Preset {
  id: string;
  label: string;
  baseUrl: string;
  model: string;
  apiStyle: ApiStyle;
  needsKey: boolean;
  apiVersion?: string;
  note: string;
}

/** Starting points for "Parley: Choose Provider"; each becomes an editable profile. */
export const PRESETS: Preset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    apiStyle: 'openai',
    needsKey: true,
    note: 'platform.openai.com API key',
  },
  {
    id: 'azure',
    label: 'Azure OpenAI',
    baseUrl: 'https://YOUR-RESOURCE.openai.azure.com',
    model: 'YOUR-DEPLOYMENT',
    apiStyle: 'azure',
    apiVersion: '2024-10-21',
    needsKey: true,
    note: 'resource endpoint, deployment name and key',
  },
  {
    id: 'ollama',
    label: 'Ollama',
    baseUrl: 'http://localhost:11434/v1',
    model: 'llama3.2',
    apiStyle: 'openai',
    needsKey: false,
    note: 'local, no key',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    baseUrl: 'http://localhost:1234/v1',
    model: 'local-model',
    apiStyle: 'openai',
    needsKey: false,
    note: 'local, no key',
  },
  {
    id: 'llamacpp',
    label: 'llama.cpp server',
    baseUrl: 'http://localhost:8080/v1',
    model: 'local-model',
    apiStyle: 'openai',
    needsKey: false,
    note: 'local, no key unless started with --api-key',
  },
  {
    id: 'vllm',
    label: 'vLLM',
    baseUrl: 'http://localhost:8000/v1',
    model: 'local-model',
    apiStyle: 'openai',
    needsKey: false,
    note: 'local, no key unless started with --api-key',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    model: 'openai/gpt-4o-mini',
    apiStyle: 'openai',
    needsKey: true,
    note: 'openrouter.ai key',
  },
  {
    id: 'groq',
    label: 'Groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    model: 'llama-3.3-70b-versatile',
    apiStyle: 'openai',
    needsKey: true,
    note: 'console.groq.com key',
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    baseUrl: 'https://api.deepseek.com/v1',
    model: 'deepseek-chat',
    apiStyle: 'openai',
    needsKey: true,
    note: 'platform.deepseek.com key',
  },
];

export function profileFromPreset(preset: Preset): Record<string, unknown> {
  const p: Record<string, unknown> = { name: preset.label, baseUrl: preset.baseUrl, model: preset.model };
  if (preset.apiStyle === 'azure') {
    p.apiStyle = 'azure';
    p.apiVersion = preset.apiVersion;
    p.deployment = preset.model;
  }
  if (!preset.needsKey) p.needsKey = false;
  return p;
}

const SETTING = 'parley.profiles';

/** Readers of one profile's fields, each checking its type and range; errors name the field. */
function fieldsOf(o: Record<string, unknown>, where: string) {
  return {
    text(key: string, required: boolean): string | undefined {
      const v = o[key];
      if (v === undefined || v === null || v === '') {
        if (required) throw new SettingError(`${where}.${key}`, 'is required.');
        return undefined;
      }
      if (typeof v !== 'string') throw new SettingError(`${where}.${key}`, 'must be a string.');
      return v.trim();
    },
    num(key: string, min: number, max: number, integer = false): number | undefined {
      const v = o[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
        throw new SettingError(`${where}.${key}`, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
      }
      return v;
    },
    bool(key: string, fallback: boolean): boolean {
      const v = o[key];
      if (v === undefined || v === null) return fallback;
      if (typeof v !== 'boolean') throw new SettingError(`${where}.${key}`, 'must be true or false.');
      return v;
    },
  };
}

/** A profile's `headers`: names a header may have, one-line string values (no header smuggled in by a newline). */
function parseHeaders(raw: unknown, where: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (raw === undefined || raw === null) return headers;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new SettingError(`${where}.headers`, 'must be an object of header names to string values.');
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(k) || /[\r\n]/.test(v)) {
      throw new SettingError(`${where}.headers`, `"${k}" is not a valid header name with a one-line string value.`);
    }
    headers[k] = v;
  }
  return headers;
}

/** Parses one entry of `parley.profiles`; errors name the setting and the field. */
export function parseProfile(raw: unknown, index: number): Profile {
  const where = `${SETTING}[${index}]`;
  if (!raw || typeof raw !== 'object') throw new SettingError(where, 'each profile must be an object with name, baseUrl and model.');
  const o = raw as Record<string, unknown>;
  const { text, num, bool } = fieldsOf(o, where);
  const apiStyle = (text('apiStyle', false) ?? 'openai') as ApiStyle;
  if (apiStyle !== 'openai' && apiStyle !== 'azure') throw new SettingError(`${where}.apiStyle`, 'must be "openai" or "azure".');
  const headers = parseHeaders(o.headers, where);
  const effort = text('reasoningEffort', false);
  if (effort && !['minimal', 'low', 'medium', 'high'].includes(effort)) {
    throw new SettingError(`${where}.reasoningEffort`, 'must be minimal, low, medium or high.');
  }
  if (o.extraBody !== undefined && (typeof o.extraBody !== 'object' || o.extraBody === null || Array.isArray(o.extraBody))) {
    throw new SettingError(`${where}.extraBody`, 'must be an object of extra request fields.');
  }
  const baseUrl = normalizeBaseUrl(text('baseUrl', true)!, `${where}.baseUrl`);
  const profile: Profile = {
    name: text('name', true)!,
    baseUrl,
    model: text('model', apiStyle !== 'azure') ?? text('deployment', true)!,
    apiStyle,
    apiVersion: text('apiVersion', false),
    deployment: text('deployment', false),
    headers,
    temperature: num('temperature', 0, 2),
    maxTokens: num('maxTokens', 1, 10_000_000, true),
    reasoningEffort: effort as Profile['reasoningEffort'],
    extraBody: o.extraBody as Record<string, unknown> | undefined,
    stream: bool('stream', true),
    needsKey: bool('needsKey', true),
    contextWindow: num('contextWindow', 256, 100_000_000, true),
  };
  if (apiStyle === 'azure' && !profile.deployment) profile.deployment = profile.model;
  return bool('nativeTools', true) ? profile : { ...profile, nativeTools: false };
}

export function parseProfiles(raw: unknown): Profile[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new SettingError(SETTING, 'must be a list of profiles.');
  const profiles = raw.map(parseProfile);
  const seen = new Set<string>();
  for (const p of profiles) {
    if (seen.has(p.name)) throw new SettingError(SETTING, `two profiles are named "${p.name}"; names must be unique.`);
    seen.add(p.name);
  }
  return profiles;
}

export function endpointOf(profile: Profile): Endpoint {
  return {
    baseUrl: profile.baseUrl,
    apiStyle: profile.apiStyle,
    apiVersion: profile.apiVersion,
    deployment: profile.deployment,
    headers: profile.headers,
  };
}

export function generationOf(profile: Profile): GenerationOptions {
  return {
    model: profile.model,
    temperature: profile.temperature,
    maxTokens: profile.maxTokens,
    reasoningEffort: profile.reasoningEffort,
    extraBody: profile.extraBody,
    stream: profile.stream,
  };
}
