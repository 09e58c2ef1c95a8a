import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import { cacheDir, goBuildSet, goModuleDir, PINS, withLock, type ModuleFilesPin } from './toolchain.ts';
import { settings } from './environment.ts';
import type { PathSettingName } from '../core/settings.ts';

/**
 * The binaries of chartkit's disposable cluster, built from the Go modules in toolchain/ (pins in
 * toolchain/versions.json) or taken from CHARTKIT_* overrides, plus the data files they need:
 * kwok's stage definitions and the CRDs of other projects that charts declare as prerequisites
 * (pinnedModuleFiles also copies the operators' CRDs that charts ship, see operator-crds.ts).
 */
export type ControlPlaneToolName = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd' | 'kwok';

export const CONTROL_PLANE_TOOLS: readonly ControlPlaneToolName[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kwok'];

export const CONTROL_PLANE_ENV: Record<ControlPlaneToolName, PathSettingName> = {
  'kube-apiserver': 'CHARTKIT_KUBE_APISERVER',
  'kube-controller-manager': 'CHARTKIT_KUBE_CONTROLLER_MANAGER',
  'kube-scheduler': 'CHARTKIT_KUBE_SCHEDULER',
  etcd: 'CHARTKIT_ETCD',
  kwok: 'CHARTKIT_KWOK',
};

export const KWOK_STAGES_ENV = 'CHARTKIT_KWOK_STAGES_DIR' satisfies PathSettingName;

export interface ControlPlaneTool {
  name: ControlPlaneToolName;
  path: string;
  pinned: string;
  source: string;
}

function setOf(name: ControlPlaneToolName): 'kubernetes' | 'etcd' | 'kwok' {
  if (name === 'etcd' || name === 'kwok') return name;
  return 'kubernetes';
}

export function controlPlanePin(name: ControlPlaneToolName): string {
  const set = PINS.controlPlane[setOf(name)];
  return `${set.module}@${set.version}`;
}

const pending = new Map<string, Promise<Record<string, string>>>();

function buildSet(which: 'kubernetes' | 'etcd' | 'kwok'): Promise<Record<string, string>> {
  let p = pending.get(which);
  if (!p) {
    const set = PINS.controlPlane[which];
    const hint = Object.keys(set.packages)
      .map((n) => CONTROL_PLANE_ENV[n as ControlPlaneToolName])
      .join(', ');
    p = goBuildSet(set, hint);
    pending.set(which, p);
    p.catch(() => pending.delete(which));
  }
  return p;
}

/** One control-plane binary: the override if set, else the pinned build (built on first use). */
export async function resolveControlPlaneTool(name: ControlPlaneToolName): Promise<ControlPlaneTool> {
  const envName = CONTROL_PLANE_ENV[name];
  const override = settings()[envName];
  const pinned = controlPlanePin(name);
  if (override) {
    if (!existsSync(override)) throw new ChartkitError('TOOL_MISSING', `${envName}=${override}: no such file; unset it to build the pinned ${name}, or point it at the binary`);
    return { name, path: override, pinned, source: `env ${envName}` };
  }
  const before = Date.now();
  const built = await buildSet(setOf(name));
  return { name, path: built[name]!, pinned, source: Date.now() - before > 2000 ? 'built now (pinned)' : 'cache (pinned)' };
}

export async function resolveControlPlane(): Promise<Record<ControlPlaneToolName, ControlPlaneTool>> {
  // Sequential: each set is a large go build, and two at once on a small machine only thrash.
  const out = {} as Record<ControlPlaneToolName, ControlPlaneTool>;
  for (const name of CONTROL_PLANE_TOOLS) out[name] = await resolveControlPlaneTool(name);
  return out;
}

/**
 * Copy files out of a Go module (read-only in the module cache) into chartkit's cache, once; `complete`
 * says whether an earlier copy still has every file wanted (else it is copied again).
 */
async function cachedModuleFiles(kind: string, module: string, version: string, copy: (moduleDir: string, into: string) => void, hint: string, complete: (dir: string) => boolean = () => true): Promise<string> {
  const target = path.join(cacheDir(), kind, version);
  const ready = (): boolean => existsSync(path.join(target, 'SOURCE')) && complete(target);
  if (ready()) return target;
  return withLock(`${kind}-${version}`, async () => {
    if (ready()) return target;
    const moduleDir = await goModuleDir(module, version, hint);
    const tmp = `${target}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    copy(moduleDir, tmp);
    for (const f of readdirSync(tmp)) chmodSync(path.join(tmp, f), 0o644);
    writeFileSync(path.join(tmp, 'SOURCE'), `${module}@${version}\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    return target;
  });
}

/** kwok's own stage files (fast node and pod lifecycles), as published in its module. */
export async function kwokStageFiles(): Promise<string[]> {
  const override = settings()[KWOK_STAGES_ENV];
  const pin = PINS.controlPlane.kwok;
  const dir =
    override ??
    (await cachedModuleFiles(
      'kwok-stages',
      pin.module,
      pin.version,
      (moduleDir, into) => {
        for (const stage of pin.stages) {
          for (const f of readdirSync(path.join(moduleDir, stage)).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')) {
            cpSync(path.join(moduleDir, stage, f), path.join(into, `${stage.split('/').slice(-2).join('-')}-${f}`));
          }
        }
      },
      `${KWOK_STAGES_ENV} to a directory of kwok Stage files`,
    ));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new ChartkitError('TOOL_MISSING', `${dir}: no kwok stage files (*.yaml); kwok exits with "no stages found" without them`);
  return files;
}

export const PLATFORM_CRD_SOURCES = (): string[] => Object.keys(PINS.platformCrds).filter((k) => !k.startsWith('$'));

/**
 * Files of a Go module at a pinned version (e.g. a project's CRDs), copied byte for byte into
 * chartkit's cache under `kind` once; their paths, in the pin's order.
 */
export async function pinnedModuleFiles(kind: string, pin: ModuleFilesPin, hint: string): Promise<string[]> {
  const dir = await cachedModuleFiles(
    kind,
    pin.module,
    pin.version,
    (moduleDir, into) => {
      for (const f of pin.files) cpSync(path.join(moduleDir, pin.path, f), path.join(into, f));
    },
    hint,
    (cached) => pin.files.every((f) => existsSync(path.join(cached, f))),
  );
  return pin.files.map((f) => path.join(dir, f));
}

/** The CRD files of another project (e.g. cert-manager), from its own module at the pinned version. */
export async function platformCrdFiles(name: string): Promise<string[]> {
  const pin = PLATFORM_CRD_SOURCES().includes(name) ? PINS.platformCrds[name] : undefined;
  if (!pin) throw new ChartkitError('USAGE', `no pinned CRD source named "${name}"; known: ${PLATFORM_CRD_SOURCES().join(', ')} (toolchain/versions.json platformCrds)`);
  return pinnedModuleFiles(`crds-${name}`, pin, 'toolchain/versions.json platformCrds to a reachable version');
}
