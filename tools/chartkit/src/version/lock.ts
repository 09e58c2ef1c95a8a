import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, Scalar, type YAMLMap } from 'yaml';
import { helm, helmReason } from '../adapters/helm.ts';
import { ChartkitError } from '../core/errors.ts';
import { tempDir } from '../adapters/temp.ts';

export const LOCK_FILE = 'Chart.lock';

/** A dependency as Helm hashes it (field order of Go's chart.Dependency). */
export interface LockDependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  'import-values'?: unknown[];
  alias?: string;
}

/** JSON the way Go's encoding/json writes it: map keys sorted, <, >, & and U+2028/9 escaped. */
function goJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** One dependency in Go struct field order, with Go's omitempty rules. */
function goDependency(d: LockDependency): Record<string, unknown> {
  const out: Record<string, unknown> = { name: d.name };
  if (d.version) out.version = d.version;
  out.repository = d.repository ?? '';
  if (d.condition) out.condition = d.condition;
  if (d.tags && d.tags.length > 0) out.tags = d.tags;
  if (d.enabled) out.enabled = d.enabled;
  if (d['import-values'] && d['import-values'].length > 0) out['import-values'] = d['import-values'];
  if (d.alias) out.alias = d.alias;
  return out;
}

/**
 * The `digest` Helm writes into Chart.lock: sha256 of the JSON of [Chart.yaml dependencies, lock
 * dependencies] (helm's internal/resolver.HashReq).
 */
