import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { parse as parseYaml } from 'yaml';
import { archiveDirectory, isCommit, listTags } from '../adapters/git.ts';
import { templateChart } from '../adapters/helm.ts';
import { stagedChart } from '../adapters/stage.ts';
import { packageCharts } from '../package/package.ts';
import { evaluateGate, pickPublished, versionBump, type Allow, type GateResult } from '../compat/bump.ts';
import { changelogAllows, changesetAllows, parseChangeset, pendingBump, type Changeset } from '../compat/changesets.ts';
import { diffManifests } from '../compat/manifests.ts';
import { mergeFindings, type CompatFinding } from '../compat/types.ts';
import { diffValues, type ValuesContract } from '../compat/values.ts';
import { type Chart } from '../core/chart.ts';
import { loadChart } from '../adapters/workspace-files.ts';
import { ChartkitError } from '../core/errors.ts';
import { localDependenciesOf, localEdges } from '../core/graph.ts';
import { parseManifests, type Manifest } from '../core/manifests.ts';
import { CHART_ROOTS, type Workspace } from '../core/workspace.ts';
import { loadWorkspace } from '../adapters/workspace-files.ts';
import { readIndex } from '../publish/repo-index.ts';
import { resolveTargets } from '../publish/targets.ts';
import type { Finding } from './types.ts';
import { tempDir } from '../adapters/temp.ts';
import { cachedPublishedRender } from '../adapters/render-cache.ts';
import { PINS } from '../adapters/toolchain.ts';
import { settings } from '../adapters/environment.ts';

/**
 * The compatibility gate around the pure rules of src/compat: find the last published version of a
 * chart (the publish target's Helm repository directory, else the git tag `<chart>@<version>`),
 * render both versions, read the pending changesets, decide. See docs/compat.md.
 */

/** How lint renders a chart, and so how both versions are rendered here. */
const RENDER = { releaseName: 'dependencies', namespace: 'kube-system', includeCrds: true } as const;

export const NOTHING_TO_COMPARE = 'no published version; nothing to compare';

export interface PublishedChart {
  version: string;
  /** Where it came from: `dist/repo`, `tag <chart>@<version>`, `git <ref>`. */
  where: string;
  /** The published package, extracted. */
  chart: Chart;
  /** The package file (its bytes key the render cache). */
  packageFile: string;
}

export interface CompatOptions {
  /** The values files to render, as lint renders them (`undefined` is the defaults). */
  scenarios: readonly (string | undefined)[];
  /** A Helm repository directory or a git ref to compare with instead of the last published version. */
  against?: string;
  /** Finding ids allowed to break without the bump (`--allow`). */
  allow?: readonly string[];
  /** Renders of the new chart lint already made, by scenario label. */
  rendered?: ReadonlyMap<string, Manifest[]>;
}

export interface CompatResult {
  chart: Chart;
  published?: { version: string; where: string };
  findings: CompatFinding[];
  /** Undefined when there is nothing to compare. */
  gate?: GateResult;
  notes: string[];
  pass: boolean;
}

export function scenarioLabel(file: string | undefined): string {
  return file ? `ci/${path.basename(file)}` : 'defaults';
}

async function extractPackage(file: string, into: string): Promise<Chart> {
  mkdirSync(into, { recursive: true });
  await tar.x({ file, cwd: into, preserveOwner: false, strict: true });
  const dirs = readdirSync(into).filter((d) => existsSync(path.join(into, d, 'Chart.yaml')));
  if (dirs.length !== 1) throw new ChartkitError('PUBLISH', `${file}: expected one chart at the top of the package; package it with chartkit package`);
  return loadChart(path.join(into, dirs[0]!), into);
}

async function fromRepository(repoDir: string, label: string, chart: Chart, tmp: string): Promise<PublishedChart | undefined> {
  const indexFile = path.join(repoDir, 'index.yaml');
  if (!existsSync(indexFile)) return undefined;
  const entries = readIndex(readFileSync(indexFile, 'utf8'), indexFile).filter((e) => e.name === chart.name);
  const version = pickPublished(entries.map((e) => e.version), chart.version);
  if (!version) return undefined;
  const url = entries.find((e) => e.version === version)?.urls[0];
  const file = path.join(repoDir, path.basename(url ?? `${chart.name}-${version}.tgz`));
  if (!existsSync(file)) throw new ChartkitError('PUBLISH', `${label}/index.yaml lists ${chart.name} ${version} but ${path.basename(file)} is not there; publish it again, or start the repository over`);
  return { version, where: label, chart: await extractPackage(file, path.join(tmp, 'published')), packageFile: file };
}

