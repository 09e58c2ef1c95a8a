import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { credentialsFromEnv, OciRegistry, RegistryError } from '../adapters/registry.ts';
import { secretEnv } from '../adapters/exec.ts';
import { isGitRepository, tagReleases } from '../adapters/git.ts';
import type { Chart } from '../core/chart.ts';
import { localDependenciesOf, localEdges } from '../core/graph.ts';
import { ChartkitError } from '../core/errors.ts';
import type { Workspace } from '../core/workspace.ts';
import { packageCharts, sha256, DEFAULT_PACKAGE_DIR } from '../package/package.ts';
import { HelmRepoDirectory } from './helm-repo.ts';
import { publishArtifactHubMetadata } from './artifacthub.ts';
import { planPublish, short, type PlannedChart, type PlanStep, type RemoteState } from './plan.ts';
import { counts, formatMs, planLine, summaryTable, type StepResult } from './report.ts';
import { RetriesExhausted, withRetry, type RetryPolicy } from './retry.ts';
import { checkCosignKeys, cosignCheckPublished, cosignSignPushed, verifyPackage, type CosignConfig, type CosignSubject, type SignConfig } from './sign.ts';
import { tagOf } from '../adapters/registry-http.ts';
import type { TargetSpec } from './targets.ts';
import { tempDir } from '../adapters/temp.ts';

