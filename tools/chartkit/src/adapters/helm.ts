import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { Chart } from '../core/chart.ts';
import { leftOutOfChartCopy } from '../core/chart-copy.ts';
import { ChartkitError } from '../core/errors.ts';
import type { RunResult } from './exec.ts';
import { normalizeChartArchive } from './archive.ts';
import { writeProvenance, type SigningKey } from './provenance.ts';
import { tempDir } from './temp.ts';
import { helm, helmReason, type HelmMajor } from './helm-cli.ts';

export { HELM_LABEL, helm, helmReason, type HelmMajor } from './helm-cli.ts';

export interface RenderOptions {
  valuesFiles?: string[];
  set?: Record<string, string>;
  releaseName?: string;
  namespace?: string;
  includeCrds?: boolean;
  kubeVersion?: string;
  apiVersions?: string[];
  helm?: HelmMajor;
  isUpgrade?: boolean;
}

function renderArgs(options: RenderOptions): string[] {
  const args: string[] = [];
  for (const f of options.valuesFiles ?? []) args.push('--values', f);
  for (const [k, v] of Object.entries(options.set ?? {})) args.push('--set', `${k}=${v}`);
  if (options.namespace) args.push('--namespace', options.namespace);
  if (options.kubeVersion) args.push('--kube-version', options.kubeVersion);
  for (const a of options.apiVersions ?? []) args.push('--api-versions', a);
  return args;
}

export async function lintChart(chart: Chart, options: RenderOptions & { strict?: boolean } = {}): Promise<RunResult> {
  const args = ['lint', chart.dir, ...renderArgs(options)];
  if (options.strict !== false) args.push('--strict');
  return helm(options.helm ?? 'helm', args);
}

/** `helm template`; throws a ChartkitError naming the chart when rendering fails. */
export async function templateChart(chart: Chart, options: RenderOptions = {}): Promise<string> {
  const args = ['template', options.releaseName ?? 'release', chart.dir, ...renderArgs(options)];
  if (options.includeCrds) args.push('--include-crds');
  if (options.isUpgrade) args.push('--is-upgrade');
  const result = await helm(options.helm ?? 'helm', args);
  if (result.exitCode !== 0) {
    throw new ChartkitError('LINT_FAILED', `${chart.name}: helm template failed: ${helmReason(result)}`, { details: [result.all] });
  }
  return result.stdout;
}

/** Put a finished file in place atomically (a copy beside it, then a rename: the stage may be on another filesystem). */
function publishFile(from: string, to: string): void {
  const partial = `${to}.partial-${process.pid}`;
  copyFileSync(from, partial);
  renameSync(partial, to);
}

/** The timestamp every packaged file carries, so a package's digest depends on its content only. */
export function packageEpoch(): Date {
  const fromEnv = Number(process.env.SOURCE_DATE_EPOCH);
  return new Date((Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 946684800) * 1000);
}

function setTimes(dir: string, when: Date): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) setTimes(p, when);
    utimesSync(p, when, when);
  }
}

export interface PackageOptions {
  /** Packages of the chart's file:// dependencies, built earlier in the same run: name → .tgz. */
  dependencyPackages?: Map<string, string>;
  /** Sign the package: writes <package>.prov. */
  sign?: SigningKey;
  /**
   * Called with the staged copy of the chart (its file:// dependencies in charts/) before `helm
   * package`; it may edit that copy (package/ adds the Artifact Hub annotations to its Chart.yaml).
   * The chart directory itself is never touched.
   */
  prepareStage?: (stagedChartDir: string) => Promise<void>;
}

/**
 * `helm package`, reproducibly: the chart is staged with fixed file times, its file://
 * dependencies are the packages built before it, and the archive is normalized afterwards, so
 * packaging the same sources twice — on any machine — gives the same sha256.
 */
export async function packageChart(chart: Chart, destination: string, options: PackageOptions = {}): Promise<string> {
  mkdirSync(destination, { recursive: true });
  const stage = tempDir('chartkit-package-');
  try {
    const staged = path.join(stage, path.basename(chart.dir));
    const local = chart.dependencies.filter((d) => d.repository?.startsWith('file://'));
    cpSync(chart.dir, staged, { recursive: true, filter: (src) => src === chart.dir || !leftOutOfChartCopy(chart, path.relative(chart.dir, src).split(path.sep).join('/')) });
    if (local.length > 0) {
      mkdirSync(path.join(staged, 'charts'), { recursive: true });
      for (const dep of local) {
        const tgz = options.dependencyPackages?.get(dep.name);
        if (!tgz || !existsSync(tgz)) throw new ChartkitError('TOOL_FAILED', `${chart.name}: dependency ${dep.name} must be packaged before it; package in dependency order`);
        cpSync(tgz, path.join(staged, 'charts', path.basename(tgz)));
      }
    }
    if (options.prepareStage) await options.prepareStage(staged);
    const epoch = packageEpoch();
    setTimes(stage, epoch);
    // Package, normalize and sign in the private stage, then move into the destination: parallel
    // tasks that package the same dependency never see (or rename) each other's half-written files.
    const out = path.join(stage, '.out');
    mkdirSync(out);
    const result = await helm('helm', ['package', staged, '--destination', out]);
    if (result.exitCode !== 0) {
      throw new ChartkitError('TOOL_FAILED', `${chart.name}: helm package failed: ${helmReason(result)}`, { details: [result.all] });
    }
    const built = path.join(out, `${chart.name}-${chart.version}.tgz`);
    if (!existsSync(built) || statSync(built).size === 0) throw new ChartkitError('TOOL_FAILED', `${chart.name}: helm package did not write ${path.basename(built)}`);
    await normalizeChartArchive(built, epoch);
    if (options.sign) await writeProvenance(built, options.sign);
    const file = path.join(destination, path.basename(built));
    // The signature first, so a package never sits next to another version's signature.
    if (options.sign) publishFile(`${built}.prov`, `${file}.prov`);
    else rmSync(`${file}.prov`, { force: true });
    publishFile(built, file);
    return file;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

export function valuesScenarios(chart: Chart): string[] {
  const dir = path.join(chart.dir, 'ci');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('-values.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}
