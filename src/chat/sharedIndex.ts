import * as vscode from 'vscode';
import { emptyIndex, mergeIndex, parseIndex, type ConversationIndex } from '../core/conversation/conversationIndex';

const PREFIX = 'conversations.index.';
/** Another window's index file is removed (its content merged into this one's) once idle this long. */
const STALE_MS = 60 * 60_000;

/**
 * The conversation index other windows on the same workspace can see. Each window writes only
 * its own file (`conversations.index.<window>.json`, renamed into place), and reads merge them
 * all, so two windows saving at the same moment cannot overwrite each other's entries or
 * deletions. Files of windows long gone are folded into this one's and removed.
 */
export class SharedIndex {
  private readonly own: string;
  private seen = new Map<string, number>();

  constructor(
    private readonly dir: vscode.Uri,
    private readonly writeAtomic: (target: vscode.Uri, text: string) => Promise<void>,
    windowId: string,
  ) {
    this.own = `${PREFIX}${windowId}.json`;
  }

  async read(): Promise<ConversationIndex> {
    let names: string[];
    try {
      names = (await vscode.workspace.fs.readDirectory(this.dir))
        .map(([n]) => n)
        .filter((n) => n.startsWith(PREFIX) && n.endsWith('.json'));
    } catch {
      return emptyIndex(); // no folder yet
    }
    const seen = new Map<string, number>();
    const indexes = await Promise.all(
      names.map(async (name) => {
        const uri = vscode.Uri.joinPath(this.dir, name);
        try {
          const [stat, bytes] = await Promise.all([vscode.workspace.fs.stat(uri), vscode.workspace.fs.readFile(uri)]);
          seen.set(name, stat.mtime);
          return parseIndex(JSON.parse(new TextDecoder().decode(bytes)));
        } catch {
          return emptyIndex(); // removed meanwhile, or damaged: the writer rewrites it whole
        }
      }),
    );
    this.seen = seen;
    return mergeIndex(...indexes);
  }

  /** Writes this window's file (call with what `read` returned, merged and changed). */
  async write(index: ConversationIndex): Promise<void> {
    await this.writeAtomic(vscode.Uri.joinPath(this.dir, this.own), JSON.stringify({ version: 1, ...index }));
    for (const [name, mtime] of this.seen) {
      if (name === this.own || Date.now() - mtime < STALE_MS) continue;
      const uri = vscode.Uri.joinPath(this.dir, name);
      // Only if untouched since it was read: what it held is now in this window's file.
      const now = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      if (now?.mtime === mtime) await Promise.resolve(vscode.workspace.fs.delete(uri)).catch(() => undefined);
    }
  }
}
