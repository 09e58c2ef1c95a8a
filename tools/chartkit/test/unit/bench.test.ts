import { describe, expect, it } from 'vitest';
import { rawLoopPlan, rawLoopScript, type RawChart } from '../../src/bench/raw-loop.ts';
import { renderBenchmarks } from '../../src/bench/report.ts';
import { EMPTY_STORE, mergeSection, parseOnly, parseSizes, reproduceCommand, scaleSteps, SECTIONS, storeFromJson, type BenchStore, type SectionEntry } from '../../src/bench/sections.ts';
import { evaluateTargets } from '../../src/bench/targets.ts';
import { cacheHits } from '../../src/bench/nx-run.ts';

const entry = <T>(data: T, command = 'npm run bench -- --only x', date = '2026-12-01'): SectionEntry & { data: T } => ({ date, machine: '2 × CPU, 24 GiB, Node v20', command, data }) as SectionEntry & { data: T };

const startup = (bestMs: number) => entry({ bestMs, runsMs: [bestMs + 40, bestMs] }, 'npm run bench -- --only startup');
const side = { charts: 20, raw: { ms: 100_000, processes: 300, failed: 0, phases: { copy: 50, lint: 60_000 } }, chartkit: { lintMs: 50_000, testMs: 10_000, ms: 60_000 }, nxCold: { ms: 72_000, tasks: 40, exitCode: 0 }, nxWarm: { ms: 3_000, fromCache: '40/40', exitCode: 0 } };
const scaleRun = (generated: number, over: Partial<{ graphMs: number; coldMs: number; affected: string[] }> = {}) => ({
  generated,
  charts: generated + 20,
  generateMs: generated * 900,
  graphMs: over.graphMs ?? 2_000,
  coldMs: over.coldMs ?? (generated + 20) * 4_000,
  coldExitCode: 0,
  warmMs: 5_000,
  fromCache: '1/1',
  touched: 'bench-addon-001',
  affected: over.affected ?? ['bench-addon-001', 'hyperpod-helm-chart'],
});

describe('bench sections', () => {
  it('merging a section replaces it and keeps the others with their dates', () => {
    let store: BenchStore = mergeSection(EMPTY_STORE, 'startup', startup(200));
    store = mergeSection(store, 'commands', entry([{ command: 'chartkit lint', wallMs: 1000, maxRssMb: 200 }], 'npm run bench -- --only commands', '2026-11-22'));
    const again = mergeSection(store, 'startup', { ...startup(150), date: '2026-12-03' });
    expect(again.sections.startup?.data.bestMs).toBe(150);
    expect(again.sections.startup?.date).toBe('2026-12-03');
    expect(again.sections.commands?.date).toBe('2026-11-22');
    expect(store.sections.startup?.data.bestMs).toBe(200);
  });

  it('reads a stored document leniently: unknown sections and malformed entries are dropped', () => {
    const store = storeFromJson({ version: 1, sections: { startup: startup(100), bogus: startup(1), publish: { date: 3 } } });
    expect(Object.keys(store.sections)).toEqual(['startup']);
    expect(storeFromJson(null)).toEqual(EMPTY_STORE);
    expect(storeFromJson({ sections: 'x' })).toEqual(EMPTY_STORE);
  });

  it('--only keeps report order, refuses unknown sections; none means all', () => {
    expect(parseOnly(undefined)).toEqual([...SECTIONS]);
    expect(parseOnly('scale, startup')).toEqual(['startup', 'scale']);
    expect(() => parseOnly('startup,nope')).toThrow(/--only nope: unknown section; choose from startup, side-by-side/);
  });

  it('--scale sizes are positive whole numbers, ascending, and grow one workspace step by step', () => {
    expect(parseSizes('200, 50,100,50')).toEqual([50, 100, 200]);
    expect(() => parseSizes('50,x')).toThrow(/--scale 50,x/);
    expect(() => parseSizes('0')).toThrow(/positive/);
    expect(scaleSteps([50, 100, 200])).toEqual([
      { size: 50, add: 50, first: 1 },
      { size: 100, add: 50, first: 51 },
      { size: 200, add: 100, first: 101 },
    ]);
    expect(scaleSteps([5])).toEqual([{ size: 5, add: 5, first: 1 }]);
  });

  it('the command to reproduce a section carries what shaped it (a reduced run says so)', () => {
    expect(reproduceCommand('startup', { charts: ['a'] })).toBe('npm run bench -- --only startup');
    expect(reproduceCommand('scale', { scale: [5] })).toBe('npm run bench -- --only scale --scale 5');
    expect(reproduceCommand('side-by-side', { charts: ['mlflow', 'hyperpod-common'] })).toBe('npm run bench -- --only side-by-side --charts mlflow,hyperpod-common');
    expect(reproduceCommand('install')).toBe('npm run bench -- --only install');
  });
});