/** The chart as it is at a git ref, packaged the way publish packages it (file:// dependencies included). */
async function fromGit(ws: Workspace, ref: string, label: string, chart: Chart, tmp: string): Promise<PublishedChart | undefined> {
  const tree = path.join(tmp, 'tree');
  let found = false;
  for (const dir of CHART_ROOTS) {
    const tarFile = path.join(tmp, `${path.basename(dir)}.tar`);
    if (!(await archiveDirectory(ws.root, ref, dir, tarFile))) continue;
    mkdirSync(path.join(tree, dir), { recursive: true });
    await tar.x({ file: tarFile, cwd: path.join(tree, dir), preserveOwner: false });
    found = true;
  }
  const old = found ? loadWorkspace(tree) : undefined;
  const oldChart = old?.byName.get(chart.name);
  if (!old || !oldChart) return undefined;
  const packaged = (await packageCharts(old, [oldChart], path.join(tmp, 'packages'))).find((p) => p.chart.name === chart.name)!;
  return { version: oldChart.version, where: label, chart: await extractPackage(packaged.file, path.join(tmp, 'published')), packageFile: packaged.file };
}

/** The version to compare with: `--against`, else the default publish target's repository, else the newest fitting tag. */
export async function findPublished(ws: Workspace, chart: Chart, tmp: string, against?: string): Promise<PublishedChart | undefined> {
  if (against) {
    const dir = path.resolve(against);
    if (existsSync(dir) && statSync(dir).isDirectory()) {
      if (!existsSync(path.join(dir, 'index.yaml'))) throw new ChartkitError('USAGE', `--against ${against}: no index.yaml there; name a Helm repository directory (like dist/repo) or a git ref`);
      return fromRepository(dir, against, chart, tmp);
    }
    if (!(await isCommit(ws.root, against))) throw new ChartkitError('USAGE', `--against ${against}: neither a directory nor a git ref; name a Helm repository directory or a tag, branch or commit`);
    return fromGit(ws, against, `git ${against}`, chart, tmp);
  }
  for (const target of resolveTargets(ws.root, {})) {
    if (target.kind !== 'repo') continue;
    const published = await fromRepository(target.dir, target.name, chart, tmp);
    if (published) return published;
  }
  const prefix = `${chart.name}@`;
  const tags = await listTags(ws.root, `${prefix}*`);
  const version = pickPublished(tags.map((t) => t.slice(prefix.length)), chart.version);
  return version ? fromGit(ws, `${prefix}${version}`, `tag ${prefix}${version}`, chart, tmp) : undefined;
}

function valuesContract(chart: Chart): ValuesContract | undefined {
  const schemaFile = path.join(chart.dir, 'values.schema.json');
  if (!existsSync(schemaFile)) return undefined;
  const valuesFile = path.join(chart.dir, 'values.yaml');
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
  return { schema, values: existsSync(valuesFile) ? (parseYaml(readFileSync(valuesFile, 'utf8')) ?? {}) : {} };
}

async function renderNew(ws: Workspace, chart: Chart, scenarios: readonly (string | undefined)[]): Promise<Map<string, Manifest[]>> {
  const helmChart = stagedChart(ws, chart);
  const out = new Map<string, Manifest[]>();
  for (const file of scenarios) out.set(scenarioLabel(file), parseManifests(await templateChart(helmChart, { ...RENDER, valuesFiles: file ? [file] : [] })));
  return out;
}

