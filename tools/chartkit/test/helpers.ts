import { cpSync, mkdirSync, mkdtempSync, rmSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const CHARTKIT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(CHARTKIT_DIR, 'test', 'fixtures');
const SCRATCH = path.join(CHARTKIT_DIR, '.scratch');

/**
 * A writable copy of a fixture workspace. It lives inside the repository so that the charts'
 * values.schema.ts files resolve `@chart-tools/chartkit/schema` through the root node_modules.
 */
export function scratchCopy(fixture: string): string {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(path.join(SCRATCH, `${fixture}-`));
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('charts') });
  return dir;
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function edit(file: string, fn: (text: string) => string): void {
  writeFileSync(file, fn(readFileSync(file, 'utf8')));
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run the real CLI as a user would, against a workspace directory. */
export async function chartkit(workspace: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  // Nx and CI set FORCE_COLOR, which would make Node warn about NO_COLOR on stderr.
  const { FORCE_COLOR: _force, ...base } = process.env;
  const r = await execa('node', [path.join(CHARTKIT_DIR, 'bin', 'chartkit.mjs'), ...args], {
    cwd: workspace,
    env: { ...base, CHARTKIT_WORKSPACE: workspace, NO_COLOR: '1', ...env },
    extendEnv: false,
    reject: false,
  });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Environment that keeps Helm's registry config and caches in `home`, away from the user's, and retries publishes fast. */
export function isolatedHelmEnv(home: string): Record<string, string> {
  return {
    HELM_REGISTRY_CONFIG: path.join(home, 'registry.json'),
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    CHARTKIT_PUBLISH_RETRY_DELAY_MS: '50',
  };
}

/** The repository this package lives in. */
export const REPOSITORY = path.resolve(CHARTKIT_DIR, '../..');

/**
 * A git clone of this repository (committed state) in a temporary directory, with the repository's
 * node_modules linked in, plus a directory for its Nx cache and workspace data. `remove` deletes both.
 */
export async function cloneRepository(prefix: string): Promise<{ clone: string; nxData: string; remove: () => void }> {
  const clone = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const nxData = mkdtempSync(path.join(os.tmpdir(), `${prefix}-nx-`));
  rmSync(clone, { recursive: true });
  await execa('git', ['clone', '-q', REPOSITORY, clone]);
  symlinkSync(path.join(REPOSITORY, 'node_modules'), path.join(clone, 'node_modules'));
  return {
    clone,
    nxData,
    remove: () => {
      rmSync(clone, { recursive: true, force: true });
      rmSync(nxData, { recursive: true, force: true });
    },
  };
}
