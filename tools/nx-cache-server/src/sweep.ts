import type { Limits } from './config.ts';
import type { StoredObject } from './s3.ts';

export interface SweepPlan {
  /** Keys to delete, oldest first. */
  expired: StoredObject[];
  overSize: StoredObject[];
  kept: { count: number; bytes: number };
}

/**
 * What a sweep deletes (pure): every entry older than maxAge, then the oldest of the rest until
 * what is left fits in maxTotalSize. "Oldest" is the write time: an entry is written once (a PUT
 * of an existing hash is refused), so this is first in, first out.
 */
export function planSweep(objects: readonly StoredObject[], limits: Pick<Limits, 'maxAgeMs' | 'maxTotalSize'>, now: Date): SweepPlan {
  const byAge = [...objects].sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime() || a.key.localeCompare(b.key));
  const cutoff = now.getTime() - limits.maxAgeMs;
  const expired = byAge.filter((o) => o.lastModified.getTime() < cutoff);
  const fresh = byAge.filter((o) => o.lastModified.getTime() >= cutoff);
  let bytes = fresh.reduce((sum, o) => sum + o.size, 0);
  const overSize: StoredObject[] = [];
  for (const o of fresh) {
    if (bytes <= limits.maxTotalSize) break;
    overSize.push(o);
    bytes -= o.size;
  }
  return { expired, overSize, kept: { count: fresh.length - overSize.length, bytes } };
}

export interface SweepStore {
  list(): AsyncIterable<StoredObject>;
  delete(key: string): Promise<void>;
}

export interface SweepResult extends SweepPlan {
  deletedBytes: number;
}

/** List the store, plan, delete (a few at a time). */
export async function sweep(store: SweepStore, limits: Pick<Limits, 'maxAgeMs' | 'maxTotalSize'>, now: () => Date = () => new Date()): Promise<SweepResult> {
  const objects: StoredObject[] = [];
  for await (const o of store.list()) objects.push(o);
  const plan = planSweep(objects, limits, now());
  const doomed = [...plan.expired, ...plan.overSize];
  for (let i = 0; i < doomed.length; i += 8) await Promise.all(doomed.slice(i, i + 8).map((o) => store.delete(o.key)));
  return { ...plan, deletedBytes: doomed.reduce((sum, o) => sum + o.size, 0) };
}

export function describeSweep(result: SweepResult): string {
  const deleted = result.expired.length + result.overSize.length;
  return `sweep: deleted ${deleted} ${deleted === 1 ? 'entry' : 'entries'} (${result.deletedBytes} bytes; ${result.expired.length} past --max-age, ${result.overSize.length} beyond --max-total-size), kept ${result.kept.count} (${result.kept.bytes} bytes)`;
}
