/** The built-in chat bench's rows in `npm run bench`'s table (name, figure, detail, verdict: none, no budget is set). */
import type { BuiltinChatFigures } from './builtinChatBench';
import { stats } from './clientBench';

const f = (n: number, digits = 1) => n.toFixed(digits);

export function builtinChatRows(b: BuiltinChatFigures): [string, string, string, string][] {
  const p = b.phases;
  const parley = stats(b.samples.map((s) => s.parleyRequest + s.parleyFirstChunk));
  const vscode = stats(b.samples.map((s) => s.total - s.parleyRequest - s.parleyFirstChunk));
  const { cpu } = b;
  const per1000 = (ms: number) => f((ms / cpu.tokens) * 1000);
  const shares = cpu.profile.shares;
  const ofBusy = (ms: number) => `${f((ms / cpu.profile.busyMs) * 100, 0)}%`;
  const w = b.firstWordProfile;
  return [
    [
      "VS Code's chat: Enter → first word shown, median ms",
      `${f(b.chatMs.p50)} (min ${f(b.chatMs.min)} max ${f(b.chatMs.max)})`,
      `raw fetch of the same server with the chat's own request (${b.requestBytes} bytes): ${f(b.rawMs.p50, 2)} (min ${f(b.rawMs.min, 2)} max ${f(b.rawMs.max, 2)}); ${b.runs} runs each, first chunk at once`,
      '',
    ],
    [
      "VS Code's chat first word: Parley / VS Code, median ms",
      `${f(parley.p50)} / ${f(vscode.p50)}`,
      `Parley ${f(parley.min)}–${f(parley.max)}: its request ${f(p.parleyRequest.p50)} + its first chunk to the page ${f(p.parleyFirstChunk.p50)} (each with the extension host's RPC)`,
      '',
    ],
    [
      "VS Code's chat first word, VS Code's part, median ms",
      f(vscode.p50),
      `page ${f(p.pageToAgent.p50)}, agent (Copilot) builds the request ${f(p.agent.p50)}, page passes it to Parley ${f(p.pageToParley.p50)}; answer: page → agent → page ${f(p.agentAnswer.p50)}, shown ${f(p.render.p50)}`,
      '',
    ],
    [
      "VS Code's chat first word: extension host CPU by owner, ms (profiled)",
      `Parley ${f(w.parley)} + ${f(w.parleyTokenCount)} counting tokens for the agent`,
      `one more first word, New Chat to shown: Copilot agent ${f(w.copilot)}, VS Code API and RPC ${f(w.vscode)}, HTTP client ${f(w.http)}, Node event loop ${f(w.node)}, GC and native ${f(w.gc + w.program)}`,
      '',
    ],
    [
      "VS Code's chat: extension host CPU ms per 1,000 tokens",
      `${f(cpu.extHostMsPer1000.p50)} (min ${f(cpu.extHostMsPer1000.min)} max ${f(cpu.extHostMsPer1000.max)})`,
      `${cpu.tokens} tokens, one write per ${cpu.tokenDelayMs} ms, ${cpu.runs} runs, idle ${f(cpu.idleMsPer1000.p50)} taken off; through the host in ${f(cpu.streamMs.p50 / 1000)} s, all shown at ${f(cpu.shownMs.p50 / 1000)} s; Parley's own client in plain Node ${f(cpu.client.parleyMsPer1000.p50)}, raw http ${f(cpu.client.rawMsPer1000.p50)}`,
      '',
    ],
    [
      "VS Code's chat: Parley's CPU ms per 1,000 tokens (profiled)",
      `${per1000(shares.parley)} + ${per1000(shares.parleyTokenCount)} counting tokens for the agent + ${per1000(shares.http)} HTTP client`,
      `${ofBusy(shares.parley + shares.parleyTokenCount + shares.http)} of the extension host's busy samples; Copilot agent ${per1000(shares.copilot)} (${ofBusy(shares.copilot)}), VS Code API and RPC ${per1000(shares.vscode)}, Node event loop ${per1000(shares.node)}, GC and native ${per1000(shares.gc + shares.program)}`,
      '',
    ],
  ];
}
