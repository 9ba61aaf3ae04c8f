/**
 * Whose work a CPU profile of the extension host holds. Parley, VS Code's chat agent (the
 * Copilot extension built into code-server) and VS Code's extension API all run in that one
 * process, so its CPU time alone does not say what Parley costs: the profile's samples do.
 * A sample is charged to the extension whose code is nearest on its stack: VS Code's API or
 * Node's own code that Parley called (progress.report, the tokenizer for a count) is Parley's.
 * What the event loop runs before any extension's code is VS Code's or Node's, except the
 * HTTP client (fetch's undici) reading a response: on this path that is Parley's stream.
 */

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const OWNERS = [
  'parley',
  /** Parley's tokenizer counting for the agent (VS Code's provideTokenCount), as it builds its prompt or reads an answer. */
  'parleyTokenCount',
  'copilot',
  'otherExtensions',
  'http',
  'vscode',
  'node',
  'gc',
  'program',
  'bench',
  'idle',
] as const;

export type Owner = (typeof OWNERS)[number];

/** ms of samples per owner. */
export type ProfileShares = Record<Owner, number>;

/** The extension (or VS Code, or nobody) a frame's script belongs to. */
function ownerOfScript(url: string): Owner | undefined {
  if (url.includes('parley-dev.parley')) return 'parley';
  if (url.includes('parley-bench.empty-view')) return 'bench'; // the profiler's own start and stop
  if (url.includes('/extensions/copilot/')) return 'copilot';
  // The extension host itself and its own packages (its WebSocket's compression, proxy agent, port finder).
  if (url.includes('/lib/vscode/out/') || url.includes('/lib/vscode/node_modules/')) return 'vscode';
  if (/^(file:\/\/)?\//.test(url)) return 'otherExtensions';
  return undefined; // Node's own code (node:…), or a frame with no script
}

const SPECIAL = new Map<string, Owner>([
  ['(garbage collector)', 'gc'],
  ['(program)', 'program'],
  ['(idle)', 'idle'],
  ['(root)', 'idle'],
]);

/**
 * Each sample's owner: the nearest extension on its stack (Parley, its tokenizer counting for
 * the agent apart; Copilot; another); else VS Code for a connection its proxy agent opens; else
 * the HTTP client when its response parser is on it; else VS Code when its code is (its RPC
 * with the page, its timers); else Node (the event loop's own socket reads and timers).
 */
export function profileShares(profile: CpuProfile): ProfileShares {
  const parent = new Map<number, ProfileNode>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const ownerOf = new Map<number, Owner>();
  const resolve = (node: ProfileNode): Owner => {
    const special = SPECIAL.get(node.callFrame.functionName);
    if (special) return special;
    const stack: ProfileNode[] = [];
    for (let at: ProfileNode | undefined = node; at; at = parent.get(at.id)) stack.push(at);
    const urls = stack.map((n) => n.callFrame.url);
    const owners = urls.map(ownerOfScript);
    const extension = owners.find((o) => o !== undefined && o !== 'vscode');
    if (extension === 'parley' && stack.some((n) => n.callFrame.functionName === 'provideTokenCount')) return 'parleyTokenCount';
    if (extension) return extension;
    if (urls.some((u) => u.includes('@vscode/proxy-agent'))) return 'vscode';
    if (urls.some((u) => /undici\/undici|undici\/lib\/dispatcher\/client-h1/.test(u))) return 'http';
    return owners.includes('vscode') ? 'vscode' : 'node';
  };
  const shares = Object.fromEntries(OWNERS.map((o) => [o, 0])) as ProfileShares;
  // timeDeltas[i] is the time from sample i-1 to sample i: the time sample i stands for.
  profile.samples.forEach((id, i) => {
    if (!ownerOf.has(id)) ownerOf.set(id, resolve(byId.get(id)!));
    shares[ownerOf.get(id)!] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return shares;
}
