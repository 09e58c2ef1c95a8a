import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Chart } from '../core/chart.ts';
import { BUILD_ID } from './package-dir.ts';
import { contentCache } from './content-cache.ts';

/** Imports a values.schema.ts may have for its compile to be cached: nothing but chartkit's schema API. */
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]/g;
const CACHEABLE_IMPORTS = new Set(['@chart-tools/chartkit/schema']);

/**
 * Compiled values schemas on disk, keyed by the built chartkit (its build id) and the bytes of every
 * file the compile reads: each chart's Chart.yaml, package.json and values.schema.ts. A task that
 * lints or tests one chart then skips loading tsx and the schema modules. Only when chartkit runs
 * from its build, and only when every values.schema.ts imports nothing but chartkit's schema API
 * (anything else could change without changing these bytes).
 */
export function compiledSchemaKey(charts: readonly Chart[], source: string): string | undefined {
  if (!BUILD_ID) return undefined;
  const hash = createHash('sha256').update(`${BUILD_ID}\0`);
  for (const chart of [...charts].sort((a, b) => a.name.localeCompare(b.name))) {
    hash.update(`${chart.name}\0${chart.relDir}\0`);
    for (const file of ['Chart.yaml', 'package.json', source]) {
      const full = path.join(chart.dir, file);
      if (!existsSync(full)) {
        hash.update(`${file}: none\0`);
        continue;
      }
      const bytes = readFileSync(full);
      if (file === source) {
        for (const m of bytes.toString('utf8').matchAll(IMPORT)) if (!CACHEABLE_IMPORTS.has(m[1] ?? m[2] ?? m[3] ?? '')) return undefined;
      }
      hash.update(`${file}\0`).update(bytes).update('\0');
    }
  }
  return hash.digest('hex');
}

const compiled = contentCache<Record<string, unknown>>('compiled-schemas');

/** The compiled charts of `key` (JSON, by chart name), if cached. */
export function readCompiledSchemas<T>(key: string): Record<string, T> | undefined {
  return compiled.read(key) as Record<string, T> | undefined;
}

export function writeCompiledSchemas<T>(key: string, entries: Record<string, T>): void {
  compiled.write(key, entries);
}
