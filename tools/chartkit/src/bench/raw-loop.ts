/**
 * The "raw tools alone" side of the side-by-side benchmark: what a shell loop over the charts runs
 * without chartkit — `helm dependency build` where a chart has file:// dependencies (in a scratch
 * copy, so chart directories are never written), `helm lint --strict` with Helm 4 and Helm 3 for
 * the defaults and every ci/*-values.yaml, `helm template` per scenario, and helm-unittest. Pure:
 * the plan of processes; side-by-side.ts copies the charts and runs it, one process after another.
 */

export interface RawChart {
  name: string;
  /** The chart's directory relative to the workspace root. */
  relDir: string;
  library: boolean;
  /** Annotated chartkit.dev/requires-values: its defaults are not a scenario. */
  requiresValues: boolean;
  /** Its ci/*-values.yaml, relative to the chart directory, sorted. */
  scenarios: string[];
  /** Directories (relative to the workspace root) its file:// dependencies point at. */
  fileDeps: string[];
  /** Where its helm-unittest suites run, relative to the workspace root: the chart, or a library's tests/chart. */
  testDir: string;
  /** The file:// dependencies of the test directory when it is not the chart (a library's consumer chart). */
  testFileDeps: string[];
}

export type RawPhase = 'dependency build' | 'lint' | 'template' | 'unittest';

export interface RawStep {
  phase: RawPhase;
  chart: string;
  tool: 'helm' | 'helm3' | 'helm-unittest';
  args: string[];
  /** Working directory (helm-unittest runs in the chart it tests). */
  cwd?: string;
}

export interface RawLoopPlan {
  /** Chart directories (relative to the workspace root) copied into the scratch root first. */
  copy: string[];
  steps: RawStep[];
}

const join = (root: string, rel: string): string => (rel === '' ? root : `${root.replace(/\/+$/, '')}/${rel}`);

/**
 * The raw loop over `selected` charts (all when empty), their paths inside `scratch` (the copy of
 * the workspace's chart directories): dependency builds first, dependencies before the charts that
 * use them, then per chart its lints, renders and unit tests.
 */
export function rawLoopPlan(charts: readonly RawChart[], selected: readonly string[], scratch: string): RawLoopPlan {
  const chosen = selected.length === 0 ? [...charts] : charts.filter((c) => selected.includes(c.name));
  const depsOf = new Map<string, string[]>();
  for (const c of charts) {
    depsOf.set(c.relDir, c.fileDeps);
    if (c.testDir !== c.relDir) depsOf.set(c.testDir, c.testFileDeps);
  }
  const copy = new Set<string>();
  const builds: string[] = [];
  const visited = new Set<string>();
  const visit = (dir: string): void => {
    if (visited.has(dir)) return;
    visited.add(dir);
    const deps = depsOf.get(dir) ?? [];
    for (const d of deps) {
      copy.add(d);
      visit(d);
    }
    if (deps.length > 0) builds.push(dir);
  };
  for (const c of chosen) {
    copy.add(c.relDir);
    visit(c.relDir);
    visit(c.testDir);
  }
  const chartOf = new Map<string, string>();
  for (const c of charts) {
    chartOf.set(c.relDir, c.name);
    chartOf.set(c.testDir, c.name);
  }
  const steps: RawStep[] = builds.map((dir) => ({ phase: 'dependency build', chart: chartOf.get(dir) ?? dir, tool: 'helm', args: ['dependency', 'build', join(scratch, dir)] }));
  for (const c of chosen) {
    const dir = join(scratch, c.relDir);
    const scenarios: (string | undefined)[] = c.requiresValues ? c.scenarios : [undefined, ...c.scenarios];
    const values = (f: string | undefined): string[] => (f === undefined ? [] : ['--values', join(dir, f)]);
    for (const tool of ['helm', 'helm3'] as const) {
      for (const f of scenarios) steps.push({ phase: 'lint', chart: c.name, tool, args: ['lint', dir, ...values(f), '--strict'] });
    }
    if (!c.library) {
      for (const f of scenarios) steps.push({ phase: 'template', chart: c.name, tool: 'helm', args: ['template', 'dependencies', dir, ...values(f), '--namespace', 'kube-system', '--include-crds'] });
    }
    const testDir = join(scratch, c.testDir);
    steps.push({ phase: 'unittest', chart: c.name, tool: 'helm-unittest', args: ['--strict', '--color=false', '-f', 'tests/**/*_test.yaml', testDir], cwd: testDir });
  }
  return { copy: [...copy].sort(), steps };
}

/** The plan as the shell lines a person would type (for the report and --verbose). */
export function rawLoopScript(plan: RawLoopPlan, tools: Record<RawStep['tool'], string> = { helm: 'helm', helm3: 'helm3', 'helm-unittest': 'helm unittest' }): string[] {
  return plan.steps.map((s) => `${s.cwd ? `(cd ${s.cwd} && ` : ''}${tools[s.tool]} ${s.args.map((a) => (/[\s*]/.test(a) ? `'${a}'` : a)).join(' ')}${s.cwd ? ')' : ''}`);
}