describe('bench targets', () => {
  it('nothing measured: every target unknown', () => {
    const rows = evaluateTargets(EMPTY_STORE);
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.met === undefined && r.measured === 'not measured')).toBe(true);
  });

  it('judges each target from its section; scale targets only at 200', () => {
    let store = mergeSection(EMPTY_STORE, 'startup', startup(260));
    store = mergeSection(store, 'side-by-side', entry(side));
    store = mergeSection(store, 'npm-test', entry({ targets: ['typecheck'], projects: [], coldMs: 1_000_000, coldExitCode: 0, warmMs: 40_000, warmExitCode: 0, fromCache: '10/10' }));
    store = mergeSection(store, 'scale', entry({ baseCharts: 20, runs: [scaleRun(5, { graphMs: 9_000, affected: ['a'] })] }));
    const met = Object.fromEntries(evaluateTargets(store).map((r) => [r.target, r]));
    expect(met['`chartkit --help` start-up (best of 5)']).toMatchObject({ measured: '260 ms', met: false });
    expect(met['chartkit lint + test / raw Helm loop']).toMatchObject({ measured: '0.60', met: true });
    expect(met['Nx cold `run-many -t lint test` / chartkit lint + test']).toMatchObject({ measured: '1.20', met: true });
    expect(met['Warm `npm test` (no change) / cold']).toMatchObject({ measured: '4.0 %', met: true });
    const graph = met['Nx project graph, cold, 200 generated subcharts']!;
    expect(graph).toMatchObject({ measured: '9.0 s (at 5 only)', met: undefined });
    expect(met['Projects affected by editing one generated subchart']).toMatchObject({ measured: '1', met: true });

    store = mergeSection(store, 'scale', entry({ baseCharts: 20, runs: [scaleRun(50), scaleRun(200, { graphMs: 3_500, coldMs: 220 * 5_600, affected: ['a', 'b', 'c'] })] }));
    const at200 = Object.fromEntries(evaluateTargets(store).map((r) => [r.section + r.goal, r]));
    expect(at200['scale≤ 3 s']).toMatchObject({ measured: '3.5 s', met: false });
    // 72 s / 20 charts = 3.6 s per chart; 5.6 s at 200 is 1.56×
    expect(at200['scale≤ 1.5×']).toMatchObject({ measured: '1.56× (5.6 s vs 3.6 s)', met: false });
    expect(at200['scale≤ 2']).toMatchObject({ measured: '3', met: false });
  });
});

describe('docs/benchmarks.md', () => {
  it('opens with the targets, then every section with its date and command, or how to measure it', () => {
    let store = mergeSection(EMPTY_STORE, 'startup', startup(180));
    store = mergeSection(store, 'side-by-side', entry(side, 'npm run bench -- --only side-by-side'));
    store = mergeSection(store, 'commands', entry([{ command: 'chartkit lint', wallMs: 16_200, maxRssMb: 206 }], 'npm run bench -- --only commands', '2026-11-22'));
    const md = renderBenchmarks(store);
    expect(md.startsWith('# Benchmarks\n')).toBe(true);
    expect(md.indexOf('## Targets')).toBeLessThan(md.indexOf('## Start-up'));
    expect(md).toContain('| `chartkit --help` start-up (best of 5) | ≤ 0.25 s | 180 ms | met | startup |');
    expect(md).toContain('| Start-up, best of 2 | `node tools/chartkit/bin/chartkit.mjs --help` | 180 ms (runs: 220 ms, 180 ms) | ≤ 0.25 s (met) |');
    expect(md).toContain('| (b) / (a) | | 0.60× | ≤ 0.8 (met) |');
    expect(md).toContain('| (c) / (b) | | 1.20× | ≤ 1.3 (met) |');
    expect(md).toContain('| (d) / (c) | | 0.04× | |');
    expect(md).toContain('Measured 2026-11-22 on 2 × CPU, 24 GiB, Node v20. Reproduce: `npm run bench -- --only commands`.');
    expect(md).toContain('| `chartkit lint` | 16.2 s | 206 MiB |');
    expect(md).toContain('Not measured yet: `npm run bench -- --only scale`.');
    for (const title of ['## Start-up', '## Side by side', '## `npm test`', '## chartkit commands', '## Publishing', '## Install tests', '## Scale']) expect(md).toContain(title);
  });

  it('the scale section shows each size against the side-by-side per-chart figure', () => {
    let store = mergeSection(EMPTY_STORE, 'side-by-side', entry(side));
    store = mergeSection(store, 'scale', entry({ baseCharts: 20, runs: [scaleRun(5)] }, 'npm run bench -- --only scale --scale 5'));
    const md = renderBenchmarks(store);
    expect(md).toContain('Reproduce: `npm run bench -- --only scale --scale 5`.');
    expect(md).toContain('| 5 (25 charts) | 4.5 s | 2.0 s | 100.0 s | 4.0 s (1.11× the side-by-side run) | 5.0 s (1/1 from the cache) | 2: bench-addon-001, hyperpod-helm-chart |');
    expect(md).toContain('| Nx project graph, cold, 200 generated subcharts | ≤ 3 s | 2.0 s (at 5 only) | — | scale |');
  });

  it('flags a failed run as not representative', () => {
    const store = mergeSection(EMPTY_STORE, 'side-by-side', entry({ ...side, raw: { ...side.raw, failed: 2 }, nxCold: { ...side.nxCold, exitCode: 1 }, nxWarm: { ...side.nxWarm, fromCache: 'none' } }));
    const md = renderBenchmarks(store);
    expect(md).toContain('The warm run restored no tasks from the cache: an input changed between the runs');
    expect(renderBenchmarks(mergeSection(EMPTY_STORE, 'side-by-side', entry(side)))).not.toContain('The warm run restored');
    expect(md).toContain("2 of the raw loop's processes exited non-zero");
    expect(md).toContain('An Nx run failed (exit 1 cold, 0 warm)');
  });
});

