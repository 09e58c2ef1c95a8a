import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import { parseOciRef } from '../adapters/registry.ts';
import { Ajv, type ErrorObject } from 'ajv';
import type { ArtifactHubRepositoryConfig } from '../artifacthub/repository.ts';
import { describeSchemaProblem, REPOSITORY_METADATA_KEYS, REPOSITORY_METADATA_SCHEMA } from '../artifacthub/schema.ts';

/** Where charts are published: an OCI registry or a plain Helm repository directory. */
export type TargetSpec =
  | {
      kind: 'oci';
      /** How the target is named in output: the config name, or the reference itself. */
      name: string;
      registry: string;
      charts?: string[];
      plainHttp?: boolean;
      caFile?: string;
      insecure?: boolean;
      /** Environment variables holding this target's credentials. */
      usernameEnv: string;
      passwordEnv: string;
      /** Artifact Hub repository metadata, pushed as `<chart>:artifacthub.io` in each chart's repository. */
      artifactHub?: ArtifactHubRepositoryConfig;
    }
  | {
      kind: 'repo';
      name: string;
      /** Absolute directory. */
      dir: string;
      /** Base URL written into index.yaml (relative URLs when absent). */
      url?: string;
      charts?: string[];
      /** Artifact Hub repository metadata, written as artifacthub-repo.yml next to index.yaml. */
      artifactHub?: ArtifactHubRepositoryConfig;
    };

export const CONFIG_FILE = 'chartkit.publish.json';
export const DEFAULT_REPO_DIR = 'dist/repo';

export interface TargetOptions {
  registry?: string;
  target?: string[];
  repoDir?: string;
  repoUrl?: string;
  plainHttp?: boolean;
  caFile?: string;
  insecure?: boolean;
}

interface RawTarget {
  registry?: unknown;
  repo?: unknown;
  url?: unknown;
  charts?: unknown;
  plainHttp?: unknown;
  caFile?: unknown;
  insecure?: unknown;
  usernameEnv?: unknown;
  passwordEnv?: unknown;
  artifactHub?: unknown;
}

const KNOWN_KEYS = new Set(['registry', 'repo', 'url', 'charts', 'plainHttp', 'caFile', 'insecure', 'usernameEnv', 'passwordEnv', 'artifactHub']);

/** Expand ${VAR} references from the environment; an unset variable is an error naming the key. */
function expand(value: string, where: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') throw new ChartkitError('USAGE', `${where} uses \${${name}}, which is not set; export ${name} or edit ${CONFIG_FILE}`);
    return v;
  });
}

const nonEmpty = { type: 'string', minLength: 1 };
/** The shape of chartkit.publish.json; every problem is reported at once. */
const CONFIG_SCHEMA = {
  type: 'object',
  required: ['targets'],
  properties: {
    $schema: { type: 'string' },
    $comment: { type: 'string' },
    targets: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          registry: nonEmpty,
          repo: nonEmpty,
          url: nonEmpty,
          charts: { type: 'array', items: nonEmpty },
          plainHttp: { type: 'boolean' },
          caFile: nonEmpty,
          insecure: { type: 'boolean' },
          usernameEnv: nonEmpty,
          passwordEnv: nonEmpty,
          // This target's artifacthub-repo.yml, or false for none (when a default is set at the top).
          artifactHub: { if: { type: 'boolean' }, then: { const: false }, else: REPOSITORY_METADATA_SCHEMA },
        },
      },
    },
    // The artifacthub-repo.yml of every target that does not set its own.
    artifactHub: REPOSITORY_METADATA_SCHEMA,
  },
  additionalProperties: false,
};

function describeProblem(e: ErrorObject): string {
  const at = e.instancePath.split('/').filter(Boolean).join('.');
  if (/(^|\.)artifactHub(\.|$)/.test(at)) {
    if (e.keyword === 'const') return `${at} must be an object with ${REPOSITORY_METADATA_KEYS.join(', ')}, or false for no artifacthub-repo.yml`;
    const problem = describeSchemaProblem(e);
    return e.keyword === 'additionalProperties' && /(^|\.)artifactHub$/.test(at) ? `${problem}; use one of ${REPOSITORY_METADATA_KEYS.join(', ')}` : problem;
  }
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    return `${at ? `${at}.` : ''}${key} is not a known key${at.startsWith('targets.') ? `; use one of ${[...KNOWN_KEYS].join(', ')}` : ''}`;
  }
  if (e.keyword === 'minLength') return `${at} must be a non-empty string`;
  return `${at || '(the file)'} ${e.message ?? 'is invalid'}`;
}

