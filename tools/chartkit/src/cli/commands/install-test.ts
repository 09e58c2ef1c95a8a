import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reapOrphanClusters, startCluster, stopCluster } from '../../adapters/cluster.ts';
import { platformCrdFiles, PLATFORM_CRD_SOURCES } from '../../adapters/control-plane-tools.ts';
import { HELM_LABEL, valuesScenarios, type HelmMajor } from '../../adapters/helm.ts';
import { helmOnCluster } from '../../adapters/helm-release.ts';
import { kubectl } from '../../adapters/kubectl.ts';
import { cacheDir } from '../../adapters/toolchain.ts';
import type { Chart } from '../../core/chart.ts';
import { ChartkitError } from '../../core/errors.ts';
import { planInstallTests, type InstallRun } from '../../install/plan.ts';
import { NO_PREREQUISITES, parsePrerequisites, prerequisitesFor, PREREQUISITES_FILE, type PrerequisitesFile } from '../../install/prerequisites.ts';
import { scenarioName } from '../../install/plan.ts';
import { percentOfLimit } from '../../install/release-size.ts';
import { runInstallTest, type InstallTestPorts, type RunReport, type StepResult } from '../../install/run.ts';
import { clusterNodes } from '../cluster-config.ts';
import { limiter, loadContext, selectOrdered } from '../context.ts';
import { bold, dim, fail, info, ok, red, table } from '../output.ts';
import { DEFAULT_PACKAGE_DIR, packageCharts } from './package.ts';
import { deferSignalExit } from '../../adapters/temp.ts';

export interface InstallTestOptions {
  kubeconfig?: string;
  helm?: '4' | '3' | 'both';
  timeout?: string;
  concurrency?: string;
  /** Write the results as JSON (runs, steps, seconds) to this file. */
  report?: string;
}

