import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ChartkitError } from '../core/errors.ts';
import { EMPTY_STORE, storeFromJson, type BenchStore } from './sections.ts';

/** docs/benchmarks.json beside docs/benchmarks.md: the report's data, one entry per section. */
export const storeFileFor = (report: string): string => (report.endsWith('.md') ? `${report.slice(0, -3)}.json` : `${report}.json`);

export function readStore(file: string): BenchStore {
  if (!existsSync(file)) return EMPTY_STORE;
  try {
    return storeFromJson(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new ChartkitError('USAGE', `${file}: not valid JSON (${(error as Error).message}); fix it or remove it to start over`);
  }
}

/** Written whole, then renamed into place: an interrupted bench never leaves half a file. */
export function writeStore(file: string, store: BenchStore): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(store, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
