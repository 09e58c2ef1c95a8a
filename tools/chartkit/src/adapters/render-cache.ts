import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../core/manifests.ts';
import { cacheDir } from './cache.ts';

/** Bump when the parsed form of a render changes (core/manifests.ts). */
const FORMAT = 1;
const MAX_ENTRIES = 1000;

/**
 * Renders of published packages, parsed, on disk by content: a published version never changes, so
 * the render of (package bytes, values file bytes, Helm, render options) is computed once per
 * machine. compat renders the last published version of every chart in every lint; this turns the
 * second and later lints' half of that work into a file read.
 */
export async function cachedPublishedRender(key: { packageFile: string; valuesFile?: string; tool: string; options: unknown }, render: () => Promise<Manifest[]>): Promise<Manifest[]> {
  const hash = createHash('sha256').update(`format ${FORMAT}\0${key.tool}\0${JSON.stringify(key.options)}\0`);
  hash.update(readFileSync(key.packageFile)).update('\0');
  if (key.valuesFile) hash.update(readFileSync(key.valuesFile));
  const dir = path.join(cacheDir(), 'published-renders');
  const file = path.join(dir, `${hash.digest('hex')}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest[];
  } catch {
    // not cached yet (or torn by a crash: rendered again)
  }
  const manifests = await render();
  try {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.partial-${process.pid}`;
    writeFileSync(partial, JSON.stringify(manifests));
    renameSync(partial, file);
    prune(dir);
  } catch {
    // a cache that cannot be written only costs time
  }
  return manifests;
}

function prune(dir: string): void {
  const entries = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries.map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, entries.length - MAX_ENTRIES)) rmSync(path.join(dir, f), { force: true });
}
