import type { Attached } from './attachmentTray';
import type { ChatController } from './chatController';
import type { ChatViewProvider } from './chatViewProvider';

/** A message another feature puts to the chat: what the model gets, what the user sees in its place, and what goes with it. */
export interface Question {
  prompt: string;
  display?: string;
  attached?: Attached;
}

/** What the other features (explain, terminal, actions) need of the chat: to ask it something where the user sees it. */
export class ChatPanel {
  constructor(
    private readonly view: ChatViewProvider,
    private readonly controller: ChatController,
  ) {}

  /**
   * Shows the chat, then sends the question as the user's message, so follow-ups work there. A
   * question that takes a while to gather (Explain waits for the language servers) is passed as
   * a function: the chat shows at once and the question is sent once known (undefined: nothing).
   */
  async ask(question: Question | (() => Promise<Question | undefined>)): Promise<void> {
    await this.view.reveal();
    const asked = typeof question === 'function' ? await question() : question;
    if (asked) await this.controller.send(asked.prompt, asked.display, asked.attached);
  }
}
