/**
 * Where a path the model gives a tool points: inside one of the workspace folders, or refused with
 * a sentence the model reads (the run goes on). Pure: roots are POSIX absolute paths (a folder
 * URI's `path`, so Windows roots are `/c:/…`). Symbolic links need the file system: a path that
 * passes here is checked again by `node/realPath.ts` before it is touched.
 */

export interface WorkspaceRoot {
  /** The folder's name, as a multi-root path starts with it (`lib/src/a.ts`). */
  readonly name: string;
  /** POSIX absolute path of the folder. */
  readonly root: string;
}

export type ResolvedToolPath = { ok: true; folder: WorkspaceRoot; relative: string; absolute: string } | { ok: false; error: string };

/** True when a folder-relative path (forward slashes) is excluded: `matchesAnyGlob` with `parley.context.exclude`, git ignores… */
export type ExcludedCheck = (relative: string, folder: WorkspaceRoot) => boolean;

/**
 * Resolves a tool's path argument. Relative paths start at the first folder, or at the folder whose
 * name is their first segment when several are open (the folder's name wins over a same-named
 * subfolder of the first). Absolute paths and `file://` URLs count only inside a folder. `..` is
 * resolved first, so `a/../b` is fine and `a/../../x` is outside; `\` is a separator.
 */
export function resolveToolPath(arg: unknown, folders: readonly WorkspaceRoot[], excluded: ExcludedCheck): ResolvedToolPath {
  if (folders.length === 0) return { ok: false, error: 'No workspace folder is open, so there are no files to work with.' };
  const roots = folders.map((f) => ({ folder: f, root: normalise(withLowerDrive(f.root)) }));
  const hint = relativeHint(folders, roots[0].root);
  const read = readPathArgument(arg);
  if (typeof read !== 'string') return { ok: false, error: `${read.error} ${hint}` };
  const shown = quote(arg as string);
  const absolute = toAbsolute(read, folders, roots[0].root);
  const inside = containingRoot(absolute, roots);
  if (!inside) return { ok: false, error: `${shown} is outside the workspace. ${hint}` };
  if (!/^file:/i.test(read) && read !== decodePercent(read)) {
    // The file system takes `%2e%2e` literally, but a later step that decodes it (a URI parser) would not.
    const decoded = containingRoot(toAbsolute(decodePercent(read), folders, roots[0].root), roots);
    if (!decoded) return { ok: false, error: `${shown} points outside the workspace once its %-escapes are decoded. ${hint}` };
  }
  const relative = absolute === inside.root ? '' : absolute.slice(inside.root === '/' ? 1 : inside.root.length + 1);
  if (relative !== '' && excluded(relative, inside.folder)) {
    return { ok: false, error: `${shown} is excluded (it may hold secrets, or the user keeps it out of Parley); leave it alone.` };
  }
  return { ok: true, folder: inside.folder, relative, absolute };
}

/** The argument as a POSIX path (`/` separators, a lower-case drive), or why it is not one. */
function readPathArgument(arg: unknown): string | { error: string } {
  if (typeof arg !== 'string') return { error: 'The path must be a string, such as "src/index.ts".' };
  let p = arg.trim();
  if (p === '') return { error: 'The path is empty.' };
  if (p.includes('\0')) return { error: 'The path contains a NUL character; no file has such a name.' };
  if (/^file:/i.test(p)) {
    const fromUrl = fileUrlPath(p);
    if (typeof fromUrl !== 'string') return fromUrl;
    p = fromUrl;
  } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(p)) {
    return { error: `${quote(p)} is a URL, not a path in the workspace.` };
  }
  p = p.replace(/\\/g, '/');
  if (p.startsWith('//')) return { error: `${quote(arg)} is a network path, outside the workspace.` };
  if (/^[a-z]:(?!\/|$)/i.test(p)) return { error: `${quote(arg)} is relative to a drive's current folder; give a path in the workspace.` };
  if (/^[a-z]:/i.test(p)) p = `/${p}`;
  if (p === '~' || p.startsWith('~/') || /^~[^/]*(\/|$)/.test(p)) {
    return { error: `${quote(arg)} is in a home folder, outside the workspace.` };
  }
  return withLowerDrive(p);
}

/** `file:///a/b%20c` → `/a/b c`; only local files (no host but `localhost`). */
function fileUrlPath(url: string): string | { error: string } {
  let rest = url.slice('file:'.length);
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const host = rest.slice(2, slash === -1 ? undefined : slash);
    if (host !== '' && host.toLowerCase() !== 'localhost') return { error: `${quote(url)} is a file on another machine.` };
    rest = slash === -1 ? '/' : rest.slice(slash);
  }
  rest = rest.replace(/[?#].*$/, '');
  const decoded = decodePercent(rest);
  if (decoded.includes('\0')) return { error: 'The path contains a NUL character; no file has such a name.' };
  return decoded;
}

function decodePercent(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p; // Not valid escapes: nothing would decode it either.
  }
}

/** `/C:/x` → `/c:/x`, as VS Code writes a Windows folder's path. */
function withLowerDrive(p: string): string {
  return p.replace(/^\/([A-Z]):/, (_, d: string) => `/${d.toLowerCase()}:`);
}

function toAbsolute(p: string, folders: readonly WorkspaceRoot[], firstRoot: string): string {
  if (p.startsWith('/')) return normalise(withLowerDrive(p.replace(/\\/g, '/')));
  const posix = p.replace(/\\/g, '/');
  const [first, ...rest] = posix.split('/');
  const named = folders.length > 1 ? folders.find((f) => f.name === first) : undefined;
  if (named) return normalise(`${normalise(withLowerDrive(named.root))}/${rest.join('/')}`);
  return normalise(`${firstRoot}/${posix}`);
}

/** `.`, `..` and empty segments resolved the way the OS does (`/..` is `/`), no trailing slash. */
function normalise(absolute: string): string {
  const out: string[] = [];
  for (const segment of absolute.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** The innermost folder holding the path, segment by segment (`/ws2/x` is not in `/ws`). */
function containingRoot<T extends { root: string }>(absolute: string, roots: readonly T[]): T | undefined {
  const holding = roots.filter((r) => r.root === '/' || absolute === r.root || absolute.startsWith(`${r.root}/`));
  return holding.sort((a, b) => b.root.length - a.root.length)[0];
}

function relativeHint(folders: readonly WorkspaceRoot[], firstRoot: string): string {
  if (folders.length === 1) return `Paths are relative to the workspace folder ${firstRoot}.`;
  const names = folders.map((f) => `"${f.name}/"`).join(', ');
  return `Paths are relative to ${firstRoot}, or start with a workspace folder's name: ${names}.`;
}

function quote(p: string): string {
  return JSON.stringify(p.length > 200 ? `${p.slice(0, 200)}…` : p);
}
