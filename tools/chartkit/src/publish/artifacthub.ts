import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pushOciArtifact, type OciPushTarget } from '../adapters/registry-http.ts';
import { credentialsFromEnv, parseOciRef, RegistryError } from '../adapters/registry.ts';
import { CONFIG_MEDIA_TYPE, LAYER_MEDIA_TYPE, OCI_METADATA_TAG, REPOSITORY_METADATA_FILE, repositoryMetadataYaml } from '../artifacthub/repository.ts';
import { short } from './plan.ts';
import { formatMs, type StepResult } from './report.ts';
import { RetriesExhausted, withRetry, type RetryPolicy } from './retry.ts';
import { CONFIG_FILE, type TargetSpec } from './targets.ts';

/**
 * Artifact Hub's repository metadata on each target that has an `artifactHub` configuration
 * (chartkit.publish.json): artifacthub-repo.yml next to index.yaml in a Helm repository
 * directory, and the `artifacthub.io` artifact in the OCI repository of every chart published
 * there. Idempotent: what is there already with the same content is left alone.
 */

/** Write artifacthub-repo.yml into a Helm repository directory (through a temporary file), unless it holds this already. */
export function writeRepositoryMetadata(dir: string, yaml: string): 'written' | 'unchanged' {
  const file = path.join(dir, REPOSITORY_METADATA_FILE);
  if (existsSync(file) && readFileSync(file, 'utf8') === yaml) return 'unchanged';
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.chartkit-${process.pid}`;
  writeFileSync(tmp, yaml);
  renameSync(tmp, file);
  return 'written';
}

/** Push artifacthub-repo.yml as `<registry>/<path>/<chart>:artifacthub.io`, with Artifact Hub's media types (as `oras push` would). */
export function pushRepositoryMetadata(target: Omit<OciPushTarget, 'repository'> & { path: string }, chart: string, yaml: string): Promise<{ status: 'pushed' | 'unchanged'; digest: string }> {
  const { path: base, ...rest } = target;
  return pushOciArtifact(
    { ...rest, repository: base ? `${base}/${chart}` : chart },
    OCI_METADATA_TAG,
    // `oras push --config /dev/null:<type>`: an empty config blob of Artifact Hub's config type
    { mediaType: CONFIG_MEDIA_TYPE, data: Buffer.alloc(0) },
    [{ mediaType: LAYER_MEDIA_TYPE, data: Buffer.from(yaml, 'utf8'), annotations: { 'org.opencontainers.image.title': REPOSITORY_METADATA_FILE } }],
  );
}

export interface MetadataContext {
  results: readonly StepResult[];
  /** Targets given up on during this publish (a failure is reported already). */
  abandoned: ReadonlySet<string>;
  dryRun: boolean;
  retry: RetryPolicy;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** How a target is named in messages. */
  label: (target: string) => string;
}

const reasonOf = (error: unknown): string => {
  const e = error instanceof RetriesExhausted ? error.last : error;
  return e instanceof RegistryError ? e.reason : e instanceof Error ? e.message : String(e);
};

/**
 * Put the repository metadata on every configured target that published (or already had) charts
 * in this run. Returns one line per failure, for stderr; a failure stops that target's metadata.
 */
export async function publishArtifactHubMetadata(targets: readonly TargetSpec[], ctx: MetadataContext): Promise<string[]> {
  const errors: string[] = [];
  for (const spec of targets) {
    if (!spec.artifactHub || ctx.abandoned.has(spec.name)) continue;
    const charts = ctx.results.filter((r) => r.target === spec.name && ['pushed', 'skipped', 'would push', 'would skip'].includes(r.status)).map((r) => r.chart);
    if (charts.length === 0) continue;
    const label = ctx.label(spec.name);
    const yaml = repositoryMetadataYaml(spec.artifactHub, `${CONFIG_FILE}: artifactHub`);
    if (spec.kind === 'repo') {
      if (ctx.dryRun) {
        ctx.log(`  ${label}: would write ${REPOSITORY_METADATA_FILE}`);
        continue;
      }
      const outcome = writeRepositoryMetadata(spec.dir, yaml);
      ctx.log(outcome === 'written' ? `✓ ${label}: wrote ${REPOSITORY_METADATA_FILE}` : `  ${label}: ${REPOSITORY_METADATA_FILE} unchanged`);
      continue;
    }
    const ref = parseOciRef(spec.registry);
    const credentials = credentialsFromEnv(ctx.env, { username: spec.usernameEnv, password: spec.passwordEnv });
    const target = {
      host: ref.host,
      path: ref.path,
      ...(spec.plainHttp ? { plainHttp: true } : {}),
      ...(spec.caFile ? { caFile: spec.caFile } : {}),
      ...(spec.insecure ? { insecure: true } : {}),
      ...(credentials ? { credentials: { username: credentials.username, password: credentials.password } } : {}),
    };
    for (const chart of charts) {
      const what = `${chart}:${OCI_METADATA_TAG} → ${label}`;
      if (ctx.dryRun) {
        ctx.log(`  ${what}: would push ${REPOSITORY_METADATA_FILE}`);
        continue;
      }
      const started = Date.now();
      try {
        const outcome = await withRetry(() => pushRepositoryMetadata(target, chart, yaml), ctx.retry, {
          isTransient: (e) => e instanceof RegistryError && e.kind === 'transient',
          onRetry: (e, attempt, delay) => ctx.log(`  ↻ ${what}: attempt ${attempt} failed (${reasonOf(e)}); retrying in ${formatMs(delay)}`),
        });
        ctx.log(outcome.status === 'pushed' ? `✓ ${what}: pushed ${REPOSITORY_METADATA_FILE} ${short(outcome.digest)} ${formatMs(Date.now() - started)}` : `  ${what}: ${REPOSITORY_METADATA_FILE} unchanged`);
      } catch (error) {
        if (!(error instanceof RegistryError) && !(error instanceof RetriesExhausted)) throw error;
        const e = error instanceof RetriesExhausted ? error.last : error;
        const attempts = error instanceof RetriesExhausted ? ` after ${error.attempts} attempts` : '';
        const hint =
          e instanceof RegistryError && e.kind === 'auth'
            ? `; chartkit pushes it over the registry API with ${spec.usernameEnv} / ${spec.passwordEnv} (not Helm's registry login): set them to credentials that may push`
            : error instanceof RetriesExhausted
              ? '; the target is unreachable or failing — rerun chartkit publish (what is there already is skipped)'
              : '';
        errors.push(`${what}: pushing ${REPOSITORY_METADATA_FILE} failed${attempts}: ${reasonOf(error)}${hint}`);
        ctx.log(`✗ ${what}: pushing ${REPOSITORY_METADATA_FILE} failed`);
        break;
      }
    }
  }
  return errors;
}
