import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkRealPath } from '../../src/core/agent/node/realPath';

// Real links in a temp dir: <tmp>/ws is the workspace folder, <tmp>/outside is not.
describe('agent tool paths: symbolic links may not leave the workspace', () => {
  let tmp: string;
  let ws: string;
  let outside: string;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-realpath-'));
    ws = path.join(tmp, 'ws');
    outside = path.join(tmp, 'outside');
    await fs.mkdir(path.join(ws, 'src'), { recursive: true });
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'secret.txt'), 'secret');
    await fs.writeFile(path.join(ws, 'src', 'a.ts'), 'a');
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(ws, 'fileOut'));
    await fs.symlink(outside, path.join(ws, 'dirOut'));
    await fs.symlink('../outside', path.join(ws, 'relDirOut')); // repo-boundary: ignore (a link's target, as data)
    await fs.symlink('src/a.ts', path.join(ws, 'fileIn'));
    await fs.symlink(path.join(ws, 'src'), path.join(ws, 'dirIn'));
    await fs.symlink(path.join(outside, 'new.txt'), path.join(ws, 'danglingOut'));
    await fs.symlink('src/not-yet.ts', path.join(ws, 'danglingIn'));
    await fs.symlink(path.join(outside, 'nodir'), path.join(ws, 'danglingDirOut'));
    await fs.symlink('loopB', path.join(ws, 'loopA'));
    await fs.symlink('loopA', path.join(ws, 'loopB'));
    // The workspace folder opened through a link of its own is still itself.
    await fs.symlink(ws, path.join(tmp, 'wsLink'));
  });

  after(() => fs.rm(tmp, { recursive: true, force: true }));

  const refused = async (rel: string) => {
    const r = await checkRealPath(path.join(ws, rel), ws, rel);
    assert.ok(!r.ok, `${rel} should be refused, was ${r.ok ? r.real : ''}`);
    return r.error;
  };
  const allowed = async (rel: string, root = ws) => {
    const r = await checkRealPath(path.join(root, rel), root, rel);
    assert.ok(r.ok, `${rel} should be allowed: ${r.ok ? '' : r.error}`);
    return r.real;
  };

  it('refuses a file link, a directory link and a relative link that lead out', async () => {
    assert.match(await refused('fileOut'), /"fileOut" is a symbolic link .*outside the workspace/);
    await refused('dirOut');
    await refused('dirOut/secret.txt');
    await refused('relDirOut/secret.txt');
  });

  it('refuses a file to be created through a directory link that leads out', async () => {
    await refused('dirOut/new.txt');
    await refused('dirOut/deeper/new.txt');
  });

  it('refuses a dangling link whose target would be created outside, or under a dangling folder link', async () => {
    await refused('danglingOut');
    await refused('danglingDirOut/new.txt');
  });

  it('refuses a loop of links with a sentence', async () => {
    assert.match(await refused('loopA'), /loop of symbolic links/);
  });

  it('allows links that stay inside, and reports the real file', async () => {
    assert.strictEqual(await allowed('fileIn'), await fs.realpath(path.join(ws, 'src', 'a.ts')));
    await allowed('dirIn/a.ts');
    await allowed('danglingIn');
  });

  it('allows plain files, files to be created, and the folder itself', async () => {
    await allowed('src/a.ts');
    await allowed('src/new/deeper/b.ts');
    await allowed('');
    await allowed('src/a.ts/not-a-dir', ws); // fails later at the tool, but stays inside
  });

  it('a folder opened through a link holds its own files, not the link target of others', async () => {
    const wsLink = path.join(tmp, 'wsLink');
    await allowed('src/a.ts', wsLink);
    const r = await checkRealPath(path.join(wsLink, 'dirOut/secret.txt'), wsLink);
    assert.ok(!r.ok);
  });

  it('a folder that cannot be read refuses everything', async () => {
    const r = await checkRealPath(path.join(tmp, 'gone', 'a.ts'), path.join(tmp, 'gone'));
    assert.ok(!r.ok && /cannot be read/.test(r.error));
  });
});