const TEST_HOOK = /helm\.sh\/hook["']?\s*:\s*["']?[^\n]*\btest\b/;

/** Does the chart ship `helm test` hooks (a template annotated helm.sh/hook: test)? */
export function hasHelmTests(chart: Chart): boolean {
  const dir = path.join(chart.dir, 'templates');
  if (!existsSync(dir)) return false;
  const walk = (d: string): boolean =>
    readdirSync(d, { withFileTypes: true }).some((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : TEST_HOOK.test(readFileSync(path.join(d, e.name), 'utf8'))));
  return walk(dir);
}

export function loadPrerequisites(chart: Chart): PrerequisitesFile {
  const file = path.join(chart.dir, PREREQUISITES_FILE);
  if (!existsSync(file)) return NO_PREREQUISITES;
  const scenarios = valuesScenarios(chart).map((f) => scenarioName(f));
  return parsePrerequisites(readFileSync(file, 'utf8'), `${chart.relDir}/${PREREQUISITES_FILE}`, PLATFORM_CRD_SOURCES(), scenarios);
}

function helmsOf(option: string | undefined): HelmMajor[] {
  if (option === undefined || option === 'both') return ['helm', 'helm3'];
  if (option === '4') return ['helm'];
  if (option === '3') return ['helm3'];
  throw new ChartkitError('USAGE', `--helm ${option}: expected 4, 3 or both`);
}

const describeRun = (r: InstallRun): string => `${r.chart} [${r.scenario}, ${HELM_LABEL[r.helm]}]`;

/** The largest release Secret a run wrote (install and upgrades), in bytes. */
export function largestReleaseSecret(report: RunReport): number | undefined {
  const sizes = report.steps.map((s) => s.releaseSecretBytes).filter((b): b is number => b !== undefined);
  return sizes.length > 0 ? Math.max(...sizes) : undefined;
}

const sizeLabel = (bytes: number | undefined): string => (bytes === undefined ? '-' : `${(bytes / 1024).toFixed(0)} KiB (${percentOfLimit(bytes)}%)`);

/**
 * `chartkit install-test`: every application chart and every ci/*-values.yaml scenario installed,
 * tested, upgraded, upgraded with --reuse-values, rolled back and uninstalled on a real cluster,
 * with Helm 4 and Helm 3. Without --kubeconfig, chartkit starts its own cluster and stops it after.
 */
export async function installTest(names: string[], options: InstallTestOptions): Promise<number> {
  const { ws, root } = loadContext();
  const helms = helmsOf(options.helm);
  const timeout = options.timeout ?? '3m';
  const charts = selectOrdered(ws, names).filter((c) => c.type === 'application');
  if (charts.length === 0) throw new ChartkitError('USAGE', `nothing to install: ${names.length ? names.join(', ') : 'the workspace'} has no application charts (library charts cannot be installed)`);
  const prerequisites = new Map(charts.map((c) => [c.name, loadPrerequisites(c)]));
  const runs = planInstallTests(
    charts.map((c) => ({ chart: c.name, valuesFiles: valuesScenarios(c), hasTests: hasHelmTests(c) })),
    helms,
  );
  const started = Date.now();
  const packaged = await packageCharts(ws, charts, path.resolve(root, DEFAULT_PACKAGE_DIR));
  const files = new Map(packaged.map((p) => [p.chart.name, p.file]));

  let kubeconfig = options.kubeconfig ? path.resolve(options.kubeconfig) : undefined;
  let own: string | undefined;
  let clusterStartSeconds: number | undefined;
  const stopOwn = async (): Promise<void> => {
    if (own) await stopCluster(own);
  };
  // The cluster is stopped before the process ends on Ctrl-C or SIGTERM.
  const releaseSignals = deferSignalExit();
  const onSignal = (signal: NodeJS.Signals): void => {
    void stopOwn().finally(() => {
      releaseSignals();
      process.kill(process.pid, signal);
    });
  };
  // Every one of the signals temp.ts handles ends the run with its exit code (130, 143, 129), after
  // stopping the cluster this run started (with --kubeconfig there is none to stop).
  const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of SIGNALS) process.once(s, onSignal);
  if (!kubeconfig) {
    const dir = path.join(cacheDir(), 'install-test');
    mkdirSync(dir, { recursive: true });
    // One cluster per process, so parallel Nx tasks never share (or wait for) one.
    own = path.join(dir, `${process.pid}.kubeconfig`);
    await reapOrphanClusters((l) => info(dim(l)));
    const t = Date.now();
    await startCluster(own, { nodes: clusterNodes(root), owner: process.pid, progress: (l) => info(dim(l)) });
    clusterStartSeconds = (Date.now() - t) / 1000;
    kubeconfig = own;
  }
  const config = kubeconfig;
  const ports: InstallTestPorts = {
    helm: (major, args) => helmOnCluster(major, config, args),
    kubectl: (args, input) => kubectl(config, args, { allowFailure: true, ...(input === undefined ? {} : { input }) }),
    crdFiles: platformCrdFiles,
  };
  const onStep = (run: InstallRun, step: StepResult): void => {
    const size = step.releaseSecretBytes === undefined ? '' : `, release Secret ${sizeLabel(step.releaseSecretBytes)}`;
    if (step.ok) info(dim(`  ${describeRun(run)} ${step.step} ${step.seconds.toFixed(1)}s${size}`));
    else fail(`${describeRun(run)} ${step.step}: ${step.message}`);
  };
  const reports: RunReport[] = [];
  try {
    // Charts share cluster-scoped objects (CRDs, ClusterRoles), so one chart's runs go one after
    // another; -j runs several charts at once in their own namespaces.
    const limit = limiter(options.concurrency ?? 1);
    const byChart = new Map<string, InstallRun[]>();
    for (const r of runs) byChart.set(r.chart, [...(byChart.get(r.chart) ?? []), r]);
    await Promise.all(
      [...byChart.values()].map((chartRuns) =>
        limit(async () => {
          for (const run of chartRuns) {
            const report = await runInstallTest(ports, run, { chartFile: files.get(run.chart)!, prerequisites: prerequisitesFor(prerequisites.get(run.chart)!, run.scenario), timeout, onStep });
            reports.push(report);
            if (report.ok) ok(`${describeRun(run)} ${report.seconds.toFixed(1)}s`);
          }
        }),
      ),
    );
  } finally {
    await stopOwn();
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    releaseSignals();
  }
  const order = new Map(runs.map((r, i) => [r, i]));
  reports.sort((a, b) => order.get(a.run)! - order.get(b.run)!);
  const rows = [['chart', 'scenario', 'step', 'helm', 'result', 'seconds', 'release Secret']];
  for (const r of reports) {
    const last = r.steps[r.steps.length - 1];
    rows.push([r.run.chart, r.run.scenario, r.ok ? `${r.steps.length} steps` : (last?.step ?? '-'), HELM_LABEL[r.run.helm], r.ok ? 'passed' : red('failed'), r.seconds.toFixed(1), sizeLabel(largestReleaseSecret(r))]);
  }
  info('');
  info(table(rows));
  const failed = reports.filter((r) => !r.ok);
  for (const r of failed) {
    const last = r.steps[r.steps.length - 1]!;
    fail(`${r.run.chart} scenario ${r.run.scenario}, step ${last.step}, ${HELM_LABEL[r.run.helm]}: ${last.message}`);
  }
  const seconds = (Date.now() - started) / 1000;
  if (options.report) {
    const runsOut = reports.map((r) => ({
      chart: r.run.chart,
      scenario: r.run.scenario,
      helm: HELM_LABEL[r.run.helm],
      namespace: r.run.namespace,
      ok: r.ok,
      seconds: r.seconds,
      releaseSecretBytes: largestReleaseSecret(r) ?? null,
      steps: r.steps,
    }));
    writeFileSync(path.resolve(options.report), `${JSON.stringify({ seconds, clusterStartSeconds, passed: reports.length - failed.length, failed: failed.length, runs: runsOut }, null, 2)}\n`);
  }
  info(bold(`install-test: ${reports.length - failed.length} passed, ${failed.length} failed in ${seconds.toFixed(1)}s`));
  return failed.length === 0 ? 0 : 1;
}