export interface PublishOptions {
  /** Charts to publish, in dependency order. */
  charts: readonly Chart[];
  targets: readonly TargetSpec[];
  /** Lint, test and package first (false: use the packages already in dist/charts). */
  build: boolean;
  /** Run lint and test before packaging. */
  checks: boolean;
  /** How: the command layer passes its lint and test (the domain never runs commands itself). */
  runChecks?: (root: string, names: readonly string[]) => Promise<string>;
  dryRun: boolean;
  /** GPG provenance (.prov) for every target. */
  sign?: SignConfig;
  /** cosign signatures for charts on OCI targets (signed by digest after the push, then verified). */
  cosign?: CosignConfig;
  tag: boolean;
  retry: RetryPolicy;
  /** Lookups run at once. */
  concurrency: number;
  /** Where packages are (written), relative to the workspace root. */
  packageDir?: string;
  /** Receives progress lines and the summary (the CLI prints them); without it, nothing is reported. */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface PackageFile extends PlannedChart {
  file: string;
  prov?: string;
}

export interface PublishResult {
  /** The plan, one step per chart and target in dependency order (empty when a target could not be opened). */
  plan: PlanStep[];
  results: StepResult[];
  /** One line per problem, for stderr. */
  errors: string[];
  tags: { created: string[]; existing: string[] };
  /** Milliseconds spent in each phase. */
  timings: { build: number; lookup: number; push: number; total: number };
  exitCode: number;
}

/** One open target: what it holds, and how to put a package there. */
interface Session {
  spec: TargetSpec;
  /** For messages: the name and, for a named OCI target, its reference. */
  label: string;
  lookup(p: PackageFile): Promise<RemoteState>;
  /** Returns the manifest digest of what was pushed, when the target reports one. */
  push(p: PackageFile): Promise<{ manifestDigest?: string }>;
  /** OCI targets, with cosign signing: where a chart is, for cosign. */
  cosign?: (p: PlannedChart, ref: string) => CosignSubject;
  close(): void;
}

function isTransient(error: unknown): boolean {
  return error instanceof RegistryError && error.kind === 'transient';
}

function reasonOf(error: unknown): string {
  const e = error instanceof RetriesExhausted ? error.last : error;
  if (e instanceof RegistryError) return e.reason;
  return e instanceof Error ? e.message : String(e);
}

function hintFor(error: unknown, spec: TargetSpec): string {
  const e = error instanceof RetriesExhausted ? error.last : error;
  if (error instanceof RetriesExhausted) return '; the target is unreachable or failing — rerun chartkit publish when it is back (what is published already is skipped)';
  if (e instanceof RegistryError && e.kind === 'auth' && spec.kind === 'oci') {
    return `; check the credentials (${spec.usernameEnv} / ${spec.passwordEnv}, or helm registry login)`;
  }
  return '';
}

function describeFailure(what: string, error: unknown, spec: TargetSpec): string {
  const attempts = error instanceof RetriesExhausted ? ` after ${error.attempts} attempts` : '';
  return `${what} failed${attempts}: ${reasonOf(error)}${hintFor(error, spec)}`;
}

async function verifyPulled(registry: OciRegistry, p: PackageFile, sign: SignConfig, label: string): Promise<void> {
  const dir = tempDir('chartkit-verify-');
  try {
    const file = await registry.pull(p.name, p.version, dir, { prov: true });
    if (!file) throw new ChartkitError('PUBLISH', `${label}: ${p.name} ${p.version} is not there after the push`);
    if (sha256(file) !== p.digest) throw new ChartkitError('PUBLISH', `${label}: the pulled ${p.name} ${p.version} has digest ${short(sha256(file))}, not ${short(p.digest)}`);
    await verifyPackage(file, sign.verifyKeyring, `${p.name} ${p.version} in ${label}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function openSession(spec: TargetSpec, options: PublishOptions, log: (s: string) => void): Promise<Session> {
  if (spec.kind === 'repo') {
    const repo = new HelmRepoDirectory(spec.dir, spec.url);
    return {
      spec,
      label: spec.name,
      lookup: async (p) => {
        const r = repo.lookup(p.name, p.version, p.digest);
        return r.exists ? { kind: 'present', digest: r.digest } : { kind: 'absent' };
      },
      push: async (p) => {
        await repo.push(p.file, options.sign ? p.prov : undefined);
        if (options.sign) await verifyPackage(path.join(spec.dir, path.basename(p.file)), options.sign.verifyKeyring, `${p.name} ${p.version} in ${spec.name}`);
        return {};
      },
      close: () => undefined,
    };
  }
  const env = options.env ?? process.env;
  secretEnv(spec.passwordEnv);
  const credentials = credentialsFromEnv(env, { username: spec.usernameEnv, password: spec.passwordEnv });
  const ociOptions = { ref: spec.registry, ...(spec.plainHttp ? { plainHttp: true } : {}), ...(spec.caFile ? { caFile: spec.caFile } : {}), ...(spec.insecure ? { insecure: true } : {}) };
  const registry = await withRetry(() => OciRegistry.open(ociOptions, credentials), options.retry, {
    isTransient,
    onRetry: (error, attempt, delay) => log(`  ↻ ${spec.name}: login attempt ${attempt} failed (${reasonOf(error)}); retrying in ${formatMs(delay)}`),
  });
  const label = spec.name === spec.registry ? spec.name : `${spec.name} (${spec.registry})`;
  return {
    spec,
    label,
    lookup: async (p) => {
      const r = await registry.lookup(p.name, p.version);
      return r.exists ? { kind: 'present', digest: r.digest } : { kind: 'absent' };
    },
    push: async (p) => {
      const pushed = await registry.push(p.file, options.sign ? p.prov : undefined);
      if (options.sign) await verifyPulled(registry, p, options.sign, label);
      return pushed;
    },
    ...(options.cosign
      ? {
          cosign: (p: PlannedChart, ref: string): CosignSubject => ({
            image: `${registry.reference.host}/${registry.reference.path ? `${registry.reference.path}/` : ''}${p.name}`,
            tag: tagOf(p.version),
            registry: {
              ...(spec.plainHttp ? { plainHttp: true } : {}),
              ...(spec.insecure ? { insecure: true } : {}),
              ...(spec.caFile ? { caFile: spec.caFile } : {}),
              ...(credentials ? { credentials: { username: credentials.username, password: credentials.password } } : {}),
            },
            label: ref,
          }),
        }
      : {}),
    close: () => registry.close(),
  };
}

/** Package (or find) the charts to publish. */
async function preparePackages(ws: Workspace, options: PublishOptions, log: (s: string) => void): Promise<PackageFile[]> {
  const dir = path.resolve(ws.root, options.packageDir ?? DEFAULT_PACKAGE_DIR);
  const names = options.charts.map((c) => c.name);
  const withProv = (file: string): string | undefined => (options.sign ? `${file}.prov` : undefined);
  if (!options.build) {
    const found = options.charts.map((chart) => {
      const file = path.join(dir, `${chart.name}-${chart.version}.tgz`);
      if (!existsSync(file)) {
        throw new ChartkitError('PUBLISH', `${path.relative(ws.root, file)}: not found; run "chartkit package ${chart.name}" first, or publish without --no-build`);
      }
      const prov = withProv(file);
      if (prov && !existsSync(prov)) throw new ChartkitError('PUBLISH', `${path.relative(ws.root, prov)}: not found; package with signing (publish --sign without --no-build)`);
      return { name: chart.name, version: chart.version, digest: sha256(file), file, ...(prov ? { prov } : {}) };
    });
    if (options.sign) for (const p of found) await verifyPackage(p.file, options.sign.verifyKeyring, `${p.name} ${p.version}`);
    return found;
  }
  if (options.checks && !options.dryRun) {
    const started = Date.now();
    log(`▸ checks: lint + test ${names.join(', ')}`);
    if (!options.runChecks) throw new ChartkitError('PUBLISH', 'publish with checks needs a checks runner; publish with --skip-checks');
    const how = await options.runChecks(ws.root, names);
    log(`✓ checks passed (${how === 'nx' ? 'nx run-many -t lint test' : 'chartkit lint + test'}) ${formatMs(Date.now() - started)}`);
  }
  const started = Date.now();
  const packaged = await packageCharts(ws, options.charts, dir, options.sign);
  const wanted = new Set(names);
  const out = packaged
    .filter((p) => wanted.has(p.chart.name))
    .map((p) => {
      const prov = withProv(p.file);
      return { name: p.chart.name, version: p.chart.version, digest: p.sha256, file: p.file, ...(prov ? { prov } : {}) };
    });
  // A signature that does not verify stops the publish before anything leaves the machine.
  if (options.sign) for (const p of out) await verifyPackage(p.file, options.sign.verifyKeyring, `${p.name} ${p.version}`);
  for (const p of out) log(`✓ packaged ${p.name} ${p.version} ${short(p.digest)}${p.prov ? ' (signed, verified)' : ''}`);
  log(`  packaged ${out.length} chart(s) into ${path.relative(ws.root, dir)} in ${formatMs(Date.now() - started)}`);
  return out;
}

/**
 * Publish charts: build, look up what every target holds, plan (push | skip | refuse), push what
 * is missing in dependency order with retries, tag, summarise. Never throws for a failed push:
 * failures are in the result (and exitCode 1); a rerun finishes what is missing.
 */
export async function publishCharts(ws: Workspace, options: PublishOptions): Promise<PublishResult> {
  const log = options.log ?? ((): void => undefined);
  const t0 = Date.now();
  const errors: string[] = [];
  if (options.tag && !options.dryRun && !(await isGitRepository(ws.root))) {
    throw new ChartkitError('USAGE', `--tag: ${ws.root} is not a git repository; run publish from a clone or drop --tag`);
  }
  assertVersionsInSync(options.charts);
  // No child (helm package, lint, tests) gets a target's password from our environment.
  for (const t of options.targets) if (t.kind === 'oci') secretEnv(t.passwordEnv);
  // Open every target first (probe, log in): an unreachable registry or refused credentials cost
  // seconds, before any lint, test or package.
  const sessions: Session[] = [];
  const openErrors = new Map<string, string>();
  const remote = new Map<string, RemoteState>();
  const key = (chart: string, target: string): string => `${target}\u0000${chart}`;
  try {
    for (const spec of options.targets) {
      try {
        sessions.push(await openSession(spec, options, log));
      } catch (error) {
        if (!(error instanceof RegistryError) && !(error instanceof RetriesExhausted)) throw error;
        const unreachable = error instanceof RegistryError && error.message.startsWith('cannot reach');
        const message = unreachable
          ? `${spec.name}: cannot reach the registry (${(error as RegistryError).reason}); nothing was built or published — check the address and the TLS options (--plain-http, --ca-file, --insecure), or start the registry`
          : `${spec.name}: ${error instanceof RetriesExhausted ? describeFailure('registry login', error, spec) : messageOf(error)}`;
        openErrors.set(spec.name, message);
        errors.push(message);
      }
    }
    if (openErrors.size > 0) {
      return { plan: [], results: [], errors, tags: { created: [], existing: [] }, timings: { build: 0, lookup: 0, push: 0, total: Date.now() - t0 }, exitCode: 1 };
    }
    // cosign: the password opens the key, and the public key is its own, before anything is built or pushed.
    if (options.cosign && sessions.some((s) => s.cosign)) await checkCosignKeys(options.cosign, options.env ?? process.env);
    const packages = await preparePackages(ws, options, log);
    const edges = localEdges(ws);
    const publishing = new Set(packages.map((p) => p.name));
    for (const p of packages) {
      const chart = ws.byName.get(p.name);
      if (chart) p.dependsOn = localDependenciesOf(ws, chart, edges).map((c) => c.name).filter((n) => publishing.has(n));
    }
    const tBuild = Date.now();

    const limit = pLimit(Math.max(1, options.concurrency));
    await Promise.all(
      sessions.flatMap((s) =>
        packages.map((p) =>
          limit(async () => {
            try {
              const state = await withRetry(() => s.lookup(p), options.retry, {
                isTransient,
                onRetry: (error, attempt, delay) => log(`  ↻ ${p.name} ${p.version} → ${s.spec.name}: lookup attempt ${attempt} failed (${reasonOf(error)}); retrying in ${formatMs(delay)}`),
              });
              remote.set(key(p.name, s.spec.name), state);
            } catch (error) {
              if (!(error instanceof RegistryError) && !(error instanceof RetriesExhausted)) throw error;
              remote.set(key(p.name, s.spec.name), { kind: 'error', message: describeFailure('lookup', error, s.spec) });
            }
          }),
        ),
      ),
    );
    const tLookup = Date.now();

    const plan = planPublish(packages, options.targets, (c, t) => remote.get(key(c.name, t)) ?? { kind: 'error', message: 'not looked up' });
    log(`${options.dryRun ? 'plan (dry run: nothing is pushed)' : 'plan'}:`);
    for (const step of plan.steps) log(planLine(step));

    const results: StepResult[] = [];
    const abandoned = new Set<string>(openErrors.keys());
    const byPackage = new Map(packages.map((p) => [p.name, p]));
    const sessionOf = new Map(sessions.map((s) => [s.spec.name, s]));
    const record = (step: PlanStep, status: StepResult['status'], ms = 0, error?: string): void => {
      const r: StepResult = { chart: step.chart.name, version: step.chart.version, target: step.target, status, digest: step.chart.digest, ms };
      if (error) r.error = error;
      results.push(r);
    };
    for (const step of plan.steps) {
      const label = sessionOf.get(step.target)?.label ?? step.target;
      const ref = `${step.chart.name} ${step.chart.version} → ${label}`;
      if (step.decision === 'refuse') {
        record(step, 'refused', 0, `${ref}: refused: ${step.reason}`);
        errors.push(`${ref}: refused: ${step.reason}`);
        continue;
      }
      if (step.decision === 'fail') {
        record(step, 'failed', 0, step.reason);
        // One line per target: the first chart whose lookup failed (a login failure is reported already).
        if (!abandoned.has(step.target)) errors.push(`${ref}: ${step.reason}`);
        abandoned.add(step.target);
        continue;
      }
      if (step.decision === 'skip') {
        const session = sessionOf.get(step.target);
        if (options.dryRun || !options.cosign || !session?.cosign || abandoned.has(step.target)) {
          record(step, options.dryRun ? 'would skip' : 'skipped');
          continue;
        }
        // Already published: its cosign signature must verify (one that has none is signed now).
        const started = Date.now();
        try {
          const subject = session.cosign(step.chart, ref);
          const outcome = await withRetry(() => cosignCheckPublished(subject, options.cosign!, options.env ?? process.env), options.retry, {
            isTransient,
            onRetry: (error, attempt, delay) => log(`  ↻ ${ref}: cosign attempt ${attempt} failed (${reasonOf(error)}); retrying in ${formatMs(delay)}`),
          });
          record(step, 'skipped');
          const what = outcome.signed ? ` without a cosign signature; signed manifest ${short(outcome.digest)}, verified` : `; cosign signature of manifest ${short(outcome.digest)} verified`;
          log(`✓ ${ref}: already published${what} ${formatMs(Date.now() - started)}`);
        } catch (error) {
          if (!(error instanceof ChartkitError) && !(error instanceof RetriesExhausted)) throw error;
          const message = cosignFailure(ref, 'cosign verification of the published chart', error, session.spec);
          record(step, 'failed', Date.now() - started, message);
          errors.push(message);
          log(`✗ ${ref}: cosign verification failed`);
        }
        continue;
      }
      const heldBy = plan.held.get(step.chart.name);
      if (heldBy) {
        record(step, 'not attempted', 0, `${ref}: not pushed: ${heldBy}`);
        errors.push(`${ref}: not pushed: ${heldBy}`);
        continue;
      }
      if (options.dryRun) {
        record(step, 'would push');
        continue;
      }
      if (abandoned.has(step.target)) {
        record(step, 'not attempted');
        continue;
      }
      const session = sessionOf.get(step.target)!;
      const started = Date.now();
      log(`  ${ref}: pushing…`);
      try {
        const pushed = await withRetry(() => session.push(byPackage.get(step.chart.name)!), options.retry, {
          isTransient,
          onRetry: (error, attempt, delay) => log(`  ↻ ${ref}: push attempt ${attempt} failed (${reasonOf(error)}); retrying in ${formatMs(delay)}`),
        });
        const ms = Date.now() - started;
        log(`✓ ${ref}: pushed ${short(step.chart.digest)} ${formatMs(ms)}`);
        if (options.cosign && session.cosign) {
          // Sign what was pushed, by its manifest digest, and verify; a failure leaves the version
          // pushed but unsigned: a rerun skips it and signs it then.
          const signing = Date.now();
          try {
            const subject = session.cosign(step.chart, ref);
            const digest = await withRetry(() => cosignSignPushed(subject, pushed.manifestDigest, options.cosign!, options.env ?? process.env), options.retry, {
              isTransient,
              onRetry: (error, attempt, delay) => log(`  ↻ ${ref}: cosign attempt ${attempt} failed (${reasonOf(error)}); retrying in ${formatMs(delay)}`),
            });
            log(`✓ ${ref}: cosign-signed manifest ${short(digest)}, verified ${formatMs(Date.now() - signing)}`);
          } catch (error) {
            if (!(error instanceof ChartkitError) && !(error instanceof RetriesExhausted)) throw error;
            const message = `${cosignFailure(ref, 'cosign signing', error, session.spec)}; the version is pushed — rerun chartkit publish --sign to sign or verify it`;
            record(step, 'failed', Date.now() - started, message);
            errors.push(message);
            log(`✗ ${ref}: pushed, but cosign signing failed`);
            abandoned.add(step.target);
            continue;
          }
        }
        record(step, 'pushed', Date.now() - started);
      } catch (error) {
        if (!(error instanceof ChartkitError) && !(error instanceof RetriesExhausted)) throw error;
        const ms = Date.now() - started;
        const message = `${ref}: ${describeFailure('push', error, session.spec)}`;
        record(step, 'failed', ms, message);
        errors.push(message);
        log(`✗ ${ref}: push failed ${formatMs(ms)}`);
        abandoned.add(step.target);
      }
    }
    // Artifact Hub repository metadata (artifactHub in chartkit.publish.json) on every target that has it.
    errors.push(
      ...(await publishArtifactHubMetadata(options.targets, { results, abandoned, dryRun: options.dryRun, retry: options.retry, env: options.env ?? process.env, log, label: (t) => sessionOf.get(t)?.label ?? t })),
    );
    const tPush = Date.now();

    let tags = { created: [] as string[], existing: [] as string[] };
    if (options.tag && !options.dryRun) {
      const complete = packages.filter((p) => {
        const mine = results.filter((r) => r.chart === p.name);
        return mine.length > 0 && mine.every((r) => r.status === 'pushed' || r.status === 'skipped');
      });
      tags = await tagReleases(ws.root, complete.map((p) => `${p.name}@${p.version}`));
      // changesets/action (v1) reads "New tag:" lines to create GitHub releases.
      for (const t of tags.created) log(`New tag: ${t}`);
      for (const t of tags.existing) log(`  tag ${t} exists`);
    }

    if (options.log) {
      log('');
      log(summaryTable(results));
      log(`${counts(results)} in ${formatMs(Date.now() - t0)}`);
    }
    const failed = results.some((r) => r.status === 'failed' || r.status === 'refused') || errors.length > 0;
    return {
      plan: plan.steps,
      results,
      errors: [...new Set(errors)],
      tags,
      timings: { build: tBuild - t0, lookup: tLookup - tBuild, push: tPush - tLookup, total: Date.now() - t0 },
      exitCode: failed ? 1 : 0,
    };
  } finally {
    for (const s of sessions) s.close();
  }
}

/**
 * Refuse to publish a chart whose package.json (the source of truth) and Chart.yaml disagree:
 * `changeset version` ran but `chartkit version` did not, and the package would carry the old version.
 */
function assertVersionsInSync(charts: readonly Chart[]): void {
  const problems: string[] = [];
  for (const chart of charts) {
    const file = path.join(chart.dir, 'package.json');
    if (!existsSync(file)) continue;
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
    if (typeof version === 'string' && version !== chart.version) problems.push(`${chart.name}: package.json is ${version} but Chart.yaml version is ${chart.version}`);
  }
  if (problems.length > 0) {
    throw new ChartkitError('VERSION_SYNC', `${problems.join('; ')}; run npm run version (chartkit version) before publishing`);
  }
}

/**
 * One line for a cosign failure: chartkit's own messages already name the chart and target; a
 * registry failure gets them, and a hint for credentials.
 */
function cosignFailure(ref: string, what: string, error: unknown, spec: TargetSpec): string {
  const e = error instanceof RetriesExhausted ? error.last : error;
  if (e instanceof ChartkitError && !(e instanceof RegistryError) && e.message.startsWith(ref)) return e.message;
  const attempts = error instanceof RetriesExhausted ? ` after ${error.attempts} attempts` : '';
  const hint =
    e instanceof RegistryError && e.kind === 'auth' && spec.kind === 'oci'
      ? `; check the credentials (${spec.usernameEnv} / ${spec.passwordEnv}, else Docker's config: cosign login)`
      : error instanceof RetriesExhausted
        ? '; the target is unreachable or failing'
        : '';
  return `${ref}: ${what} failed${attempts}: ${reasonOf(error)}${hint}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
