/**
 * Files whose contents never leave the machine on their own: keys and credentials. The same
 * default as `parley.context.exclude` (when that setting is set, its globs are used instead).
 */
export const DEFAULT_EXCLUDED_GLOBS: readonly string[] = ['.env*', '*.pem', '*.key', 'id_rsa*'];

/** A glob with `**`, `*` and `?` as a regular expression on a whole path or name. */
function globRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^$()|[\]{}\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/**
 * True when the repository-relative `path` matches a glob. A glob without a slash matches a
 * file or folder name at any depth, as in `.gitignore`; one with a slash, the path from the root.
 */
export function isExcludedPath(path: string, globs: readonly string[]): boolean {
  const segments = path.split('/').filter(Boolean);
  return globs.some((glob) => {
    const clean = glob.replace(/^\.\//, '').replace(/\/$/, '');
    const re = globRegExp(clean);
    if (!clean.includes('/')) return segments.some((s) => re.test(s));
    return segments.some((_, i) => re.test(segments.slice(0, i + 1).join('/')));
  });
}
