/**
 * Sends Test Connection's two questions (core/client/supportProbe.ts) one after the other, once
 * each: no retry, no key asked for, nothing thrown. A failure is a verdict like any other.
 */
import { streamChat, type Timeouts } from './chatClient';
import { errorMessage } from '../errorMessage';
import { probeRequest, probeVerdict, type ModelSupport, type ProbeKind, type Verdict } from '../supportProbe';
import { endpointOf, generationOf, type Profile } from '../../connection/profiles';
import type { EndpointCaps } from '../../types';

export interface ProbeDeps {
  /** The key the connection check just used (undefined for a server that takes none). */
  key: string | undefined;
  timeouts: Timeouts;
  log: { info(message: string): void };
  signal?: AbortSignal;
}

/** Whether `profile`'s model takes tools and images, asked with the parameters `caps` says it takes. */
export async function probeSupport(profile: Profile, caps: EndpointCaps, deps: ProbeDeps): Promise<ModelSupport> {
  const tools = await ask('tools', profile, caps, deps);
  const images = await ask('images', profile, caps, deps);
  return { tools, images };
}

async function ask(kind: ProbeKind, profile: Profile, caps: EndpointCaps, deps: ProbeDeps): Promise<Verdict> {
  const started = Date.now();
  let failure: unknown;
  try {
    await streamChat({
      endpoint: endpointOf(profile),
      apiKey: deps.key,
      body: probeRequest(kind, generationOf(profile), caps),
      signal: deps.signal,
      timeouts: deps.timeouts,
      maxRetries: 0,
      onEvent: () => undefined,
    });
  } catch (e) {
    failure = e;
  }
  const verdict = probeVerdict(kind, failure);
  const why = failure === undefined ? '' : ` (${errorMessage(failure)})`;
  deps.log.info(`test connection: ${profile.name} model ${profile.model} takes ${kind}: ${verdict} in ${Date.now() - started} ms${why}`);
  return verdict;
}
