import { stringify } from 'yaml';
import type { RunResult } from '../adapters/exec.ts';
import { helmReason, type HelmMajor } from '../adapters/helm.ts';
import { kubectlReason } from '../adapters/kubectl.ts';
import type { InstallRun, InstallStep } from './plan.ts';
import type { Prerequisites } from './prerequisites.ts';
import { newestRevision, releaseSecretName, releaseSizeProblem, secretDataBytes } from './release-size.ts';
import { ChartkitError } from '../core/errors.ts';

/** What an install test needs from the outside world; the CLI passes the real Helm and kubectl. */
export interface InstallTestPorts {
  helm(major: HelmMajor, args: string[]): Promise<RunResult>;
  kubectl(args: string[], input?: string): Promise<RunResult>;
  crdFiles(name: string): Promise<string[]>;
}

export interface StepResult {
  step: InstallStep;
  ok: boolean;
  seconds: number;
  /** Helm's, kubectl's or the API server's own words when the step failed; what was cleaned up otherwise. */
  message?: string;
  /** After install and each upgrade: the bytes of the release Secret of the revision it made (limit 1 MiB). */
  releaseSecretBytes?: number;
}

export interface RunReport {
  run: InstallRun;
  steps: StepResult[];
  ok: boolean;
  seconds: number;
}

export interface RunOptions {
  /** The packaged chart (.tgz) to install. */
  chartFile: string;
  prerequisites: Prerequisites;
  timeout: string;
  onStep?: (run: InstallRun, result: StepResult) => void;
}

interface ClusterObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; deletionTimestamp?: string };
}


/** Objects of every listable kind that Helm marked as belonging to `release` in `namespace`. */
export async function releaseObjects(ports: InstallTestPorts, release: string, namespace: string): Promise<ClusterObject[]> {
  const kinds = await ports.kubectl(['api-resources', '--verbs=list,delete', '-o', 'name']);
  if (kinds.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `kubectl api-resources: ${kubectlReason(kinds)}`);
  const types = kinds.stdout
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s && !/^events(\.events\.k8s\.io)?$/.test(s));
  const got = await ports.kubectl(['get', types.join(','), '--all-namespaces', '-o', 'json', '--ignore-not-found']);
  if (got.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `kubectl get: ${kubectlReason(got)}`);
  const items = (JSON.parse(got.stdout || '{"items":[]}') as { items: ClusterObject[] }).items;
  return items.filter((o) => {
    const a = o.metadata.annotations ?? {};
    return a['meta.helm.sh/release-name'] === release && a['meta.helm.sh/release-namespace'] === namespace && !o.metadata.deletionTimestamp;
  });
}

const ref = (o: ClusterObject): string => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

