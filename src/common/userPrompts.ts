import * as vscode from 'vscode';

/**
 * The questions Parley puts to the user in a box, a pick or a modal dialog. Features are handed this
 * interface, never `vscode.window` directly, so a test can answer in place of a person (a
 * modal cannot be clicked in the test host).
 */
export interface UserPrompts {
  /** An input box (a key); undefined when it is cancelled. */
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A modal warning with one action besides Cancel; true when the action was chosen. */
  confirm(message: string, action: string): Thenable<boolean>;
  /** A modal warning with its own actions (VS Code adds Cancel); the action chosen, undefined when it is closed. */
  choose(message: string, detail: string, actions: readonly string[]): Thenable<string | undefined>;
  /** A quick pick where several items can be picked; undefined when it is cancelled. */
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<readonly T[] | undefined>;
}

/** VS Code's own input box and modal. */
const vscodePrompts: UserPrompts = {
  input: (options) => vscode.window.showInputBox(options),
  confirm: async (message, action) => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action,
  choose: (message, detail, actions) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions),
  pickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
};

/**
 * The prompts in use: VS Code's, or for as long as a test holds it, the stand-in the test
 * handed in through `ParleyApi.answerPrompts` (what it leaves out still goes to VS Code).
 */
export class AnswerablePrompts implements UserPrompts {
  private standIn: Partial<UserPrompts> = {};

  input(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    return (this.standIn.input ?? vscodePrompts.input)(options);
  }

  confirm(message: string, action: string): Thenable<boolean> {
    return (this.standIn.confirm ?? vscodePrompts.confirm)(message, action);
  }

  choose(message: string, detail: string, actions: readonly string[]): Thenable<string | undefined> {
    return (this.standIn.choose ?? vscodePrompts.choose)(message, detail, actions);
  }

  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<readonly T[] | undefined> {
    return (this.standIn.pickMany ?? vscodePrompts.pickMany)(items, options);
  }

  /** Answers with `standIn` until the returned disposable is disposed. */
  answerWith(standIn: Partial<UserPrompts>): vscode.Disposable {
    this.standIn = standIn;
    return new vscode.Disposable(() => {
      if (this.standIn === standIn) this.standIn = {};
    });
  }
}
