import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/adapters/exec.ts';
import { planInstallTests } from '../../src/install/plan.ts';
import { newestRevision, releaseSecretName, releaseSizeProblem, RELEASE_SIZE_THRESHOLD, secretDataBytes, SECRET_LIMIT_BYTES } from '../../src/install/release-size.ts';
import { runInstallTest, type InstallTestPorts } from '../../src/install/run.ts';
import { NO_PREREQUISITES } from '../../src/install/prerequisites.ts';

const MIB = 1024 * 1024;
const where = { chart: 'training-operators', scenario: 'all', secret: releaseSecretName('training-operators', 1) };
const result = (stdout: string, exitCode = 0): RunResult => ({ exitCode, stdout, stderr: '', all: stdout });

describe('release Secret size', () => {
  it('counts the decoded bytes of the Secret data against 1 MiB', () => {
    expect(SECRET_LIMIT_BYTES).toBe(MIB);
    expect(secretDataBytes({ data: { release: Buffer.alloc(1000).toString('base64') } })).toBe(1000);
    expect(secretDataBytes({ data: { a: Buffer.from('xyz').toString('base64'), b: Buffer.from('12').toString('base64') } })).toBe(5);
    expect(secretDataBytes({})).toBe(0);
  });

  it('passes up to 90 % of 1 MiB and fails above, with one line naming chart, scenario, Secret, size and what to do', () => {
    expect(RELEASE_SIZE_THRESHOLD).toBe(0.9);
    expect(releaseSizeProblem(Math.floor(0.9 * MIB), where)).toBeUndefined();
    expect(releaseSizeProblem(300_000, where)).toBeUndefined();
    const problem = releaseSizeProblem(1_029_105, where);
    expect(problem).toBe(
      "training-operators [all]: release Secret sh.helm.release.v1.training-operators.v1 is 1029105 bytes, 98% of Kubernetes' 1 MiB limit (over 90%): " +
        "Helm stores the chart's own files and templates and the rendered manifest in it; move big files into a subchart, whose files the release does not store",
    );
    expect(problem).not.toContain('\n');
    expect(releaseSizeProblem(Math.floor(0.9 * MIB) + 1, where)).toMatch(/ 90% of Kubernetes' 1 MiB limit \(over 90%\)/);
  });

  it('finds the newest revision among the release Secrets', () => {
    expect(newestRevision(['secret/sh.helm.release.v1.x.v1', 'secret/sh.helm.release.v1.x.v10', 'secret/sh.helm.release.v1.x.v9'])).toBe(10);
    expect(newestRevision([])).toBeUndefined();
  });
});

describe('install-test checks the release Secret after install and each upgrade', () => {
  /** Fake Helm and kubectl: every Helm step succeeds; revision n's Secret holds sizes[n - 1] bytes. */
  function ports(sizes: number[]): { ports: InstallTestPorts; revision: () => number } {
    let revision = 0;
    return {
      revision: () => revision,
      ports: {
        helm: async (_major, args) => {
          if (['install', 'upgrade', 'rollback'].includes(args[0]!)) revision++;
          return result('');
        },
        kubectl: async (args) => {
          if (args[0] === 'get' && args[1] === 'secrets') return result(Array.from({ length: revision }, (_, i) => `secret/sh.helm.release.v1.demo.v${i + 1}`).join('\n'));
          if (args[0] === 'get' && args[1] === 'secret') {
            const n = Number(/\.v(\d+)$/.exec(args[2]!)![1]);
            return result(JSON.stringify({ data: { release: Buffer.alloc(sizes[n - 1] ?? 0).toString('base64') } }));
          }
          if (args[0] === 'api-resources') return result('configmaps');
          if (args[0] === 'get') return result('{"items":[]}');
          return result('');
        },
        crdFiles: async () => [],
      },
    };
  }
  const [run] = planInstallTests([{ chart: 'demo', valuesFiles: ['/c/ci/all-values.yaml'], hasTests: false }], ['helm']);
  const options = { chartFile: '/c/demo.tgz', prerequisites: NO_PREREQUISITES, timeout: '1m' };

  it('records the size of each revision it wrote in the step results', async () => {
    const report = await runInstallTest(ports([300_000, 310_000, 320_000]).ports, run!, options);
    expect(report.ok).toBe(true);
    expect(report.steps.filter((s) => s.releaseSecretBytes !== undefined).map((s) => [s.step, s.releaseSecretBytes])).toEqual([
      ['install', 300_000],
      ['upgrade', 310_000],
      ['upgrade --reuse-values', 320_000],
    ]);
  });

  it('fails the upgrade that crosses 90 %, naming the chart, scenario and size', async () => {
    const report = await runInstallTest(ports([300_000, 1_000_000]).ports, run!, options);
    expect(report.ok).toBe(false);
    const last = report.steps[report.steps.length - 1]!;
    expect(last).toMatchObject({ step: 'upgrade', ok: false, releaseSecretBytes: 1_000_000 });
    expect(last.message).toMatch(/^demo \[all\]: release Secret sh\.helm\.release\.v1\.demo\.v2 is 1000000 bytes, 95% of Kubernetes' 1 MiB limit/);
  });
});