const validateConfig = new Ajv({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA);

export function loadPublishConfig(root: string): Record<string, RawTarget> | undefined {
  return readPublishConfig(root)?.targets;
}

interface PublishConfig {
  targets: Record<string, RawTarget>;
  artifactHub?: ArtifactHubRepositoryConfig;
}

function readPublishConfig(root: string): PublishConfig | undefined {
  const file = path.join(root, CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ChartkitError('USAGE', `${CONFIG_FILE}: invalid JSON (${(error as Error).message}); fix the syntax`);
  }
  if (!validateConfig(json)) {
    const problems = [...new Set((validateConfig.errors ?? []).filter((e) => e.keyword !== 'if').map(describeProblem))];
    throw new ChartkitError('USAGE', `${CONFIG_FILE}: ${problems.join('; ')} (format: {"targets": {"<name>": {"registry": "oci://…"} | {"repo": "dist/repo"}}})`);
  }
  return json as unknown as PublishConfig;
}

function configTarget(root: string, name: string, raw: RawTarget, env: NodeJS.ProcessEnv, artifactHubDefault?: ArtifactHubRepositoryConfig): TargetSpec {
  const where = `${CONFIG_FILE}: targets.${name}`;
  const str = (key: keyof RawTarget): string | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    // a non-empty string: CONFIG_SCHEMA checked it
    return expand(v as string, `${where}.${key}`, env);
  };
  // Types and known keys are checked once, for the whole file, by CONFIG_SCHEMA.
  const bool = (key: keyof RawTarget): boolean | undefined => raw[key] as boolean | undefined;
  let charts: string[] | undefined;
  if (raw.charts !== undefined) {
    if (!Array.isArray(raw.charts) || raw.charts.some((c) => typeof c !== 'string' || c === '')) throw new ChartkitError('USAGE', `${where}.charts must be a list of chart names or patterns like "desktop-*"`);
    charts = raw.charts as string[];
  }
  const registry = str('registry');
  const repo = str('repo');
  // CONFIG_SCHEMA checked it: an artifacthub-repo.yml object, or false for none.
  const artifactHub = raw.artifactHub === false ? undefined : ((raw.artifactHub as ArtifactHubRepositoryConfig | undefined) ?? artifactHubDefault);
  if ((registry === undefined) === (repo === undefined)) throw new ChartkitError('USAGE', `${where} needs exactly one of "registry" (oci://…) or "repo" (a directory)`);
  if (registry !== undefined) {
    parseOciRef(registry);
    const spec: TargetSpec = {
      kind: 'oci',
      name,
      registry,
      usernameEnv: str('usernameEnv') ?? 'CHARTKIT_REGISTRY_USERNAME',
      passwordEnv: str('passwordEnv') ?? 'CHARTKIT_REGISTRY_PASSWORD',
    };
    if (charts) spec.charts = charts;
    const plainHttp = bool('plainHttp');
    const insecure = bool('insecure');
    const caFile = str('caFile');
    if (plainHttp !== undefined) spec.plainHttp = plainHttp;
    if (insecure !== undefined) spec.insecure = insecure;
    if (caFile !== undefined) spec.caFile = path.resolve(root, caFile);
    if (artifactHub) spec.artifactHub = artifactHub;
    return spec;
  }
  const spec: TargetSpec = { kind: 'repo', name, dir: path.resolve(root, repo!) };
  const url = str('url');
  if (url !== undefined) spec.url = url;
  if (charts) spec.charts = charts;
  if (artifactHub) spec.artifactHub = artifactHub;
  return spec;
}

/**
 * The targets of one publish: `--target NAME…` from chartkit.publish.json, or `--registry oci://…`,
 * or by default the Helm repository directory dist/repo/. CLI TLS flags apply to every OCI target.
 */
export function resolveTargets(root: string, options: TargetOptions, env: NodeJS.ProcessEnv = process.env): TargetSpec[] {
  const targets: TargetSpec[] = [];
  // The top-level artifactHub of chartkit.publish.json applies to every target, named or not.
  const file = readPublishConfig(root);
  const artifactHubDefault = file?.artifactHub;
  if (options.target && options.target.length > 0) {
    const config = file?.targets;
    if (!config) throw new ChartkitError('USAGE', `--target ${options.target.join(', ')}: there is no ${CONFIG_FILE} at ${root}; add one or use --registry oci://…`);
    for (const name of options.target) {
      const raw = config[name];
      if (!raw) throw new ChartkitError('USAGE', `--target ${name}: ${CONFIG_FILE} has no target "${name}"; known targets: ${Object.keys(config).sort().join(', ') || '(none)'}`);
      targets.push(configTarget(root, name, raw, env, artifactHubDefault));
    }
  }
  if (options.registry) {
    const ref = options.registry.replace(/\/+$/, '');
    parseOciRef(ref);
    targets.push({ kind: 'oci', name: ref, registry: ref, usernameEnv: 'CHARTKIT_REGISTRY_USERNAME', passwordEnv: 'CHARTKIT_REGISTRY_PASSWORD', ...(artifactHubDefault ? { artifactHub: artifactHubDefault } : {}) });
  }
  if (targets.length === 0 || options.repoDir) {
    const dir = path.resolve(root, options.repoDir ?? DEFAULT_REPO_DIR);
    const spec: TargetSpec = { kind: 'repo', name: path.relative(root, dir).split(path.sep).join('/') || '.', dir };
    if (options.repoUrl) spec.url = options.repoUrl;
    if (artifactHubDefault) spec.artifactHub = artifactHubDefault;
    targets.push(spec);
  }
  for (const t of targets) {
    if (t.kind !== 'oci') continue;
    if (options.plainHttp) t.plainHttp = true;
    if (options.insecure) t.insecure = true;
    if (options.caFile) t.caFile = path.resolve(options.caFile);
  }
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.name)) throw new ChartkitError('USAGE', `target ${t.name} is given twice; name it once`);
    seen.add(t.name);
  }
  return targets;
}
