/**
 * What the built-in chat bench's parts share: Parley's model as the chat names it, the test
 * server's replies keyed by a word in the question, sending a question with the probes armed,
 * and profiling the extension host.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { ChatServer, ScriptedReply } from '../server/chatServer';
import { lastUserText, sendQuestion } from '../ui/builtinChatPage';
import { runCommand } from '../ui/workbench';
import { armProbe } from './chatProbes';
import { profileShares, type CpuProfile, type ProfileShares } from './extHostProfile';

export const MODEL = 'Parley · Local test server · test-model';

/** Replies by a word the question holds, and when (this process's epoch ms) each was asked for. */
export class Answers {
  private readonly replies = new Map<string, () => ScriptedReply>();
  readonly askedAt = new Map<string, number>();
  private count = 0;

  constructor(server: ChatServer) {
    server.respond((body) => {
      const text = lastUserText(body);
      for (const [tag, reply] of this.replies) {
        if (!text.includes(tag)) continue;
        this.askedAt.set(tag, epochNow());
        return reply();
      }
      return undefined;
    });
  }

  /** A word no other question holds, answered with `reply`. */
  next(reply: () => ScriptedReply): string {
    const tag = `Quokka${++this.count}x${Date.now() % 100_000}`;
    this.replies.set(tag, reply);
    return tag;
  }
}

export const epochNow = () => performance.timeOrigin + performance.now();

/** Sends a question holding `tag` as the UI tests do, the probes for `token` armed before Enter. */
export async function send(page: Page, tag: string, token: string): Promise<void> {
  await sendQuestion(page, `Which word starts the answer to ${tag}?`, () => armProbe(page, tag, token));
}

/**
 * Starts a CPU profile of the extension host (process `pid`) by the bench extension
 * (test/bench/emptyView); `stop` ends it and says whose work it held.
 */
export async function startProfile(page: Page, pid: number): Promise<{ stop(): Promise<ProfileShares> }> {
  const status = (text: string) => page.locator('.statusbar-item', { hasText: text }).first().waitFor({ timeout: 30_000 });
  const file = path.join(os.tmpdir(), `parley-bench-exthost-${pid}.cpuprofile`);
  fs.rmSync(file, { force: true });
  await runCommand(page, 'Bench: Start Extension Host Profile');
  await status('Bench: profiling the extension host');
  return {
    async stop() {
      await runCommand(page, 'Bench: Stop Extension Host Profile');
      await status('Bench: extension host profile written');
      const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
      fs.rmSync(file, { force: true });
      return profileShares(profile);
    },
  };
}
