import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, stopCluster } from '../../src/adapters/cluster.ts';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { clusterNodes } from '../../src/cli/cluster-config.ts';
import { CHARTKIT_DIR } from '../helpers.ts';

/**
 * The seed's installation procedure, command for command, on a real API server (chartkit's
 * control plane) with Helm 4 and with Helm 3: install, list, upgrade --reuse-values, team roles
 * at install and at upgrade, Step Four's upgrade, the team-role subchart alone, the documented
 * troubleshooting case, uninstall. Works on a copy of packages/hyperpod, as a user's checkout.
 */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
let work: string;
let kubeconfig: string;
let kubectlBin: string;
const umbrella = (): string => path.join(work, 'hyperpod-helm-chart');
const readme = (): string => readFileSync(path.join(REPO, 'packages/hyperpod/hyperpod-helm-chart/README.md'), 'utf8').replace(/\s*\n\s*/g, ' ');

interface Result {
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function sh(bin: string, args: string[]): Promise<Result> {
  const r = await execa(bin, args, { reject: false, cwd: work, env: { KUBECONFIG: kubeconfig, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, extendEnv: false });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

async function expectOk(r: Promise<Result>): Promise<Result> {
  const result = await r;
  expect(result.stderr.split('\n').filter((l) => /^Error/.test(l))).toEqual([]);
  expect(result.exitCode).toBe(0);
  return result;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'hyperpod-seed-'));
  cpSync(path.join(REPO, 'packages/hyperpod'), work, { recursive: true, filter: (src) => !/\/(charts|node_modules)$|Chart\.lock$/.test(src) });
  kubeconfig = path.join(work, 'kubeconfig');
  kubectlBin = (await resolveTool('kubectl')).path;
  await startCluster(kubeconfig, { nodes: clusterNodes(REPO) });
});

afterAll(async () => {
  await stopCluster(kubeconfig);
  rmSync(work, { recursive: true, force: true });
});

