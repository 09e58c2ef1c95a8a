import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNodesFromFiles, DependencyType, type CreateDependencies, type CreateNodesContextV2, type CreateNodesResult, type CreateNodesV2, type RawProjectGraphDependency, type TargetConfiguration } from '@nx/devkit';
import { parseChartYaml } from '../core/chart.ts';
import { DEFAULT_REPO_DIR } from '../publish/targets.ts';

export interface ChartkitPluginOptions {
  /** Extra arguments for `chartkit lint` (e.g. `--kube-version 1.34.0`). */
  lintArgs?: string[];
  /**
   * `project:target` that builds chartkit itself, when chartkit is a project of the workspace (this
   * repository: `chartkit:build`): every chart target depends on it, so the CLI is built once per
   * run (and cached) before any task starts it.
   */
  buildTarget?: string;
}

export const CHART_GLOB = 'packages/*/*/Chart.yaml';
const CLI = 'node tools/chartkit/bin/chartkit.mjs';
/**
 * lint and test run through chartkit's own executor (executors.json, src/cli/nx-executor.ts): Nx
 * batches it, so a run's lint and test tasks share one chartkit process instead of paying start-up
 * and setup per chart. The other targets are plain commands.
 */
export const CHART_EXECUTOR = '@chart-tools/chartkit:chart';

interface ChartHeader {
  name: string;
  version: string;
  type: string;
  dependencies: { name: string; version: string; repository?: string }[];
}

function readHeader(root: string, file: string): ChartHeader {
  const raw = parseChartYaml(readFileSync(path.join(root, file), 'utf8'), file);
  return {
    name: String(raw.name ?? path.basename(path.dirname(file))),
    version: String(raw.version ?? '0.0.0'),
    type: raw.type === 'library' ? 'library' : 'application',
    dependencies: Array.isArray(raw.dependencies) ? (raw.dependencies as ChartHeader['dependencies']) : [],
  };
}

/**
 * What lint's compat and changeset checks read besides the chart: pending changesets, the chart's
 * changelog (compat-allow lines already released), the last published version — in the Helm
 * repository directory (git-ignored, so Nx does not hash its files: a runtime input prints its
 * index) or in git tags — and the commit of the base branch the changeset check compares with.
 */
export function compatInputs(chart: Pick<ChartHeader, 'name'>): NonNullable<TargetConfiguration['inputs']> {
  return [
    '{workspaceRoot}/.changeset/*.md',
    '{projectRoot}/CHANGELOG.md',
    { runtime: `cat ${DEFAULT_REPO_DIR}/index.yaml 2>/dev/null; git for-each-ref --format='%(refname) %(objectname)' 'refs/tags/${chart.name}@*' 2>/dev/null; git rev-parse "\${CHARTKIT_BASE_REF:-origin/main}" main 2>/dev/null; true` },
  ];
}

