import os from 'node:os';
import path from 'node:path';
import { helmOnCluster } from '../../adapters/helm-release.ts';
import { helmReason, type HelmMajor } from '../../adapters/helm.ts';
import { kubectl } from '../../adapters/kubectl.ts';
import { ChartkitError } from '../../core/errors.ts';
import { parseManifests } from '../../core/manifests.ts';
import { ownershipMetadata, planMigration, recreationImpact, type KubeObject } from '../../compat/migration-plan.ts';
import { info, ok } from '../output.ts';

export interface MigrateOptions {
  release: string;
  namespace: string;
  kubeconfig?: string;
  helm: string;
  values?: string[];
  version?: string;
  dryRun?: boolean;
}

/**
 * The Kubernetes objects of rendered or deployed manifests. Tolerant: the upstream release's
 * manifests were accepted by the API server but not all of them parse strictly (see parseManifests).
 */
function objects(text: string): KubeObject[] {
  return parseManifests(text, { tolerant: true })
    .map((m) => m.object as KubeObject)
    .filter((o) => 'kind' in o);
}

function helmMajor(value: string): HelmMajor {
  if (value === '4' || value === 'helm4') return 'helm';
  if (value === '3' || value === 'helm3') return 'helm3';
  throw new ChartkitError('USAGE', `--helm ${value}: use 4 or 3`);
}

/**
 * `chartkit migrate <chart> --release R --namespace NS`: prepare an existing release (the upstream
 * HyperPod chart, or any chart) for an in-place `helm upgrade` to <chart>. Adopts the CRDs the old
 * chart installed from crds/ (so the upgrade takes them over and upgrades them) and deletes the
 * workloads whose immutable selector changes, saying for how long they are gone. Changes nothing
 * else; with --dry-run it only prints the plan.
 */
export async function migrate(chart: string, options: MigrateOptions): Promise<number> {
  const kubeconfig = path.resolve(options.kubeconfig ?? process.env.KUBECONFIG?.split(path.delimiter)[0] ?? path.join(os.homedir(), '.kube', 'config'));
  const major = helmMajor(options.helm);
  const { release, namespace } = options;

  const history = await helmOnCluster(major, kubeconfig, ['history', release, '--namespace', namespace, '--max', '1', '--output', 'json']);
  if (history.exitCode !== 0) {
    if (/not found/i.test(history.all)) throw new ChartkitError('USAGE', `release "${release}" not found in namespace ${namespace}: nothing to migrate; install ${chart} instead, or pass --release and --namespace of the existing release`);
    throw new ChartkitError('TOOL_FAILED', `helm history ${release} --namespace ${namespace}: ${helmReason(history)}`);
  }
  const current = (JSON.parse(history.stdout || '[]') as { revision: number; chart: string; status: string }[]).pop();
  if (!current) throw new ChartkitError('USAGE', `release "${release}" not found in namespace ${namespace}: nothing to migrate`);
  info(`migrate: release ${namespace}/${release} (${current.chart}, revision ${current.revision}, ${current.status}) → ${chart}`);

  const manifest = await helmOnCluster(major, kubeconfig, ['get', 'manifest', release, '--namespace', namespace]);
  if (manifest.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `helm get manifest ${release}: ${helmReason(manifest)}`);
  const valuesArgs = (options.values ?? []).flatMap((f) => ['--values', f]);
  const versionArgs = options.version ? ['--version', options.version] : [];
  const rendered = await helmOnCluster(major, kubeconfig, ['template', release, chart, '--namespace', namespace, '--include-crds', ...versionArgs, ...valuesArgs]);
  if (rendered.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `helm template ${chart}: ${helmReason(rendered)}`);
  const target = objects(rendered.stdout);
  const crdNames = target.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata?.name ?? '');
  const liveCrds: KubeObject[] = [];
  if (crdNames.length > 0) {
    const got = await kubectl(kubeconfig, ['get', 'customresourcedefinitions', '--ignore-not-found', '-o', 'json', ...crdNames], { allowFailure: true });
    if (got.exitCode !== 0 && !/NotFound/.test(got.stderr)) throw new ChartkitError('TOOL_FAILED', `kubectl get customresourcedefinitions: ${got.stderr.trim().split('\n').pop() ?? ''}`);
    if (got.stdout.trim()) {
      const parsed = JSON.parse(got.stdout) as { items?: KubeObject[] } & KubeObject;
      liveCrds.push(...(parsed.items ?? [parsed]));
    }
  }
  const plan = planMigration({ release, namespace, current: objects(manifest.stdout), target, liveCrds });

  const verb = options.dryRun ? 'would ' : '';
  for (const crd of plan.ownedElsewhere) info(`  CRD ${crd.name} belongs to release ${crd.release}: ${verb}leave it to that release (used as it is, not upgraded)`);
  if (plan.adopt.length === 0) info('  no CRD to adopt');
  const { annotations, labels } = ownershipMetadata(release, namespace);
  for (const crd of plan.adopt) {
    info(`  CRD ${crd.name}: ${verb}adopt into release ${namespace}/${release} (installed from the old chart's crds/, which Helm never tracks); the upgrade then updates its schema`);
    if (options.dryRun) continue;
    await kubectl(kubeconfig, ['annotate', 'customresourcedefinition', crd.name, ...Object.entries(annotations).map(([k, v]) => `${k}=${v}`), '--overwrite']);
    await kubectl(kubeconfig, ['label', 'customresourcedefinition', crd.name, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`), '--overwrite']);
  }
  if (plan.recreate.length === 0) info('  no workload to recreate: every selector is kept, no node goes unmonitored');
  for (const r of plan.recreate) {
    info(`  ${options.dryRun ? 'would delete: ' : ''}${recreationImpact(r)}`);
    if (options.dryRun) continue;
    await kubectl(kubeconfig, ['delete', r.kind.toLowerCase(), r.name, '--namespace', r.namespace, '--ignore-not-found', '--wait=true']);
  }
  const next = `helm upgrade ${release} ${chart} --namespace ${namespace} [--reuse-values]`;
  if (options.dryRun) ok(`dry run: nothing changed; run without --dry-run, then: ${next}`);
  else ok(`ready to upgrade (${plan.adopt.length} CRD(s) adopted, ${plan.recreate.length} workload(s) deleted); now run: ${next}`);
  return 0;
}
