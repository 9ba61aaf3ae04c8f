/**
 * The name the model sees for an MCP server's tool: `mcp_<server>_<tool>`, in the characters and
 * length the Chat Completions API allows (`^[a-zA-Z0-9_-]{1,64}$`), never the same as another.
 */

const MAX = 64;

function clean(s: string): string {
  return s.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'x';
}

/** A short, stable tail that tells apart two names cut to the same 64 characters. */
function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/**
 * Names for each server's tools, in order; `taken` holds names already used (the built-in
 * tools); `prefix`: `mcp` for Parley's MCP servers, `vscode` for VS Code's tools.
 */
export function mcpToolNames(tools: readonly { server: string; tool: string }[], taken: Iterable<string> = [], prefix = 'mcp'): string[] {
  const used = new Set(taken);
  return tools.map(({ server, tool }) => {
    let name = server ? `${prefix}_${clean(server)}_${clean(tool)}` : `${prefix}_${clean(tool)}`;
    if (name.length > MAX) name = `${name.slice(0, MAX - 8)}_${hash(`${server}\u0000${tool}`).slice(0, 7)}`;
    for (let n = 2; used.has(name); n++) name = `${name.slice(0, MAX - 1 - String(n).length)}_${n}`;
    used.add(name);
    return name;
  });
}