/** Targets every chart gets, inferred from its Chart.yaml: no project.json per chart. */
export function chartTargets(chart: ChartHeader, options: ChartkitPluginOptions = {}): Record<string, TargetConfiguration> {
  const inputs = ['chart', '^chart', 'chartkit'];
  const run = (command: string): TargetConfiguration['options'] => ({ command, cwd: '{workspaceRoot}' });
  const [buildProject, buildTarget] = options.buildTarget?.split(':') ?? [];
  const build = buildProject && buildTarget ? [{ projects: [buildProject], target: buildTarget }] : [];
  const targets: Record<string, TargetConfiguration> = {
    schema: {
      executor: 'nx:run-commands',
      options: run(`${CLI} schema ${chart.name}`),
      cache: true,
      inputs: ['chartSource', 'chartkit', '^chartSource'],
      outputs: ['{projectRoot}/values.schema.json', '{projectRoot}/values.yaml'],
      metadata: { description: 'Generate values.schema.json and values.yaml from values.schema.ts' },
    },
    docs: {
      executor: 'nx:run-commands',
      options: run(`${CLI} docs ${chart.name}`),
      cache: true,
      dependsOn: ['schema'],
      inputs: ['chart', '^chart', 'chartkit'],
      outputs: ['{projectRoot}/README.md'],
      metadata: { description: 'Refresh the generated tables of README.md' },
    },
    lint: {
      executor: CHART_EXECUTOR,
      options: { command: 'lint', args: options.lintArgs ?? [] },
      cache: true,
      inputs: [...inputs, ...compatInputs(chart)],
      metadata: { description: 'Chart.yaml contract, generated files, values, helm lint (Helm 4 and 3), Kubernetes schema, rules, compat with the last published version' },
    },
    test: {
      executor: CHART_EXECUTOR,
      options: { command: 'test', args: [] },
      cache: true,
      inputs,
      metadata: { description: 'helm-unittest suites' },
    },
    package: {
      executor: 'nx:run-commands',
      options: run(`${CLI} package ${chart.name}`),
      cache: true,
      dependsOn: ['^package'],
      inputs,
      outputs: [`{workspaceRoot}/dist/charts/${chart.name}-${chart.version}.tgz`],
      metadata: { description: 'helm package into dist/charts/, file:// dependencies from their own packages' },
    },
    ...(chart.type === 'application'
      ? {
          install: {
            executor: 'nx:run-commands',
            options: run(`${CLI} install-test ${chart.name}`),
            cache: true,
            dependsOn: ['package'],
            inputs: [...inputs, { env: 'CHARTKIT_KUBE_APISERVER' }, { env: 'CHARTKIT_ETCD' }, { env: 'CHARTKIT_KWOK' }],
            metadata: { description: 'Install, helm test, upgrade, upgrade --reuse-values, rollback and uninstall every ci scenario on a real control plane, with Helm 4 and 3' },
          },
        }
      : {}),
    version: {
      executor: 'nx:run-commands',
      options: run(`${CLI} version ${chart.name}`),
      cache: false,
      metadata: { description: 'Sync package.json version into Chart.yaml and the pins of consumers' },
    },
    publish: {
      executor: 'nx:run-commands',
      options: run(`${CLI} publish ${chart.name} --no-build`),
      cache: false,
      dependsOn: ['^publish', 'package'],
      metadata: { description: 'Push the packaged chart to the publish target (dist/repo by default; --args="--registry oci://…")' },
    },
  };
  for (const target of Object.values(targets)) target.dependsOn = [...(target.dependsOn ?? []), ...build];
  return targets;
}

function createNodesForChart(file: string, options: ChartkitPluginOptions | undefined, context: CreateNodesContextV2): CreateNodesResult {
  const root = path.dirname(file);
  const chart = readHeader(context.workspaceRoot, file);
  return {
    projects: {
      [root]: {
        name: chart.name,
        root,
        projectType: chart.type === 'library' ? 'library' : 'application',
        tags: ['type:helm-chart', `helm:${chart.type}`],
        targets: chartTargets(chart, options ?? {}),
      },
    },
  };
}

export const createNodesV2: CreateNodesV2<ChartkitPluginOptions> = [
  CHART_GLOB,
  (files, options, context) => createNodesFromFiles(createNodesForChart, files, options ?? {}, context),
];

/** Graph edges from file:// dependencies: consumer → chart it depends on. */
export const createDependencies: CreateDependencies<ChartkitPluginOptions> = (_options, context) => {
  const edges: RawProjectGraphDependency[] = [];
  const byRoot = new Map<string, string>();
  for (const [name, project] of Object.entries(context.projects)) byRoot.set(project.root, name);
  for (const [name, project] of Object.entries(context.projects)) {
    const file = path.join(project.root, 'Chart.yaml');
    if (!context.fileMap.projectFileMap[name]?.some((f) => f.file === file)) continue;
    for (const dep of readHeader(context.workspaceRoot, file).dependencies) {
      if (!dep.repository?.startsWith('file://')) continue;
      const targetRoot = path.normalize(path.join(project.root, dep.repository.slice('file://'.length)));
      const target = byRoot.get(targetRoot);
      if (target) edges.push({ source: name, target, type: DependencyType.static, sourceFile: file });
    }
  }
  return edges;
};
