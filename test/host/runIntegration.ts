/**
 * Runs the mocha suite in test/suite inside a real VS Code extension host (code-server), the
 * way @vscode/test-electron does on a desktop: the workbench loads the extension under
 * development and the test module, awaits its run(), and reports an exit code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import { ensureHost, launchBrowser, makeWorkspace, REPO, startCodeServer, workbenchUrl } from './codeServer';
import { SUITE_START, WORKSPACE_FILES } from '../suite/fixtures';

async function main(): Promise<number> {
  const hostDir = ensureHost();
  const workspace = makeWorkspace(WORKSPACE_FILES);
  const server = await startCodeServer({ hostDir, workspace });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((r) => (resolveExit = r));
    // The workbench's own chatter (offline gallery lookups and the like) is held back until the
    // suite starts, and shown only if the suite never did.
    const early: string[] = [];
    let suiteStarted = false;
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (line.includes(SUITE_START)) suiteStarted = true;
      else if (suiteStarted) console.log(line);
      else early.push(line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const env = { PARLEY_OPENAPI_SPEC: process.env.PARLEY_OPENAPI_SPEC ?? findSpec(), PARLEY_TEST_GREP: process.env.PARLEY_TEST_GREP ?? '' };
    const url = workbenchUrl(server, [
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(path.join(REPO, 'out', 'test', 'suite', 'index'))],
      ['extensionEnvironment', JSON.stringify(env)],
    ]);
    await page.goto(url);
    const timeout = new Promise<number>((r) => setTimeout(() => {
      console.error('integration: no result within 20 minutes');
      r(1);
    }, 20 * 60_000));
    const code = await Promise.race([exited, timeout]);
    if (!suiteStarted) console.log(early.join('\n'));
    console.log(`integration: the extension host reported exit code ${code}`);
    return code;
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

function findSpec(): string {
  const candidate = path.resolve(REPO, '..', 'shared', 'spec', 'openai-openapi.yaml');
  if (!fs.existsSync(candidate)) throw new Error(`OpenAPI spec not found at ${candidate}; set PARLEY_OPENAPI_SPEC`);
  return candidate;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
