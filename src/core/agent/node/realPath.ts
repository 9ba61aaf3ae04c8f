/**
 * The symbolic-link half of the workspace boundary: a path that `workspacePath.ts` placed inside a
 * folder must still be inside that folder's real location once every link is followed. A file about
 * to be created is judged by where it would land: its nearest existing parent, followed; a dangling
 * link by where its target would be created. Checked just before the tool acts, so a link swapped in
 * between is not caught: this keeps the model's ordinary paths honest, it is not a sandbox.
 */
import { promises as fs } from 'fs';
import * as path from 'path';

export type RealPathCheck = { ok: true; real: string } | { ok: false; error: string };

/** Links followed before a path is given up on (Linux stops at 40 too). */
const MAX_LINKS = 40;

/** Whether `absolute` (a file system path inside `folderRoot`) really is inside it. */
export async function checkRealPath(absolute: string, folderRoot: string, shown = absolute): Promise<RealPathCheck> {
  let realRoot: string;
  try {
    realRoot = await fs.realpath(folderRoot);
  } catch {
    return { ok: false, error: `The workspace folder ${folderRoot} cannot be read.` };
  }
  let real: string;
  try {
    real = await realOrWouldBe(path.resolve(absolute), 0);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ok: false, error: `${JSON.stringify(shown)} is a loop of symbolic links.` };
    return { ok: false, error: `${JSON.stringify(shown)} cannot be checked (${code ?? String(e)}).` };
  }
  if (!isInside(real, realRoot)) {
    return {
      ok: false,
      error: `${JSON.stringify(shown)} is a symbolic link (or inside one) that leads outside the workspace; files outside ${folderRoot} are not available.`,
    };
  }
  return { ok: true, real };
}

/** The real path, or for what does not exist yet, where creating it would put it. */
async function realOrWouldBe(p: string, links: number): Promise<string> {
  if (links > MAX_LINKS) throw Object.assign(new Error('too many links'), { code: 'ELOOP' });
  try {
    return await fs.realpath(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
  }
  const link = await readLinkIfAny(p);
  // A dangling link: writing through it creates its target, so the target is what is judged.
  if (link !== undefined) return realOrWouldBe(path.resolve(path.dirname(p), link), links + 1);
  const parent = path.dirname(p);
  if (parent === p) return p;
  return path.join(await realOrWouldBe(parent, links), path.basename(p));
}

async function readLinkIfAny(p: string): Promise<string | undefined> {
  try {
    const stat = await fs.lstat(p);
    return stat.isSymbolicLink() ? await fs.readlink(p) : undefined;
  } catch {
    return undefined;
  }
}

function isInside(real: string, root: string): boolean {
  const rel = path.relative(root, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
