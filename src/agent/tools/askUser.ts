import type { AgentTool, ToolOutcome } from '../../core/agent/agentTool';

/** How the tool asks: the chat's transcript (UserQuestions) in the extension, anything in a test. */
export type AskInChat = (callId: string, question: string, options: readonly string[], signal: AbortSignal) => Promise<string | undefined>;

const MAX_OPTIONS = 6;

/** `ask_user`: the model asks the user a question in the chat, with choices or for a free answer. */
export function createAskUserTool(ask: AskInChat): AgentTool {
  return {
    kind: 'ask',
    definition: {
      name: 'ask_user',
      description:
        'Ask the user a question in the chat and wait for the answer: when the task is unclear or you need a decision. ' +
        `Give up to ${MAX_OPTIONS} short options to click, or none for a free answer (the user may always type one).`,
      parameters: {
        type: 'object',
        properties: {
          question: { type: 'string', description: 'The question, in one or two sentences.' },
          options: { type: 'array', items: { type: 'string' }, maxItems: MAX_OPTIONS, description: 'Short answers to choose from.' },
        },
        required: ['question'],
        additionalProperties: false,
      },
    },
    describe: (args) => {
      const q = (args as { question?: unknown } | undefined)?.question;
      return typeof q === 'string' && q.trim() ? `Ask: ${q.trim().slice(0, 200)}` : 'Ask the user';
    },
    run: async (args, { callId, signal }): Promise<ToolOutcome> => {
      const { question, options } = (args ?? {}) as { question?: unknown; options?: unknown };
      if (typeof question !== 'string' || !question.trim()) {
        return { isError: true, text: 'ask_user needs "question": the question as text.' };
      }
      const choices = Array.isArray(options)
        ? options.filter((o): o is string => typeof o === 'string' && !!o.trim()).slice(0, MAX_OPTIONS)
        : [];
      const answer = await ask(callId, question.trim(), choices, signal);
      if (answer === undefined) return { isError: true, text: 'The user stopped the run before answering.' };
      return { text: `The user answered: ${answer}` };
    },
  };
}
