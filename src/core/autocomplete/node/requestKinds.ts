import { afterFailure, afterSuccess, nextKind, readProbeState, type ProbeState, type RequestKind } from '../requestPlan';
import { fimModel } from '../fimFamily';
import { askSuggestion, SuggestionError, type SuggestionAsk, type SuggestionReply } from './suggestionRequest';

/** Where what was learnt is kept: VS Code's globalState in the extension (plain JSON values). */
export interface KindMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** What is remembered per base URL and model: the probe, and whether the server said it is llama.cpp. */
interface Stored {
  probe: ProbeState;
  llamaCpp: boolean;
}

/**
 * Asks with the kind of request the endpoint takes, found by trying them best first
 * (../requestPlan.ts) and kept in globalState, so a window, or the next, starts
 * with the kind that worked. A kind the server says it does not serve is ruled out and the next
 * tried at once, within the same keystroke.
 */
export class RequestKinds {
  constructor(
    private readonly state: KindMemory,
    /** Keys are this, then the base URL and the model. */
    private readonly keyPrefix: string,
  ) {}

  /** The kind the next request will use (the status bar says when it is the slower chat). */
  current(baseUrl: string, model: string): RequestKind | undefined {
    const stored = this.read(baseUrl, model);
    return nextKind(stored.probe, this.traits(stored, model), Date.now());
  }

  async ask(ask: Omit<SuggestionAsk, 'kind' | 'family'>): Promise<SuggestionReply & { kind: RequestKind }> {
    const { baseUrl } = ask.profile;
    let stored = this.read(baseUrl, ask.model);
    const family = fimModel(ask.model)?.family;
    for (;;) {
      const kind = nextKind(stored.probe, this.traits(stored, ask.model), Date.now());
      if (!kind) throw new SuggestionError('This endpoint answered no kind of completion request (/completions, /infill or chat).');
      try {
        const reply = await askSuggestion({ ...ask, kind, family });
        if (!stored.llamaCpp && isLlamaCpp(reply.server)) {
          // llama.cpp answered /completions but ignored the suffix: ask its /infill now, and from now on.
          stored = { probe: stored.probe, llamaCpp: true };
          await this.write(baseUrl, ask.model, stored);
          if (kind === 'completions') continue;
        }
        const llamaCpp = stored.llamaCpp;
        await this.write(baseUrl, ask.model, { probe: afterSuccess(stored.probe, kind), llamaCpp });
        return { ...reply, kind };
      } catch (e) {
        if (!(e instanceof SuggestionError) || e.aborted) throw e;
        const probe = afterFailure(stored.probe, kind, { status: e.status, message: e.message }, Date.now());
        const llamaCpp = stored.llamaCpp || isLlamaCpp(e.server);
        const learnt = probe !== stored.probe || llamaCpp !== stored.llamaCpp;
        stored = { probe, llamaCpp };
        if (!learnt) throw e;
        await this.write(baseUrl, ask.model, stored);
      }
    }
  }

  private traits(stored: Stored, model: string) {
    return { llamaCpp: stored.llamaCpp, familyKnown: fimModel(model) !== undefined };
  }

  private key(baseUrl: string, model: string): string {
    return `${this.keyPrefix}${baseUrl}|${model}`;
  }

  private read(baseUrl: string, model: string): Stored {
    const raw = this.state.get<{ probe?: unknown; llamaCpp?: unknown }>(this.key(baseUrl, model));
    return { probe: readProbeState(raw?.probe), llamaCpp: raw?.llamaCpp === true };
  }

  private async write(baseUrl: string, model: string, stored: Stored): Promise<void> {
    const before = this.state.get(this.key(baseUrl, model));
    if (JSON.stringify(before) === JSON.stringify(stored)) return;
    await this.state.update(this.key(baseUrl, model), stored);
  }
}

function isLlamaCpp(server: string | undefined): boolean {
  return server !== undefined && /llama\.cpp/i.test(server);
}
