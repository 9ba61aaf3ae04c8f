/**
 * The same integration suite under @vscode/test-electron, for machines that can download
 * desktop VS Code (the machines the tests usually run on cannot).
 */
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { makeWorkspace, REPO, TEST_EXTENSIONS } from './codeServer';
import { WORKSPACE_FILES } from '../suite/fixtures';

async function main(): Promise<void> {
  const workspace = makeWorkspace(WORKSPACE_FILES);
  await runTests({
    extensionDevelopmentPath: [REPO, ...TEST_EXTENSIONS],
    extensionTestsPath: path.join(REPO, 'out', 'test', 'suite', 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: process.env.PARLEY_OPENAPI_SPEC ? { PARLEY_OPENAPI_SPEC: process.env.PARLEY_OPENAPI_SPEC } : {},
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
