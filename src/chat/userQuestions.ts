import type { ToolTurn } from '../core/conversation/turn';
import type { ChatController } from './chatController';

/**
 * The agent's questions to the user (ask_user), asked in the chat's transcript: the call's step
 * shows the question with its choices and a box for a free answer, and the answer comes back
 * from the page. Only a waiting question can be answered, once; Stop withdraws it.
 */
export class UserQuestions {
  private readonly waiting = new Map<string, (answer: string | undefined) => void>();

  constructor(private readonly chat: ChatController) {}

  /** Resolves with the answer, or undefined when Stop withdrew the question. */
  ask(callId: string, text: string, options: readonly string[], signal: AbortSignal): Promise<string | undefined> {
    const conversation = this.chat.conversation;
    const step = conversation.turns.find((t): t is ToolTurn => t.role === 'tool' && t.toolCallId === callId);
    if (step) conversation.changeStep(step.id, { status: 'waiting', question: { text, options: [...options] } });
    return new Promise((resolve) => {
      const done = (answer: string | undefined) => {
        this.waiting.delete(callId);
        signal.removeEventListener('abort', stopped);
        if (step) conversation.changeStep(step.id, { status: 'running', question: undefined });
        resolve(answer);
      };
      const stopped = () => done(undefined);
      if (signal.aborted) return stopped();
      signal.addEventListener('abort', stopped, { once: true });
      this.waiting.set(callId, done);
    });
  }

  /** The user's answer from the page; a question not waiting (answered, stopped, forged) changes nothing. */
  answer(callId: string, text: string): void {
    this.waiting.get(callId)?.(text);
  }

  /** The calls whose question waits (for the tests). */
  get pending(): readonly string[] {
    return [...this.waiting.keys()];
  }
}
