import * as assert from 'assert';
import { resolveToolPath, WorkspaceRoot } from '../../src/core/agent/workspacePath';
import { DEFAULT_CONTEXT_EXCLUDE, matchesAnyGlob } from '../../src/core/context/contextPrivacy';

const ws: WorkspaceRoot = { name: 'ws', root: '/ws' };
const lib: WorkspaceRoot = { name: 'lib', root: '/srv/me/lib' };
// The same matcher the chat's context uses, with its default list (.env*, keys).
const secrets = (relative: string) => matchesAnyGlob(relative, DEFAULT_CONTEXT_EXCLUDE);

function refused(arg: unknown, folders: WorkspaceRoot[] = [ws]): string {
  const r = resolveToolPath(arg, folders, secrets);
  assert.ok(!r.ok, `${JSON.stringify(arg)} should be refused, resolved to ${r.ok ? r.absolute : ''}`);
  return r.error;
}

function resolved(arg: unknown, folders: WorkspaceRoot[] = [ws]) {
  const r = resolveToolPath(arg, folders, secrets);
  assert.ok(r.ok, `${JSON.stringify(arg)} should resolve, got: ${r.ok ? '' : r.error}`);
  return r;
}

describe('agent tool paths: only inside the workspace', () => {
  it('refuses every way of climbing out with ..', () => {
    const climbing = ['..', '../x', 'a/../../x', './../x', 'src/../../../etc/passwd', '..\\x', 'a\\..\\..\\x', 'src/./../..']; // repo-boundary: ignore (hostile paths, as data)
    for (const p of climbing) {
      const error = refused(p);
      assert.match(error, /outside the workspace/, p);
      assert.match(error, /relative to the workspace folder \/ws/, `${p}: the model is told where paths start`);
    }
  });

  it('refuses percent-encoded dots that a URI parser would turn into ..', () => {
    for (const p of ['%2e%2e/x', '%2E%2E/%2e%2e/etc/passwd', 'a/%2e%2e%2f%2e%2e/x', '..%2fx']) {
      assert.match(refused(p), /outside the workspace/, p);
    }
    // Escapes that stay inside are plain (odd) names.
    assert.strictEqual(resolved('docs/100%25.md').absolute, '/ws/docs/100%25.md');
  });

  it('refuses absolute paths, drives, network shares and home folders outside', () => {
    for (const p of [
      '/etc/passwd',
      '/',
      'C:\\Windows', // repo-boundary: ignore (a hostile path, as data)
      'C:/Windows/System32', // repo-boundary: ignore (a hostile path, as data)
      'c:',
      '\\\\server\\share\\x',
      '//server/share',
      '~',
      '~/x',
      '~root/.ssh',
    ]) {
      refused(p);
    }
    assert.match(refused('\\\\server\\share'), /network path/);
    assert.match(refused('~/.ssh/id_rsa'), /home folder/);
    assert.match(refused('C:foo'), /drive/);
  });

  it('a root that is a prefix of another root does not hold it', () => {
    assert.match(refused('/ws2/x'), /outside the workspace/);
    assert.match(refused('../ws2/x'), /outside the workspace/); // repo-boundary: ignore (a hostile path, as data)
    assert.match(refused('/wsx'), /outside the workspace/);
  });

  it('refuses what is not a path: non-strings, empty, NUL bytes, other URLs, remote file URLs', () => {
    for (const p of [undefined, null, 42, { path: 'a' }, ['a'], '', '   ', 'a\0b', 'src/x.ts\0.png', 'file:///ws/a%00b']) {
      refused(p);
    }
    assert.match(refused(7), /must be a string/);
    assert.match(refused('a\0b'), /NUL/);
    assert.match(refused('https://example.com/ws/x'), /URL/);
    assert.match(refused('file://evil.example/ws/x'), /another machine/);
    assert.match(refused('file:///etc/passwd'), /outside the workspace/);
    assert.match(refused('file:///ws/%2e%2e/etc/passwd'), /outside the workspace/);
  });

  it('refuses excluded files (.env, keys) and what is inside an excluded folder', () => {
    for (const p of ['.env', 'config/.env.production', '/ws/certs/server.pem', 'a/../.env', 'file:///ws/.env.local', '.ssh\\id_rsa']) {
      assert.match(refused(p), /excluded/, p);
    }
    const r = resolveToolPath('build/out/a.js', [ws], (rel) => matchesAnyGlob(rel, ['build/**']));
    assert.ok(!r.ok && /excluded/.test(r.error));
  });

  it('resolves relative, ./, absolute-inside, normalised and file:// paths to the same place', () => {
    for (const p of [
      'src/a.ts',
      './src/a.ts',
      'src//a.ts',
      'src/./a.ts',
      'x/../src/a.ts',
      '/ws/src/a.ts',
      'src\\a.ts',
      ' src/a.ts ',
      'file:///ws/src/a.ts',
      'file://localhost/ws/src/a.ts',
    ]) {
      const r = resolved(p);
      assert.deepStrictEqual([r.folder, r.relative, r.absolute], [ws, 'src/a.ts', '/ws/src/a.ts'], p);
    }
    assert.strictEqual(resolved('file:///ws/my%20notes.md').relative, 'my notes.md');
  });

  it('the folder itself resolves, with an empty relative path (excluded is not asked)', () => {
    for (const p of ['.', './', '/ws', '/ws/', 'src/..']) {
      const r = resolveToolPath(p, [ws], () => true);
      assert.ok(r.ok && r.relative === '' && r.absolute === '/ws', p);
    }
  });

  it('multi-root: a folder name starts a path; otherwise the first folder; each is a boundary', () => {
    const folders = [ws, lib];
    assert.deepStrictEqual(resolved('lib/src/a.ts', folders).absolute, '/srv/me/lib/src/a.ts');
    assert.strictEqual(resolved('lib/src/a.ts', folders).folder, lib);
    assert.strictEqual(resolved('lib/src/a.ts', folders).relative, 'src/a.ts');
    assert.strictEqual(resolved('src/a.ts', folders).absolute, '/ws/src/a.ts');
    assert.strictEqual(resolved('/srv/me/lib/x', folders).folder, lib);
    assert.match(refused('lib/../../x', folders), /outside/);
    assert.match(refused('/srv/me/x', folders), /"ws\/", "lib\/"/);
    // With one folder, a first segment equal to its name is just a subfolder.
    assert.strictEqual(resolved('ws/a.ts', [ws]).absolute, '/ws/ws/a.ts');
  });

  it('nested folders: the innermost one holds the path', () => {
    const inner = { name: 'pkg', root: '/ws/packages/pkg' };
    const r = resolved('/ws/packages/pkg/index.ts', [ws, inner]);
    assert.deepStrictEqual([r.folder, r.relative], [inner, 'index.ts']);
  });

  it('Windows folders (/c:/… as VS Code writes them) take drive paths inside them, any case', () => {
    const win = { name: 'proj', root: '/C:/Users/me/proj' };
    assert.strictEqual(resolved('C:\\Users\\me\\proj\\src\\a.ts', [win]).relative, 'src/a.ts'); // repo-boundary: ignore (a hostile path, as data)
    assert.strictEqual(resolved('c:/Users/me/proj/a.ts', [win]).absolute, '/c:/Users/me/proj/a.ts'); // repo-boundary: ignore (a hostile path, as data)
    assert.strictEqual(resolved('file:///c%3A/Users/me/proj/a.ts', [win]).relative, 'a.ts');
    assert.match(refused('C:\\Windows\\System32', [win]), /outside/); // repo-boundary: ignore (a hostile path, as data)
    assert.match(refused('D:\\Users\\me\\proj\\a.ts', [win]), /outside/); // repo-boundary: ignore (a hostile path, as data)
  });

  it('no folder open: every path is refused with a reason', () => {
    const r = resolveToolPath('a.ts', [], () => false);
    assert.ok(!r.ok && /No workspace folder/.test(r.error));
  });
});
