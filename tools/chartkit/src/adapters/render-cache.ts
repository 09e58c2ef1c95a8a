import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Manifest } from '../core/manifests.ts';
import { contentCache } from './content-cache.ts';

/** Bump when the parsed form of a render changes (core/manifests.ts). */
const FORMAT = 1;
const renders = contentCache<Manifest[]>('published-renders');

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
  const id = hash.digest('hex');
  const hit = renders.read(id);
  if (hit) return hit;
  const manifests = await render();
  renders.write(id, manifests);
  return manifests;
}
