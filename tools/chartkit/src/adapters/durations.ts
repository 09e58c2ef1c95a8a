import { createHash } from 'node:crypto';
import { contentCache } from './content-cache.ts';

/** How long each chart's lint or test took last time in this workspace, for scheduling (core/schedule.ts). */
type Durations = Record<string, number>;
const store = contentCache<Durations>('durations', 200);
const key = (root: string, command: string): string => createHash('sha256').update(`${root}\0${command}`).digest('hex').slice(0, 32);

export function lastDurations(root: string, command: 'lint' | 'test'): Durations {
  return store.read(key(root, command)) ?? {};
}

/** Record this run's times, keeping the other charts' earlier ones. */
export function recordDurations(root: string, command: 'lint' | 'test', measured: Durations): void {
  if (Object.keys(measured).length === 0) return;
  store.write(key(root, command), { ...lastDurations(root, command), ...measured });
}