async function manifestFindings(ws: Workspace, chart: Chart, old: PublishedChart, options: CompatOptions, notes: string[]): Promise<CompatFinding[][]> {
  const news = options.rendered ?? (await renderNew(ws, chart, options.scenarios));
  const out: CompatFinding[][] = [];
  for (const file of options.scenarios) {
    const label = scenarioLabel(file);
    const after = news.get(label);
    if (!after) continue; // lint reports the render failure itself
    let before: Manifest[];
    try {
      before = await cachedPublishedRender({ packageFile: old.packageFile, ...(file ? { valuesFile: file } : {}), tool: `Helm 4 ${PINS.helm4.npmVersion} ${settings().CHARTKIT_HELM ?? ''}`, options: RENDER }, async () =>
        parseManifests(await templateChart(old.chart, { ...RENDER, valuesFiles: file ? [file] : [] })),
      );
    } catch (error) {
      if (!(error instanceof ChartkitError)) throw error;
      const schema = /values don't meet the specifications of the schema/i.test(error.message);
      notes.push(`${label}: skipped, ${old.version} ${schema ? 'rejects these values (its values.schema.json)' : `does not render with them (${error.message.replace(`${old.chart.name}: `, '')})`}`);
      continue;
    }
    out.push(diffManifests(before, after, label, RENDER.namespace));
  }
  return out;
}

/** Pending changesets of the workspace (`.changeset/*.md` but the README). */
export function readChangesets(root: string): Changeset[] {
  const dir = path.join(root, '.changeset');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((f) => parseChangeset(readFileSync(path.join(dir, f), 'utf8'), `.changeset/${f}`));
}

function allowsOf(chart: Chart, published: string, changesets: readonly Changeset[], cli: readonly string[]): { allows: Allow[]; problems: string[] } {
  const fromChangesets = changesetAllows(chart.name, changesets);
  const changelog = path.join(chart.dir, 'CHANGELOG.md');
  const released =
    versionBump(published, chart.version) !== 'none' && existsSync(changelog)
      ? changelogAllows(readFileSync(changelog, 'utf8'), published, chart.version, `${chart.relDir}/CHANGELOG.md`)
      : { allows: [], problems: [] };
  return {
    allows: [...cli.map((id) => ({ id, reason: 'given on the command line', source: '--allow' })), ...fromChangesets.allows, ...released.allows],
    problems: [...fromChangesets.problems, ...released.problems],
  };
}

/** Compare one chart with its last published version and apply the bump rules. */
export async function compatChart(ws: Workspace, chart: Chart, options: CompatOptions): Promise<CompatResult> {
  const tmp = tempDir('chartkit-compat-');
  try {
    const old = await findPublished(ws, chart, tmp, options.against);
    if (!old) return { chart, findings: [], notes: [options.against ? `${options.against} has no ${chart.name} up to ${chart.version}; nothing to compare` : NOTHING_TO_COMPARE], pass: true };
    const notes: string[] = [];
    const lists: CompatFinding[][] = [];
    const before = valuesContract(old.chart);
    const after = valuesContract(chart);
    if (before && after) lists.push(diffValues(before, after));
    else notes.push(`values not compared: ${before ? chart.relDir : `the published ${old.version}`} has no values.schema.json`);
    if (chart.type === 'application' && old.chart.type === 'application') lists.push(...(await manifestFindings(ws, chart, old, options, notes)));
    const findings = mergeFindings(lists);
    const changesets = readChangesets(ws.root);
    const dependencies = localDependenciesOf(ws, chart, localEdges(ws)).map((c) => c.name);
    const { allows, problems } = allowsOf(chart, old.version, changesets, options.allow ?? []);
    const gate = evaluateGate({
      chart: chart.name,
      published: old.version,
      current: chart.version,
      findings,
      pending: pendingBump(chart.name, dependencies, changesets),
      allows,
      allowProblems: problems,
    });
    return { chart, published: { version: old.version, where: old.where }, findings, gate, notes: [...notes, ...gate.notes], pass: gate.pass };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The gate as a lint check: one finding per failure line. */
export async function compatLintFindings(ws: Workspace, chart: Chart, scenarios: readonly (string | undefined)[], rendered: ReadonlyMap<string, Manifest[]>): Promise<Finding[]> {
  try {
    const result = await compatChart(ws, chart, { scenarios, rendered });
    return (result.gate?.failures ?? []).map((message) => ({ rule: 'compat', chart: chart.name, message }));
  } catch (error) {
    if (!(error instanceof ChartkitError)) throw error;
    return [{ rule: 'compat', chart: chart.name, message: error.message }];
  }
}
