import { SECTIONS, type BenchStore, type SectionData, type SectionEntry, type SectionName } from './sections.ts';
import { evaluateTargets, metLabel, ms as s, percent, ratio } from './targets.ts';

const TITLES: Record<SectionName, string> = {
  startup: 'Start-up: `chartkit --help`',
  'side-by-side': 'Side by side: raw Helm tools, chartkit, Nx cold and warm (`lint` + `test` of every chart)',
  'npm-test': '`npm test`: cold and warm',
  commands: 'chartkit commands over every chart',
  publish: "Publishing to a local OCI registry (Debian's docker-registry on 127.0.0.1)",
  install: 'Install tests on the control plane (kube-apiserver v1.35.4, etcd, kwok nodes)',
  scale: 'Scale: Nx with generated subcharts (50, 100 and 200 by default)',
};

const CLI = 'node tools/chartkit/bin/chartkit.mjs';
const NX = 'NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx';
/** A cold Nx run: an empty cache directory (Nx 22's --skip-nx-cache would not fill it for the warm run). */
const NX_COLD = 'd=$(mktemp -d) NX_CACHE_DIRECTORY=$d/cache NX_WORKSPACE_DATA_DIRECTORY=$d/workspace-data NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx';
/** A warm run that Nx did not serve entirely from its cache measured something else (an input changed meanwhile?). */
const notWarm = (fromCache: string): string => {
  const m = /^(\d+)\/(\d+)$/.exec(fromCache);
  return m && m[1] === m[2] ? '' : `The warm run restored ${fromCache === 'none' ? 'no' : fromCache} tasks from the cache: an input changed between the runs (an edit while the bench ran?), so it is not a warm figure.`;
};
const goal = (met: boolean | undefined, text: string): string => `${text} (${metLabel(met)})`;

function startup(d: SectionData['startup']): string {
  return `| Measure | Command | Result | Target |
| --- | --- | --- | --- |
| Start-up, best of ${d.runsMs.length} | \`${CLI} --help\` | ${s(d.bestMs)} (runs: ${d.runsMs.map(s).join(', ')}) | ${goal(d.bestMs <= 250, '≤ 0.25 s')} |`;
}

function sideBySide(d: SectionData['side-by-side']): string {
  const oneVsRaw = d.raw.ms > 0 ? d.chartkit.ms / d.raw.ms : Infinity;
  const nxVsOne = d.chartkit.ms > 0 ? d.nxCold.ms / d.chartkit.ms : Infinity;
  const phases = Object.entries(d.raw.phases)
    .map(([p, v]) => `${p} ${s(v)}`)
    .join(', ');
  const warnings = [
    d.raw.failed > 0 ? `${d.raw.failed} of the raw loop's processes exited non-zero: its time is not representative.` : '',
    d.nxCold.exitCode !== 0 || d.nxWarm.exitCode !== 0 ? `An Nx run failed (exit ${d.nxCold.exitCode} cold, ${d.nxWarm.exitCode} warm): its time is not representative.` : '',
    notWarm(d.nxWarm.fromCache),
  ].filter(Boolean);
  return `The same work four ways, one after the other in one run, over ${d.charts} charts: \`helm lint --strict\`
with Helm 4 and Helm 3 for the defaults and every \`ci/*-values.yaml\`, \`helm template\` per scenario and
helm-unittest.

| Run | Command | Wall time | Target |
| --- | --- | --- | --- |
| (a) Raw tools alone, serial loop (${d.raw.processes} processes: ${phases}) | \`helm dependency build\` in a scratch copy, then \`helm lint --strict\` (Helm 4, Helm 3), \`helm template\`, \`helm unittest\` per chart | ${s(d.raw.ms)} | |
| (b) chartkit, one process per command | \`${CLI} lint && ${CLI} test\` | ${s(d.chartkit.ms)} (lint ${s(d.chartkit.lintMs)}, test ${s(d.chartkit.testMs)}) | |
| (c) Nx cold, empty cache (${d.nxCold.tasks} tasks) | \`${NX_COLD} run-many -t lint test --projects tag:type:helm-chart\` | ${s(d.nxCold.ms)} | |
| (d) Nx warm, same cache (no change; ${d.nxWarm.fromCache} tasks from the cache) | the same command again, same cache directory | ${s(d.nxWarm.ms)} | |
| (b) / (a) | | ${ratio(d.chartkit.ms, d.raw.ms)} | ${goal(oneVsRaw <= 0.8, '≤ 0.8')} |
| (c) / (b) | | ${ratio(d.nxCold.ms, d.chartkit.ms)} | ${goal(nxVsOne <= 1.3, '≤ 1.3')} |
| (d) / (c) | | ${ratio(d.nxWarm.ms, d.nxCold.ms)} | |
| (c) per chart | | ${s(d.charts > 0 ? d.nxCold.ms / d.charts : 0)} | |
${warnings.length > 0 ? `\n${warnings.join('\n')}\n` : ''}`;
}