for (const major of ['helm', 'helm3'] as const) {
  const label = major === 'helm' ? 'Helm 4' : 'Helm 3';
  describe(`the seed's procedure with ${label}`, () => {
    let helm: string;
    const kubectl = (args: string[]): Promise<Result> => sh(kubectlBin, args);
    beforeAll(async () => {
      helm = (await resolveTool(major)).path;
    });
    // Whatever happened above, leave the cluster as it was for the other Helm major.
    afterAll(async () => {
      for (const args of [
        ['uninstall', 'dependencies', '--wait'],
        ['uninstall', 'dependencies', '--namespace', 'kube-system', '--wait'],
        ['uninstall', 'dependencies2', '--namespace', 'kube-system', '--wait'],
      ]) {
        await sh(helm, args);
      }
      await kubectl(['delete', 'crd', '--all', '--wait']);
      await kubectl(['delete', 'serviceaccount', 'neuron-device-plugin', '-n', 'kube-system', '--ignore-not-found']);
      await kubectl(['delete', 'namespace', 'hyperpod-ns-abc', 'hyperpod-ns-xyz', '--ignore-not-found', '--wait']);
    });

    it('Step One to Three: dependencies update, dry run, install, list, upgrade --reuse-values', async () => {
      // Step one as the umbrella README writes it: training-operators' own subchart (the Kubeflow
      // CRDs) first, since Helm packages a file:// subchart as its directory is.
      expect(readme()).toContain('helm dependency update packages/hyperpod/training-operators helm dependency update packages/hyperpod/hyperpod-helm-chart');
      await expectOk(sh(helm, ['dependency', 'update', path.join(work, 'training-operators')]));
      await expectOk(sh(helm, ['dependencies', 'update', umbrella()]));
      await expectOk(sh(helm, ['install', 'dependencies', umbrella(), '--namespace', 'kube-system', '--dry-run']));
      await expectOk(sh(helm, ['install', 'dependencies', umbrella(), '--namespace', 'kube-system']));
      const list = await expectOk(sh(helm, ['list', '--namespace', 'kube-system']));
      expect(list.stdout).toMatch(/^dependencies\s+kube-system\s+1\s+.*deployed\s+hyperpod-helm-chart-/m);
      await expectOk(sh(helm, ['upgrade', 'dependencies', umbrella(), '--reuse-values', '--namespace', 'kube-system']));
    });

    it('Create Team Role at upgrade, then Step Four: helm upgrade dependencies', async () => {
      // The namespace of a compute quota target is made by SageMaker task governance with the quota.
      await expectOk(kubectl(['create', 'namespace', 'hyperpod-ns-abc']));
      await expectOk(sh(helm, ['upgrade', 'dependencies', umbrella(), '--namespace', 'kube-system', '--set', 'team-role-and-bindings.enabled=true', '--set', 'computeQuotaTarget.targetId=abc']));
      expect((await expectOk(kubectl(['get', 'role', '-n', 'hyperpod-ns-abc', '-o', 'name']))).stdout).toContain('role.rbac.authorization.k8s.io/hyperpod-ns-abc-namespace-role');
      await expectOk(sh(helm, ['upgrade', 'dependencies', umbrella(), '--namespace', 'kube-system']));
      await expectOk(sh(helm, ['rollback', 'dependencies', '--namespace', 'kube-system']));
    });

    it('Troubleshooting: a second release stops with the message the umbrella README documents', async () => {
      const second = await sh(helm, ['install', 'dependencies2', umbrella(), '--namespace', 'kube-system']);
      expect(second.exitCode).not.toBe(0);
      const message = /ServiceAccount "[^"]+" in namespace "[^"]+" exists and cannot be imported into the current release: .*/.exec(second.stderr)?.[0];
      expect(message).toContain('ServiceAccount "deep-health-check-service-account" in namespace "aws-hyperpod"');
      expect(readme()).toContain(message);
    });

    it('Create Team Role at install; the team-role-and-bindings subchart installed alone', async () => {
      await expectOk(sh(helm, ['uninstall', 'dependencies', '--namespace', 'kube-system', '--wait']));
      await expectOk(sh(helm, ['install', 'dependencies', umbrella(), '--namespace', 'kube-system', '--set', 'computeQuotaTarget.targetId=abc']));
      // The seed's helm_chart/HyperPodHelmChart/charts/team-role-and-bindings is a chart of its own here.
      const team = path.join(work, 'team-role-and-bindings');
      await expectOk(sh(helm, ['dependency', 'update', team]));
      // Without its compute quota (and so its namespace), the subchart stops before applying anything.
      const early = await sh(helm, ['install', 'dependencies', team, '--set', 'computeQuotaTarget.targetId=xyz']);
      expect(early.exitCode).not.toBe(0);
      expect(early.stderr).toContain('namespace "hyperpod-ns-xyz" does not exist: create the compute quota of target "xyz" first');
      await expectOk(kubectl(['create', 'namespace', 'hyperpod-ns-xyz']));
      await expectOk(sh(helm, ['install', 'dependencies', team, '--set', 'computeQuotaTarget.targetId=xyz']));
      await expectOk(kubectl(['get', 'role', 'hyperpod-ns-xyz-namespace-role', '-n', 'hyperpod-ns-xyz']));
    });

    it('uninstalls, leaving only the CRDs the CRD policy keeps', async () => {
      await expectOk(sh(helm, ['uninstall', 'dependencies', '--wait']));
      await expectOk(sh(helm, ['uninstall', 'dependencies', '--namespace', 'kube-system', '--wait']));
      expect((await kubectl(['get', 'serviceaccount', 'neuron-device-plugin', '-n', 'kube-system'])).exitCode).not.toBe(0);
      const crds = (await expectOk(kubectl(['get', 'crd', '-o', 'name']))).stdout;
      expect(crds).toContain('mpijobs.kubeflow.org');
    });

    it('Troubleshooting: the seed\'s case, a Neuron device plugin installed outside Helm, gives the documented message and the documented fix works', async () => {
      await expectOk(kubectl(['create', 'serviceaccount', 'neuron-device-plugin', '-n', 'kube-system']));
      const r = await sh(helm, ['install', 'dependencies', umbrella(), '--namespace', 'kube-system']);
      expect(r.exitCode).not.toBe(0);
      const message = /ServiceAccount "neuron-device-plugin" in namespace "kube-system" exists and cannot be imported into the current release: .*/.exec(r.stderr)?.[0];
      expect(message).toBeDefined();
      expect(readme()).toContain(`**\`${message}\`**`);
      const sa = await expectOk(kubectl(['get', 'serviceaccount', 'neuron-device-plugin', '-n', 'kube-system']));
      expect(sa.stdout).toMatch(/^neuron-device-plugin\s+\d+/m);
      // The README's fix: keep that installation and switch ours off.
      await expectOk(sh(helm, ['install', 'dependencies', umbrella(), '--namespace', 'kube-system', '--set', 'neuron-device-plugin.devicePlugin.enabled=false']));
      await expectOk(sh(helm, ['uninstall', 'dependencies', '--namespace', 'kube-system', '--wait']));
      await expectOk(kubectl(['delete', 'serviceaccount', 'neuron-device-plugin', '-n', 'kube-system']));
    });
  });
}