async function deleteObjects(ports: InstallTestPorts, objects: ClusterObject[]): Promise<void> {
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0]}` : '';
    const args = ['delete', `${o.kind}${group}`, o.metadata.name, '--ignore-not-found', '--wait=true', '--timeout=60s'];
    if (o.metadata.namespace) args.push('--namespace', o.metadata.namespace);
    await ports.kubectl(args);
  }
}

/** Steps that write a release revision whose Secret size is checked. */
const SIZED_STEPS: ReadonlySet<InstallStep> = new Set<InstallStep>(['install', 'upgrade', 'upgrade --reuse-values']);

/** The newest release Secret of `release` and the bytes of its data. */
export async function releaseSecretSize(ports: InstallTestPorts, release: string, namespace: string): Promise<{ secret: string; bytes: number }> {
  const names = await ports.kubectl(['get', 'secrets', '--namespace', namespace, '--selector', `owner=helm,name=${release}`, '-o', 'name']);
  if (names.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `kubectl get secrets: ${kubectlReason(names)}`);
  const revision = newestRevision(names.stdout.split('\n').filter(Boolean));
  if (revision === undefined) throw new ChartkitError('TOOL_FAILED', `no release Secret of ${release} in namespace ${namespace}`);
  const secret = releaseSecretName(release, revision);
  const got = await ports.kubectl(['get', 'secret', secret, '--namespace', namespace, '-o', 'json']);
  if (got.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `kubectl get secret ${secret}: ${kubectlReason(got)}`);
  return { secret, bytes: secretDataBytes(JSON.parse(got.stdout) as { data?: Record<string, string> }) };
}

/** The prerequisites one run created (those that existed before are the cluster's and stay). */
export interface CreatedPrerequisites {
  /** YAML of each created object, with the namespace it was applied in. */
  manifests: { text: string; namespace: string }[];
  crdFiles: string[];
}

async function missing(ports: InstallTestPorts, args: string[], input?: string): Promise<boolean> {
  const r = await ports.kubectl(['get', ...args, '-o', 'name', '--ignore-not-found'], input);
  return r.exitCode === 0 && r.stdout.trim() === '';
}

/**
 * Wait until a CRD is served. Right after the apply its status has no conditions yet, and `kubectl
 * wait` then fails at once ("status.conditions accessor error") instead of waiting: retry that.
 */
async function waitEstablished(ports: InstallTestPorts, file: string): Promise<string | undefined> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const wait = await ports.kubectl(['wait', '--for=condition=Established', '--timeout=60s', '-f', file]);
    if (wait.exitCode === 0) return undefined;
    if (!/accessor error|not found/.test(wait.stderr) || Date.now() > deadline) return kubectlReason(wait);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Create what the chart declares it needs from the platform, remembering what was not there before. */
export async function applyPrerequisites(ports: InstallTestPorts, prerequisites: Prerequisites, created: CreatedPrerequisites, namespace: string): Promise<string | undefined> {
  // The release namespace exists from the start, so namespaced prerequisites without a namespace
  // (a ServiceAccount the chart reuses, say) go into it; it is deleted with the run.
  const ns = await ports.kubectl(['create', 'namespace', namespace]);
  if (ns.exitCode !== 0 && !/AlreadyExists/.test(ns.stderr)) return `namespace ${namespace}: ${kubectlReason(ns)}`;
  const docs: Record<string, unknown>[] = prerequisites.namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  docs.push(...prerequisites.manifests);
  for (const set of prerequisites.crds) {
    for (const file of await ports.crdFiles(set)) {
      const isNew = await missing(ports, ['-f', file]);
      const r = await ports.kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=chartkit-prerequisites', '-f', file]);
      if (r.exitCode !== 0) return `CRDs ${set}: ${kubectlReason(r)}`;
      if (isNew) created.crdFiles.push(file);
      const error = await waitEstablished(ports, file);
      if (error) return `CRDs ${set}: ${error}`;
    }
  }
  for (const doc of docs) {
    const text = stringify(doc);
    const ns = (doc as { metadata?: { namespace?: string } }).metadata?.namespace ?? namespace;
    const isNew = await missing(ports, ['--namespace', ns, '-f', '-'], text);
    const r = await ports.kubectl(['apply', '--namespace', ns, '--server-side', '--force-conflicts', '--field-manager=chartkit-prerequisites', '-f', '-'], text);
    if (r.exitCode !== 0) return kubectlReason(r);
    if (isNew) created.manifests.push({ text, namespace: ns });
  }
  return undefined;
}

/** Delete the prerequisites a run created, newest first, and wait until they are gone. */
export async function removePrerequisites(ports: InstallTestPorts, created: CreatedPrerequisites): Promise<void> {
  for (const m of [...created.manifests].reverse()) await ports.kubectl(['delete', '--namespace', m.namespace, '-f', '-', '--ignore-not-found', '--wait=true', '--timeout=120s'], m.text);
  for (const file of [...created.crdFiles].reverse()) await ports.kubectl(['delete', '-f', file, '--ignore-not-found', '--wait=true', '--timeout=120s']);
}

/**
 * One install test: prerequisites, install --wait, helm test, upgrade, upgrade --reuse-values,
 * rollback, uninstall, and a check that nothing of the release is left but what the CRD policy keeps
 * (which is then removed, so the next run starts from a clean cluster). After a failed step the
 * release is still uninstalled and its objects removed.
 */
export async function runInstallTest(ports: InstallTestPorts, run: InstallRun, options: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const steps: StepResult[] = [];
  const created: CreatedPrerequisites = { manifests: [], crdFiles: [] };
  const values = run.valuesFile ? ['--values', run.valuesFile] : [];
  const common = ['--namespace', run.namespace];
  const wait = ['--wait', '--timeout', options.timeout];
  const helmStep = (args: string[]) => async (): Promise<string | undefined> => {
    const r = await ports.helm(run.helm, args);
    return r.exitCode === 0 ? undefined : helmReason(r);
  };
  const actions: Record<InstallStep, () => Promise<string | undefined>> = {
    prerequisites: () => applyPrerequisites(ports, options.prerequisites, created, run.namespace),
    install: helmStep(['install', run.release, options.chartFile, ...common, '--create-namespace', ...wait, ...values]),
    test: helmStep(['test', run.release, ...common, '--timeout', options.timeout]),
    upgrade: helmStep(['upgrade', run.release, options.chartFile, ...common, ...wait, ...values]),
    'upgrade --reuse-values': helmStep(['upgrade', run.release, options.chartFile, ...common, '--reuse-values', ...wait]),
    rollback: helmStep(['rollback', run.release, '1', ...common, ...wait]),
    uninstall: helmStep(['uninstall', run.release, ...common, '--wait', '--timeout', options.timeout]),
    leftovers: async () => {
      const left = await releaseObjects(ports, run.release, run.namespace);
      const kept = left.filter((o) => o.metadata.annotations?.['helm.sh/resource-policy'] === 'keep');
      const stray = left.filter((o) => !kept.includes(o));
      await deleteObjects(ports, left);
      if (stray.length > 0) return `left behind after uninstall: ${stray.map(ref).join(', ')}`;
      return undefined;
    },
  };
  let failed = false;
  for (const step of run.steps) {
    const t = Date.now();
    let message: string | undefined;
    let releaseSecretBytes: number | undefined;
    try {
      message = await actions[step]();
      if (message === undefined && SIZED_STEPS.has(step)) {
        const size = await releaseSecretSize(ports, run.release, run.namespace);
        releaseSecretBytes = size.bytes;
        message = releaseSizeProblem(size.bytes, { chart: run.chart, scenario: run.scenario, secret: size.secret });
      }
    } catch (error) {
      message = (error as Error).message.split('\n')[0];
    }
    const result: StepResult = {
      step,
      ok: message === undefined,
      seconds: (Date.now() - t) / 1000,
      ...(message ? { message } : {}),
      ...(releaseSecretBytes === undefined ? {} : { releaseSecretBytes }),
    };
    steps.push(result);
    options.onStep?.(run, result);
    if (message !== undefined) {
      failed = true;
      break;
    }
  }
  if (failed) await cleanUp(ports, run);
  await removePrerequisites(ports, created);
  await ports.kubectl(['delete', 'namespace', run.namespace, '--ignore-not-found', '--wait=false']);
  return { run, steps, ok: !failed, seconds: (Date.now() - started) / 1000 };
}

/** After a failure: uninstall what is there and delete every object of the release, kept or not. */
async function cleanUp(ports: InstallTestPorts, run: InstallRun): Promise<void> {
  await ports.helm(run.helm, ['uninstall', run.release, '--namespace', run.namespace, '--wait', '--timeout', '120s']).catch(() => undefined);
  try {
    await deleteObjects(ports, await releaseObjects(ports, run.release, run.namespace));
  } catch {
    /* best effort: the report already names the failure */
  }
}
