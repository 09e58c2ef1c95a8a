import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { list } from 'tar';
import { ChartkitError } from '../core/errors.ts';
import { settings } from './environment.ts';
import { sha256Hex, type CrdSource, type CrdSourceFile } from '../core/crd-copies.ts';
import { pinnedModuleFiles } from './control-plane-tools.ts';
import { localOrigin, repositoryRoot } from './git.ts';
import { PINS, type OperatorCrdPin } from './toolchain.ts';

/**
 * The CRDs charts ship exactly as their operators publish them (toolchain/versions.json
 * operatorCrds): read from the operator's Go module at the pinned version (through the same cache as
 * the platform CRDs), or from a release archive pinned by sha256 (upstreamArchives).
 */
export const OPERATOR_CRD_CHARTS = (): string[] => Object.keys(PINS.operatorCrds).filter((k) => !k.startsWith('$'));

const PINS_FILE = 'tools/chartkit/toolchain/versions.json';

function pinOf(chart: string): OperatorCrdPin {
  const pin = OPERATOR_CRD_CHARTS().includes(chart) ? PINS.operatorCrds[chart] : undefined;
  if (!pin) throw new ChartkitError('USAGE', `${chart} ships no pinned operator CRDs; known: ${OPERATOR_CRD_CHARTS().join(', ')} (${PINS_FILE} operatorCrds)`);
  return pin;
}

/** The named entries of a tar.gz, byte for byte. */
async function archiveEntries(file: string, wanted: readonly string[]): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  await list({
    file,
    onReadEntry: (entry) => {
      if (!wanted.includes(entry.path)) {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => found.set(entry.path, Buffer.concat(chunks)));
    },
  });
  return found;
}

/**
 * Where a pinned upstream archive is: the file its environment variable names, else its path
 * relative to the workspace root, else relative to the checkout a clean clone was made from.
 * Undefined when none exists.
 */
export async function upstreamArchiveFile(key: string, root: string): Promise<string | undefined> {
  const archive = PINS.upstreamArchives[key];
  if (!archive || key.startsWith('$')) throw new ChartkitError('USAGE', `${PINS_FILE}: "${key}" is not an upstreamArchives entry`);
  // versions.json names the variable; core/settings.ts declares it (a unit test checks that)
  const fromEnv = (settings() as Record<string, string | undefined>)[archive.env];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const here = path.resolve(root, archive.file);
  if (existsSync(here)) return here;
  const origin = await localOrigin(root);
  const there = origin ? path.resolve(origin, path.relative(await repositoryRoot(root), root), archive.file) : undefined;
  return there && existsSync(there) ? there : undefined;
}

async function fromArchive(chart: string, pin: Extract<OperatorCrdPin, { archive: string }>, root: string): Promise<CrdSource> {
  const archive = PINS.upstreamArchives[pin.archive];
  if (!archive || pin.archive.startsWith('$')) throw new ChartkitError('USAGE', `${PINS_FILE}: operatorCrds.${chart}.archive "${pin.archive}" is not an upstreamArchives entry`);
  const name = path.basename(archive.file);
  const file = await upstreamArchiveFile(pin.archive, root);
  if (!file) throw new ChartkitError('TOOL_MISSING', `${path.resolve(root, archive.file)}: no such file; the CRDs of ${chart} are copied from ${name} (${archive.origin}); put it there or set ${archive.env} to a copy`);
  const digest = sha256Hex(readFileSync(file));
  if (digest !== archive.sha256) {
    throw new ChartkitError('TOOL_FAILED', `${file}: sha256 ${digest} is not the pinned ${archive.sha256} (${PINS_FILE} upstreamArchives.${pin.archive}); use the pinned archive, or update the pin on purpose`);
  }
  const wanted = pin.files.map((f) => `${pin.path}/${f}`);
  const entries = await archiveEntries(file, wanted);
  const files: CrdSourceFile[] = pin.files.map((f, i) => {
    const bytes = entries.get(wanted[i]!);
    if (!bytes) throw new ChartkitError('TOOL_FAILED', `${name} has no ${wanted[i]}; fix ${PINS_FILE} operatorCrds.${chart}`);
    return { file: f, from: `${name}:${wanted[i]}`, bytes };
  });
  const by = pin.publishedBy ? `; published by ${pin.publishedBy}` : '';
  return { chart, source: `${name} (sha256 ${archive.sha256}), ${archive.origin}${by}`, files };
}

/** The pinned source files of a chart's CRDs, with where each came from. */
export async function operatorCrdSource(chart: string, root: string): Promise<CrdSource> {
  const pin = pinOf(chart);
  if (pin.archive !== undefined) return fromArchive(chart, pin, root);
  const paths = await pinnedModuleFiles(`operator-crds-${chart}`, pin, `${PINS_FILE} operatorCrds.${chart} to a reachable version`);
  return {
    chart,
    source: `Go module ${pin.module}@${pin.version}`,
    files: pin.files.map((f, i) => ({ file: f, from: `${pin.module}@${pin.version}/${pin.path}/${f}`, bytes: readFileSync(paths[i]!) })),
  };
}
