import type { ToolTurn } from '../core/conversation/turn';
import type { ApprovalChoice } from '../shared/protocol';
import type { ChatController } from './chatController';

/** A command the agent wants to run, waiting for the user. */
export interface ApprovalRequest {
  command: string;
  /** The folder, as the user reads it. */
  where?: string;
  /** What Always Allow adds; undefined: not offered. */
  alwaysAllows?: readonly string[];
  /** `tool`: an MCP tool call rather than a command line. */
  kind?: 'command' | 'tool';
  /** The call's id: its step in the transcript shows the buttons. */
  callId: string;
  /** Stop: the question is withdrawn and the command is not run. */
  signal: AbortSignal;
}

export type Approval = { choice: 'run' } | { choice: 'always' } | { choice: 'alwaysServer' } | { choice: 'deny'; reason?: string };

/**
 * Asks the user about a command in the chat's transcript: the call's step shows it with Run,
 * Always Allow and Deny, and the answer comes back from the page. Only a step that is waiting
 * can be answered, once; Stop withdraws the question (the command does not run).
 */
export class CommandApprovals {
  private readonly waiting = new Map<string, (answer: Approval) => void>();

  constructor(private readonly chat: ChatController) {}

  ask(request: ApprovalRequest): Promise<Approval> {
    const conversation = this.chat.conversation;
    const step = conversation.turns.find((t): t is ToolTurn => t.role === 'tool' && t.toolCallId === request.callId);
    const approval = {
      command: request.command,
      where: request.where,
      alwaysAllows: request.alwaysAllows && [...request.alwaysAllows],
      ...(request.kind === 'tool' ? { kind: 'tool' as const } : {}),
    };
    if (step) conversation.changeStep(step.id, { status: 'waiting', approval });
    return new Promise<Approval>((resolve) => {
      const done = (answer: Approval) => {
        this.waiting.delete(request.callId);
        request.signal.removeEventListener('abort', stopped);
        if (step) conversation.changeStep(step.id, { status: 'running', approval: undefined });
        resolve(answer);
      };
      const stopped = () => done({ choice: 'deny', reason: 'Stopped by the user.' });
      if (request.signal.aborted) return stopped();
      request.signal.addEventListener('abort', stopped, { once: true });
      this.waiting.set(request.callId, done);
    });
  }

  /** The user's answer from the page; a call that is not waiting (answered, stopped, forged) changes nothing. */
  answer(callId: string, choice: ApprovalChoice, reason?: string): void {
    const done = this.waiting.get(callId);
    if (!done) return;
    const step = this.chat.conversation.turns.find((t): t is ToolTurn => t.role === 'tool' && t.toolCallId === callId);
    // Always Allow where it was not offered (a forged message) runs it once.
    if (choice === 'always' && !step?.approval?.alwaysAllows) return done({ choice: 'run' });
    if (choice === 'alwaysServer' && !(step?.approval?.kind === 'tool' && step.approval.alwaysAllows?.[1])) return done({ choice: 'run' });
    done(choice === 'deny' ? { choice, reason: reason?.trim() || undefined } : { choice });
  }

  /** The calls waiting for an answer (for the tests). */
  get pending(): readonly string[] {
    return [...this.waiting.keys()];
  }
}