export function lockDigest(requested: readonly LockDependency[], locked: readonly LockDependency[]): string {
  // Field order matters, so the JSON is assembled by hand instead of through goJson's key sorting.
  const encode = (list: readonly LockDependency[]): string =>
    `[${list
      .map((d) => {
        const g = goDependency(d);
        return `{${Object.entries(g)
          .map(([k, v]) => `${JSON.stringify(k)}:${goJson(v)}`)
          .join(',')}}`;
      })
      .join(',')}]`;
  const data = `[${encode(requested)},${encode(locked)}]`;
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export interface ParsedLock {
  dependencies: { name: string; version: string; repository: string }[];
  digest: string;
}

export function parseLock(text: string, file: string): ParsedLock {
  const doc = parseDocument(text, { prettyErrors: false });
  const value = doc.toJS() as { dependencies?: unknown; digest?: unknown } | null;
  if (doc.errors.length > 0 || !value || !Array.isArray(value.dependencies)) {
    throw new ChartkitError('CHART_YAML', `${file}: not a Chart.lock (expected "dependencies" and "digest"); delete it and run "helm dependency update"`);
  }
  return {
    dependencies: (value.dependencies as Record<string, unknown>[]).map((d) => ({ name: String(d.name), version: String(d.version), repository: String(d.repository ?? '') })),
    digest: String(value.digest ?? ''),
  };
}

/** The dependencies of a Chart.yaml, as Helm hashes them. */
export function requestedDependencies(chartYamlText: string): LockDependency[] {
  const raw = parseDocument(chartYamlText).toJS() as { dependencies?: Record<string, unknown>[] } | null;
  return (raw?.dependencies ?? []).map((d) => {
    const dep: LockDependency = { name: String(d.name) };
    if (d.version !== undefined) dep.version = String(d.version);
    if (typeof d.repository === 'string') dep.repository = d.repository;
    if (typeof d.condition === 'string') dep.condition = d.condition;
    if (Array.isArray(d.tags)) dep.tags = d.tags.map(String);
    if (typeof d.enabled === 'boolean') dep.enabled = d.enabled;
    if (Array.isArray(d['import-values'])) dep['import-values'] = d['import-values'] as unknown[];
    if (typeof d.alias === 'string') dep.alias = d.alias;
    return dep;
  });
}

/**
 * Rewrite a Chart.lock without Helm: set the locked version of each file:// dependency to its new
 * pin and recompute the digest against the new Chart.yaml. Entries for remote repositories keep the
 * versions Helm resolved. Used for charts with remote dependencies, which `helm dependency update
 * --skip-refresh` cannot resolve offline.
 */
export function rewriteLock(lockText: string, file: string, chartYamlText: string, now: Date = new Date()): string {
  const requested = requestedDependencies(chartYamlText);
  const doc = parseDocument(lockText, { prettyErrors: false });
  const root = doc.contents;
  const deps = isMap(root) ? (root as YAMLMap).get('dependencies', true) : undefined;
  if (!isMap(root) || !isSeq(deps)) throw new ChartkitError('CHART_YAML', `${file}: not a Chart.lock; delete it and run "helm dependency update"`);
  const locked: LockDependency[] = [];
  for (const item of deps.items) {
    if (!isMap(item)) continue;
    const name = String(item.get('name'));
    const repository = String(item.get('repository') ?? '');
    const req = requested.find((r) => r.name === name && (r.repository ?? '') === repository);
    if (req && repository.startsWith('file://') && req.version !== undefined) {
      const node = item.get('version', true);
      if (isScalar(node)) node.value = req.version;
      else item.set('version', req.version);
    }
    locked.push({ name, version: String(item.get('version')), repository });
  }
  const changed = locked.length !== requested.length || requested.some((r) => !locked.some((l) => l.name === r.name && l.repository === (r.repository ?? '')));
  if (changed) {
    throw new ChartkitError('DEPENDENCY_VERSION', `${file}: lists other dependencies than Chart.yaml; run "helm dependency update ${path.dirname(file)}" to regenerate it`);
  }
  (root as YAMLMap).set('digest', lockDigest(requested, locked));
  const generated = new Scalar(now.toISOString());
  generated.type = Scalar.QUOTE_DOUBLE;
  (root as YAMLMap).set('generated', generated);
  return doc.toString({ indentSeq: false, lineWidth: 0 });
}

export interface LockInput {
  /** Workspace root: the staging directory mirrors paths below it so file:// paths still resolve. */
  root: string;
  /** The consumer chart directory, its new Chart.yaml and current Chart.lock. */
  dir: string;
  chartYaml: string;
  lock: string;
  /** Its file:// dependencies: directory and (new) Chart.yaml text. */
  dependencies: { dir: string; chartYaml: string }[];
}

/**
 * Refresh a Chart.lock with `helm dependency update --skip-refresh`, in a staging copy that holds
 * only the Chart.yaml files involved (with their new versions) laid out as in the workspace. Nothing
 * in the workspace is touched; the caller writes the returned text with the rest of its file set.
 */
export async function refreshLockWithHelm(input: LockInput): Promise<string> {
  const rel = (dir: string): string => path.relative(input.root, dir);
  if ([input.dir, ...input.dependencies.map((d) => d.dir)].some((d) => rel(d).startsWith('..'))) {
    return rewriteLock(input.lock, path.join(input.dir, LOCK_FILE), input.chartYaml);
  }
  const stage = tempDir('chartkit-lock-');
  try {
    for (const dep of input.dependencies) {
      mkdirSync(path.join(stage, rel(dep.dir)), { recursive: true });
      writeFileSync(path.join(stage, rel(dep.dir), 'Chart.yaml'), dep.chartYaml);
    }
    const staged = path.join(stage, rel(input.dir));
    mkdirSync(staged, { recursive: true });
    writeFileSync(path.join(staged, 'Chart.yaml'), input.chartYaml);
    writeFileSync(path.join(staged, LOCK_FILE), input.lock);
    const result = await helm('helm', ['dependency', 'update', '--skip-refresh', staged]);
    if (result.exitCode !== 0) {
      throw new ChartkitError('TOOL_FAILED', `${path.join(rel(input.dir), LOCK_FILE)}: helm dependency update failed: ${helmReason(result)}`, { details: [result.all] });
    }
    const file = path.join(staged, LOCK_FILE);
    if (!existsSync(file)) throw new ChartkitError('TOOL_FAILED', `${path.join(rel(input.dir), LOCK_FILE)}: helm dependency update wrote no Chart.lock`);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
