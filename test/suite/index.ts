/**
 * Mocha entry point loaded by the extension host (code-server here, @vscode/test-electron on
 * a desktop). Resolves when every test passed, rejects otherwise.
 */
import * as path from 'path';
import Mocha from 'mocha';
import { globSync } from 'glob';
import { SUITE_START } from './fixtures';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (process.env.PARLEY_TEST_GREP) mocha.grep(process.env.PARLEY_TEST_GREP);
  for (const file of globSync('**/*.test.js', { cwd: __dirname }).sort()) mocha.addFile(path.resolve(__dirname, file));
  console.log(SUITE_START);
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`integration tests: ${failures === 0 ? 'all passed' : `${failures} failed`}`);
      if (failures > 0) reject(new Error(`${failures} integration tests failed`));
      else resolve();
    });
  });
}
