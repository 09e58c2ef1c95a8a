import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterStateDir, readClusterState, stopCluster } from '../../src/adapters/cluster.ts';
import { CHARTKIT_DIR } from '../helpers.ts';

/**
 * Interrupting `npm run bench` during its install section stops the control plane it started
 * (a cleanup hook of adapters/temp.ts): no kube-apiserver or etcd of that run is left.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
const CLI = path.join(CHARTKIT_DIR, 'bin/chartkit.mjs');
const out = mkdtempSync(path.join(os.tmpdir(), 'chartkit-bench-interrupt-'));
const kubeconfigs: string[] = [];
afterAll(async () => {
  for (const k of kubeconfigs) await stopCluster(k).catch(() => undefined);
  rmSync(out, { recursive: true, force: true });
});

/** Processes whose command line names this state directory (every control-plane process does). */
function processesOf(stateDir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(stateDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('interrupting chartkit bench --only install', () => {
  it.each([
    // once the first cluster is ready
    ['SIGTERM', 143, /cluster ready in /],
    // while `chartkit cluster start` still runs: the hook lets it finish, then stops what it started
    ['SIGINT', 130, /kubeconfig \S+ …/],
  ] as const)('%s leaves no control-plane process and no temporary directory behind (exit %i)', async (signal, code, when) => {
    const { FORCE_COLOR: _force, ...base } = process.env;
    const child = execa(process.execPath, [CLI, 'bench', '--only', 'install', '--charts', 'hyperpod-patching', '-o', path.join(out, `${signal}.md`)], {
      cwd: REPO,
      env: { ...base, NO_COLOR: '1' },
      extendEnv: false,
      reject: false,
      all: true,
      // stopping the cluster takes a few seconds: no SIGKILL after execa's default 5 s
      forceKillAfterDelay: false,
    });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.all!.on('data', (b: Buffer) => {
        seen += b.toString();
        if (when.test(seen)) resolve();
      });
      void child.finally(() => resolve());
    });
    // the bench's kubeconfig, in a fresh temporary directory
    const kubeconfig = /kubeconfig (\S+) …/.exec(seen)?.[1];
    expect(kubeconfig, seen).toBeDefined();
    const mine = [kubeconfig!];
    kubeconfigs.push(kubeconfig!);
    const states = () => mine.map((k) => readClusterState(k)).filter((s) => s !== undefined);
    if (signal === 'SIGTERM') expect(processesOf(clusterStateDir(kubeconfig!)).length).toBeGreaterThanOrEqual(5);
    child.kill(signal);
    const r = await child;
    expect(r.exitCode, r.all).toBe(code);
    for (const k of mine) {
      expect(processesOf(clusterStateDir(k)), `control plane of ${k}`).toEqual([]);
      expect(existsSync(clusterStateDir(k))).toBe(false);
      expect(existsSync(path.dirname(k))).toBe(false);
    }
    expect(states()).toEqual([]);
  }, 180_000);
});