describe('raw loop plan', () => {
  const lib: RawChart = { name: 'common', relDir: 'packages/g/common', library: true, requiresValues: false, scenarios: [], fileDeps: [], testDir: 'packages/g/common/tests/chart', testFileDeps: ['packages/g/common'] };
  const sub: RawChart = { name: 'sub', relDir: 'packages/g/sub', library: false, requiresValues: false, scenarios: ['ci/a-values.yaml', 'ci/b-values.yaml'], fileDeps: ['packages/g/common'], testDir: 'packages/g/sub', testFileDeps: [] };
  const umbrella: RawChart = { name: 'umbrella', relDir: 'packages/g/umbrella', library: false, requiresValues: true, scenarios: ['ci/all-values.yaml'], fileDeps: ['packages/g/common', 'packages/g/sub'], testDir: 'packages/g/umbrella', testFileDeps: [] };
  const plain: RawChart = { name: 'plain', relDir: 'packages/h/plain', library: false, requiresValues: false, scenarios: [], fileDeps: [], testDir: 'packages/h/plain', testFileDeps: [] };
  const all = [lib, sub, umbrella, plain];

  it('builds file:// dependencies in a scratch copy, dependencies first, then lints (Helm 4 and 3), renders and tests each chart', () => {
    const plan = rawLoopPlan(all, ['umbrella'], '/s');
    expect(plan.copy).toEqual(['packages/g/common', 'packages/g/sub', 'packages/g/umbrella']);
    expect(rawLoopScript(plan)).toEqual([
      'helm dependency build /s/packages/g/sub',
      'helm dependency build /s/packages/g/umbrella',
      // requires values: no defaults scenario
      'helm lint /s/packages/g/umbrella --values /s/packages/g/umbrella/ci/all-values.yaml --strict',
      'helm3 lint /s/packages/g/umbrella --values /s/packages/g/umbrella/ci/all-values.yaml --strict',
      'helm template dependencies /s/packages/g/umbrella --values /s/packages/g/umbrella/ci/all-values.yaml --namespace kube-system --include-crds',
      "(cd /s/packages/g/umbrella && helm unittest --strict --color=false -f 'tests/**/*_test.yaml' /s/packages/g/umbrella)",
    ]);
  });

  it('a library is linted, not rendered, and tested through its consumer chart, built against it', () => {
    const plan = rawLoopPlan(all, ['common'], '/s');
    expect(plan.copy).toEqual(['packages/g/common']);
    expect(plan.steps.map((s) => `${s.phase} ${s.tool}`)).toEqual(['dependency build helm', 'lint helm', 'lint helm3', 'unittest helm-unittest']);
    expect(plan.steps[0]!.args).toEqual(['dependency', 'build', '/s/packages/g/common/tests/chart']);
    expect(plan.steps[3]!.cwd).toBe('/s/packages/g/common/tests/chart');
  });

  it('every chart when none is named: each dependency built once, defaults and every scenario with both Helm majors', () => {
    const plan = rawLoopPlan(all, [], '/s');
    const builds = plan.steps.filter((s) => s.phase === 'dependency build').map((s) => s.args[2]);
    expect(builds).toEqual(['/s/packages/g/common/tests/chart', '/s/packages/g/sub', '/s/packages/g/umbrella']);
    const subLints = plan.steps.filter((s) => s.chart === 'sub' && s.phase === 'lint');
    expect(subLints).toHaveLength(6);
    expect(plan.steps.filter((s) => s.chart === 'plain').map((s) => s.phase)).toEqual(['lint', 'lint', 'template', 'unittest']);
    expect(plan.steps.filter((s) => s.phase === 'unittest')).toHaveLength(4);
  });
});

describe('cacheHits', () => {
  it("reads Nx's summary line, else counts the tasks whose header says they came from a cache", () => {
    expect(cacheHits('Nx read the output from the cache instead of running the command for 38 out of 40 tasks.')).toBe('38/40');
    const batched = ['> nx run a:lint  [local cache]', '> nx run a:test  [existing outputs match the cache, left as is]', '> nx run b:lint', '> nx run b:lint', '✓ b: lint passed'].join('\n');
    expect(cacheHits(batched)).toBe('2/3');
    expect(cacheHits('> nx run a:lint\n> nx run a:test\n')).toBe('none');
  });
});
