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

export type Owner = 'parley' | 'copilot' | 'otherExtensions' | 'http' | 'vscode' | 'node' | 'gc' | 'program' | 'bench' | 'idle';

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
 * Each sample's owner: the nearest extension on its stack (Parley, Copilot, another); else the
 * HTTP client when its response parser is on it; else VS Code when its code is (its RPC with
 * the page, its timers, connections its proxy agent opens); else Node (the event loop's own
 * socket reads and timers, before any script they serve).
 */
export function profileShares(profile: CpuProfile): ProfileShares {
  const parent = new Map<number, ProfileNode>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const ownerOf = new Map<number, Owner>();
  const resolve = (node: ProfileNode): Owner => {
    const known = ownerOf.get(node.id);
    if (known) return known;
    let owner: Owner | undefined = SPECIAL.get(node.callFrame.functionName);
    let [sawVscode, sawHttp, sawProxy] = [false, false, false];
    for (let at: ProfileNode | undefined = node; !owner && at; at = parent.get(at.id)) {
      const { url } = at.callFrame;
      sawHttp ||= /undici\/undici|undici\/lib\/dispatcher\/client-h1/.test(url);
      sawProxy ||= url.includes('@vscode/proxy-agent');
      const script = ownerOfScript(url);
      if (script === 'vscode') sawVscode = true;
      else if (script) owner = script;
    }
    owner ??= sawHttp && !sawProxy ? 'http' : sawVscode || sawProxy ? 'vscode' : 'node';
    ownerOf.set(node.id, owner);
    return owner;
  };
  const shares: ProfileShares = {
    parley: 0,
    copilot: 0,
    otherExtensions: 0,
    http: 0,
    vscode: 0,
    node: 0,
    gc: 0,
    program: 0,
    bench: 0,
    idle: 0,
  };
  // timeDeltas[i] is the time from sample i-1 to sample i: the time sample i stands for.
  profile.samples.forEach((id, i) => {
    shares[resolve(byId.get(id)!)] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return shares;
}
