import { existsSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../adapters/exec.ts';
import { ChartkitError } from '../../core/errors.ts';
import { lint } from './lint.ts';
import { test } from './test.ts';

/**
 * The checks a chart passes before it is published: lint and unit tests. In the repository they
 * run through Nx (`nx run-many -t lint test -p …`, cached); in a workspace without nx.json (a
 * scratch or fixture workspace) chartkit's own lint and test commands run instead.
 */
export async function runChecks(root: string, names: readonly string[], options: { outputToStderr?: boolean } = {}): Promise<'nx' | 'chartkit'> {
  if (existsSync(path.join(root, 'nx.json'))) {
    // Live: every task's output, failing assertions included, as Nx prints it.
    const result = await run('npx', ['--no-install', 'nx', 'run-many', '-t', 'lint', 'test', '-p', names.join(','), '--output-style=static'], {
      cwd: root,
      env: { NX_DAEMON: process.env.NX_DAEMON ?? 'false' },
      echo: options.outputToStderr ? 'stderr' : true,
    });
    if (result.exitCode !== 0) {
      throw new ChartkitError('PUBLISH', `lint or test failed (nx run-many -t lint test -p ${names.join(',')}); nothing was published — fix the charts, or publish with --skip-checks`, {
        details: [result.all],
      });
    }
    return 'nx';
  }
  const lintCode = await lint([...names], { helm: 'both' });
  if (lintCode !== 0) throw new ChartkitError('LINT_FAILED', `lint failed for the charts above; nothing was published — fix them, or publish with --skip-checks`);
  const testCode = await test([...names], {});
  if (testCode !== 0) throw new ChartkitError('TEST_FAILED', `unit tests failed for the charts above; nothing was published — fix them, or publish with --skip-checks`);
  return 'chartkit';
}