function npmTest(d: SectionData['npm-test']): string {
  const base = `run-many -t ${d.targets.join(' ')}${d.projects.length > 0 ? ` --projects ${d.projects.join(',')}` : ''}`;
  const share = d.coldMs > 0 ? d.warmMs / d.coldMs : Infinity;
  return `| Run | Command | Wall time | Target |
| --- | --- | --- | --- |
| Cold, empty cache${d.projects.length > 0 ? ` (${d.projects.length} projects only)` : ''} | \`${NX_COLD} ${base}\` | ${s(d.coldMs)} | |
| Warm, same cache (no change; ${d.fromCache} tasks from the cache) | the same command again, same cache directory | ${s(d.warmMs)} | |
| Warm / cold | | ${percent(d.warmMs, d.coldMs)} | ${goal(share <= 0.05, '≤ 5 %')} |
${d.coldExitCode !== 0 || d.warmExitCode !== 0 ? `\nA run failed (exit ${d.coldExitCode} cold, ${d.warmExitCode} warm): its time is not representative.\n` : ''}${notWarm(d.fromCache) ? `\n${notWarm(d.fromCache)}\n` : ''}`;
}

function commands(d: SectionData['commands']): string {
  return `| Command | Wall time | Peak memory (largest process) |
| --- | --- | --- |
${d.map((c) => `| \`${c.command}\` | ${s(c.wallMs)} | ${c.maxRssMb.toFixed(0)} MiB |`).join('\n')}`;
}

function publish(d: SectionData['publish']): string {
  return `| Step (${d.charts} charts) | Wall time |
| --- | --- |
| Packaging (once, not in the numbers below) | ${s(d.packageMs)} |
| \`chartkit publish\`, first run (lookups ${s(d.firstLookupMs)}, pushes ${s(d.firstPushMs)}) | ${s(d.firstRunMs)} |
| \`chartkit publish\`, second run (nothing to push) | ${s(d.noopRunMs)} |
| Raw \`helm push\` loop over the same packages | ${s(d.helmPushLoopMs)} |
| chartkit first run / raw helm push | ${(d.firstRunMs / d.helmPushLoopMs).toFixed(2)}× |`;
}

function install(d: SectionData['install']): string {
  return `| Step | Wall time |
| --- | --- |
| \`chartkit cluster start\` to ready (best of 3; binaries cached) | ${s(d.clusterStartMs)} |
| \`chartkit install-test\`, every chart, serial (${d.runs} runs: scenarios × Helm 4 and 3) | ${s(d.serialMs)} |
| \`chartkit install-test -j ${d.parallel}\`, ${d.parallel} charts at once in their own namespaces | ${s(d.parallelMs)} |
| serial / parallel | ${(d.serialMs / d.parallelMs).toFixed(2)}× |

${d.failed === 0 ? 'Every run passed.' : `${d.failed} runs failed: these times are not representative.`}

| Chart (serial run) | Runs | Seconds |
| --- | --- | --- |
${d.perChart.map((c) => `| ${c.chart} | ${c.runs} | ${c.seconds.toFixed(1)} |`).join('\n')}`;
}

