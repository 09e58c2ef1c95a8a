import { readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { tempDir } from './temp.ts';

function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

/**
 * Rewrite a chart package so its bytes depend on its content only: entries sorted by path, one
 * timestamp, no owner names, deterministic gzip. `helm package` writes subcharts in map order, which
 * Go randomises, so two packages of the same sources differ without this.
 */
export async function normalizeChartArchive(file: string, mtime: Date): Promise<void> {
  const tmp = tempDir('chartkit-archive-');
  try {
    await tar.x({ file, cwd: tmp, preserveOwner: false, strict: true });
    const entries = files(tmp).sort();
    const out = `${file}.normalized`;
    await tar.c({ file: out, cwd: tmp, gzip: { level: 9 }, portable: true, mtime, noDirRecurse: true, strict: true }, entries);
    renameSync(out, file);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
