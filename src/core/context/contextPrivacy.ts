/**
 * What may leave the machine without the user asking: glob matching for `files.exclude` and
 * `parley.context.exclude`, and the rule for implicit context (the current file).
 */

/** `parley.context.exclude`'s default: files that hold keys and credentials. */
export const DEFAULT_CONTEXT_EXCLUDE: readonly string[] = ['.env*', '*.pem', '*.key', 'id_rsa*'];

/** A VS Code-style glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) as a regular expression on a whole path. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` is any number of folders (none too); a trailing `**` is anything.
      if (glob[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i++;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      out += '(?:';
      inBraces = true;
    } else if (c === '}' && inBraces) {
      out += ')';
      inBraces = false;
    } else if (c === ',' && inBraces) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end === -1) out += '\\[';
      else {
        out += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/**
 * True when the workspace-relative `path` (forward slashes) or a folder it is in matches one of
 * the globs. A glob without a slash matches a name at any depth, as in `.gitignore`.
 */
export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  const segments = path.split('/').filter(Boolean);
  const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  return globs.some((glob) => {
    const clean = glob.replace(/^\.\//, '').replace(/\/$/, '');
    const re = globToRegExp(clean);
    if (!clean.includes('/')) return segments.some((s) => re.test(s));
    return prefixes.some((p) => re.test(p));
  });
}

/** The globs a `files.exclude`-style object turns on (`{ "**\/.git": true }`; `when` clauses count as on). */
export function enabledGlobs(setting: Record<string, unknown> | undefined): string[] {
  return Object.entries(setting ?? {})
    .filter(([, v]) => v === true || (typeof v === 'object' && v !== null))
    .map(([k]) => k);
}

export interface ImplicitCheck {
  /** `vscode.workspace.isTrusted`: in Restricted Mode nothing from the workspace goes implicitly. */
  trusted: boolean;
  /** `parley.context.currentFile`. */
  enabled: boolean;
  /** Git-ignored, in `files.exclude` or in `parley.context.exclude`. */
  excluded: boolean;
}

/** Whether the current file may ride along without the user attaching it. */
export function implicitAllowed(check: ImplicitCheck): boolean {
  return check.trusted && check.enabled && !check.excluded;
}
