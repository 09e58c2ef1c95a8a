import { ChartkitError } from '../core/errors.ts';
import type { PublishBench } from '../publish/bench.ts';
import type { InstallBench } from './install.ts';
import type { CommandCost } from './memory.ts';
import type { NpmTestBench } from './npm-test.ts';
import type { ScaleBench } from './scale.ts';
import type { SideBySideBench } from './side-by-side.ts';
import type { StartupBench } from './startup.ts';

/**
 * The benchmark's named sections, in the order a full `npm run bench` runs them and the report
 * shows them. Each is measured and stored on its own (docs/benchmarks.json), so
 * `npm run bench -- --only scale` re-measures one and keeps the others.
 */
export const SECTIONS = ['startup', 'side-by-side', 'npm-test', 'commands', 'publish', 'install', 'scale'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface SectionData {
  startup: StartupBench;
  'side-by-side': SideBySideBench;
  'npm-test': NpmTestBench;
  commands: CommandCost[];
  publish: PublishBench;
  install: InstallBench;
  scale: ScaleBench;
}

export interface SectionEntry<N extends SectionName = SectionName> {
  /** Day of the measurement, YYYY-MM-DD. */
  date: string;
  /** CPUs, memory and Node version of the machine it ran on. */
  machine: string;
  /** The exact command that reproduces it, e.g. `npm run bench -- --only scale`. */
  command: string;
  data: SectionData[N];
}

/** docs/benchmarks.json: every section's last measurement. */
export interface BenchStore {
  version: 1;
  sections: { [N in SectionName]?: SectionEntry<N> };
}

export const EMPTY_STORE: BenchStore = { version: 1, sections: {} };

/** The store with one section replaced (the others kept as they are). */
export function mergeSection<N extends SectionName>(store: BenchStore, name: N, entry: SectionEntry<N>): BenchStore {
  return { version: 1, sections: { ...store.sections, [name]: entry } };
}

/** A stored JSON document as a store: unknown sections and malformed entries are dropped, not fatal. */
export function storeFromJson(doc: unknown): BenchStore {
  const sections = (doc as { sections?: unknown } | undefined)?.sections;
  if (typeof sections !== 'object' || sections === null) return EMPTY_STORE;
  const out: BenchStore = { version: 1, sections: {} };
  for (const name of SECTIONS) {
    const e = (sections as Record<string, unknown>)[name] as Partial<SectionEntry> | undefined;
    if (e && typeof e.date === 'string' && typeof e.command === 'string' && e.data !== undefined) {
      (out.sections as Record<string, SectionEntry>)[name] = { date: e.date, machine: String(e.machine ?? ''), command: e.command, data: e.data } as SectionEntry;
    }
  }
  return out;
}

/** `--only startup,scale`: the sections to run, in report order; none given means all. */
export function parseOnly(list: string | undefined): SectionName[] {
  if (list === undefined || list.trim() === '') return [...SECTIONS];
  const asked = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = asked.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new ChartkitError('USAGE', `--only ${unknown.join(',')}: unknown section; choose from ${SECTIONS.join(', ')}`);
  return SECTIONS.filter((s) => asked.includes(s));
}

/** `--scale 50,100,200`: positive whole numbers of generated subcharts, ascending, each once. */
export function parseSizes(list: string): number[] {
  const sizes = list.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = sizes.filter((s) => !/^[1-9]\d*$/.test(s));
  if (sizes.length === 0 || bad.length > 0) throw new ChartkitError('USAGE', `--scale ${list}: expected sizes such as 50,100,200 (positive whole numbers)`);
  return [...new Set(sizes.map(Number))].sort((a, b) => a - b);
}

/**
 * The scale run grows one workspace: each size adds only the subcharts the previous one lacks
 * ([50, 100, 200] → add 50, then 50, then 100), numbered on from where the last step stopped.
 */
export function scaleSteps(sizes: readonly number[]): { size: number; add: number; first: number }[] {
  const sorted = [...new Set(sizes)].sort((a, b) => a - b);
  return sorted.map((size, i) => ({ size, add: size - (sorted[i - 1] ?? 0), first: (sorted[i - 1] ?? 0) + 1 }));
}

/** The command that reproduces a section, with the options that shaped it (a reduced run says so). */
export function reproduceCommand(name: SectionName, options: { scale?: readonly number[]; charts?: readonly string[] } = {}): string {
  const parts = ['npm run bench --', '--only', name];
  if (name === 'scale' && options.scale) parts.push('--scale', options.scale.join(','));
  if (name !== 'startup' && name !== 'scale' && options.charts && options.charts.length > 0) parts.push('--charts', options.charts.join(','));
  return parts.join(' ');
}
