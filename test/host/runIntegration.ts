/** Runs the mocha suite in test/suite inside a real VS Code extension host (code-server). */
import * as path from 'path';
import { REPO, TEST_EXTENSIONS } from './codeServer';
import { runInHost } from './runInHost';

runInHost({
  testsPath: path.join(REPO, 'out', 'test', 'suite', 'index'),
  env: { PARLEY_TEST_GREP: process.env.PARLEY_TEST_GREP ?? '' },
  moreExtensions: TEST_EXTENSIONS,
}).then(
  (code) => {
    console.log(`integration: the extension host reported exit code ${code}`);
    process.exit(code);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