function scale(d: SectionData['scale'], side: SectionData['side-by-side'] | undefined): string {
  const base = side && side.charts > 0 ? side.nxCold.ms / side.charts : undefined;
  const rows = d.runs.map((r) => {
    const perChart = r.charts > 0 ? r.coldMs / r.charts : 0;
    const growth = base ? perChart / base : undefined;
    return `| ${r.generated} (${r.charts} charts) | ${r.generateMs === undefined ? '—' : s(r.generateMs)} | ${s(r.graphMs)} | ${s(r.coldMs)}${r.coldExitCode !== 0 ? ` (exit ${r.coldExitCode})` : ''} | ${s(perChart)}${growth === undefined ? '' : ` (${growth.toFixed(2)}× the side-by-side run)`} | ${s(r.warmMs)} (${r.fromCache} from the cache) | ${r.affected.length}: ${r.affected.join(', ')} |`;
  });
  return `A git clone of the repository (with the working tree's changes) in a temporary directory, its
node_modules linked, grown by subcharts from the project's generator (\`chartkit new subchart\`, each
registered in the umbrella); ${d.baseCharts} charts before. Per size: the project graph with no daemon and an
empty workspace-data directory (\`${NX} show projects\`, best of 3; target ≤ 3 s at 200), cold
(empty cache directory) and warm \`${NX} run-many -t lint test\` over every chart (target
per chart: within 1.5× of the side-by-side run's), and the projects affected after editing one generated
subchart's values.yaml (\`${NX} show projects --affected --base=HEAD\`; target ≤ 2).

| Generated subcharts | Generating them | Graph (cold) | \`run-many\` cold | Cold per chart | Warm | Affected by one edit |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

function section<N extends SectionName>(name: N, entry: SectionEntry<N> | undefined, store: BenchStore): string {
  const head = `## ${TITLES[name]}\n\n`;
  if (!entry) return `${head}Not measured yet: \`npm run bench -- --only ${name}\`.\n`;
  const when = `Measured ${entry.date} on ${entry.machine}. Reproduce: \`${entry.command}\`.\n\n`;
  const d = entry.data as SectionData[SectionName];
  const body: Record<SectionName, () => string> = {
    startup: () => startup(d as SectionData['startup']),
    'side-by-side': () => sideBySide(d as SectionData['side-by-side']),
    'npm-test': () => npmTest(d as SectionData['npm-test']),
    commands: () => commands(d as SectionData['commands']),
    publish: () => publish(d as SectionData['publish']),
    install: () => install(d as SectionData['install']),
    scale: () => scale(d as SectionData['scale'], store.sections['side-by-side']?.data),
  };
  return `${head}${when}${body[name]().trimEnd()}\n`;
}

/** docs/benchmarks.md from every stored section (docs/benchmarks.json), generated by `npm run bench`. */
export function renderBenchmarks(store: BenchStore): string {
  const targets = evaluateTargets(store);
  return `# Benchmarks

Generated by \`npm run bench\` (\`chartkit bench\`) from docs/benchmarks.json; do not edit. Reproduce
everything with \`npm ci && npm run bench\`, or one section with \`npm run bench -- --only <section>\`
(sections: ${SECTIONS.join(', ')}); \`--scale 50,100,200\` sets the sizes of the scale run.
Each section says when and how it was measured.

## Targets

| Target | Goal | Measured | Met? | Section |
| --- | --- | --- | --- | --- |
${targets.map((t) => `| ${t.target} | ${t.goal} | ${t.measured} | ${metLabel(t.met)} | ${t.section} |`).join('\n')}

${SECTIONS.map((name) => section(name, store.sections[name] as SectionEntry<typeof name> | undefined, store)).join('\n')}`;
}
