import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Chart } from '../core/chart.ts';
import { checkChartContract } from '../core/contract.ts';
import { parseManifests } from '../core/manifests.ts';
import type { Workspace } from '../core/workspace.ts';
import { HELM_LABEL, helmReason, lintChart, templateChart, valuesScenarios, type HelmMajor } from '../adapters/helm.ts';
import { kubernetesOpenApiDir, PINS } from '../adapters/toolchain.ts';
import { stagedChart } from '../adapters/stage.ts';
import type { CompiledChart } from '../schema/compile.ts';
import { docsFile, schemaFiles, staleFiles } from '../schema/generate.ts';
import { bestPracticeRules } from './rules/best-practices.ts';
import { chaimeleonRules } from './rules/chaimeleon.ts';
import { KubeSchemaValidator } from './kube-schema.ts';
import type { Finding, RenderRule, RenderedScenario } from './types.ts';
import { makeValuesValidator } from './values-check.ts';
import { ChartkitError } from '../core/errors.ts';
import { parsePrerequisites, PREREQUISITES_FILE } from '../install/prerequisites.ts';
import { scenarioName as installScenarioName } from '../install/plan.ts';
import { PLATFORM_CRD_SOURCES } from '../adapters/control-plane-tools.ts';
import type { Manifest } from '../core/manifests.ts';
import { compatLintFindings } from './compat.ts';
import { bumpGateFindings } from './bump-gate.ts';
import { readJsonFile, readYamlFile } from '../adapters/read-file.ts';

export const RENDER_RULES: RenderRule[] = [...bestPracticeRules, ...chaimeleonRules];

/**
 * A chart that cannot render without user input (a `required` value with no sensible default)
 * says so with this annotation: lint then expects the defaults to fail with a clear message and
 * lints and renders only its ci/ scenarios.
 */
export const REQUIRES_VALUES = 'chartkit.dev/requires-values';

/** Scenarios every application chart lints and renders besides its defaults. */
export const REQUIRED_SCENARIOS = ['minimal-values.yaml', 'all-values.yaml'];

export interface LintOptions {
  kubeVersion?: string;
  helms?: HelmMajor[];
  onStep?: (chart: Chart, step: string) => void;
}

export interface ChartLintResult {
  chart: Chart;
  findings: Finding[];
  /** What was checked, for the summary line. */
  checks: number;
}

let validatorPromise: Promise<KubeSchemaValidator> | undefined;
let validatorVersion: string | undefined;

export function kubeValidator(version: string = PINS.kubernetes.version): Promise<KubeSchemaValidator> {
  if (!validatorPromise || validatorVersion !== version) {
    validatorVersion = version;
    validatorPromise = kubernetesOpenApiDir(version).then((dir) => KubeSchemaValidator.fromDirectory(dir, version));
  }
  return validatorPromise;
}

/** The values files lint renders: the defaults (unless the chart requires values) and every ci/*-values.yaml. */
export function renderScenarios(chart: Chart): (string | undefined)[] {
  return chart.annotations[REQUIRES_VALUES] === 'true' ? valuesScenarios(chart) : [undefined, ...valuesScenarios(chart)];
}

function scenarioName(file: string | undefined): string {
  return file ? `ci/${path.basename(file)}` : 'defaults';
}

/** Lint one chart: contract, generated files, values, helm lint (Helm 4 and 3), Kubernetes schema, render rules. */
export async function lintOneChart(ws: Workspace, chart: Chart, compiled: Map<string, CompiledChart>, options: LintOptions = {}): Promise<ChartLintResult> {
  const findings: Finding[] = [];
  let checks = 0;
  const step = (s: string): void => options.onStep?.(chart, s);

  step('Chart.yaml contract');
  checks++;
  for (const p of checkChartContract(chart)) findings.push({ rule: 'chart-contract', chart: chart.name, template: 'Chart.yaml', message: `${p.key} ${p.message}` });

  step('ci/prerequisites.yaml');
  const prerequisites = path.join(chart.dir, PREREQUISITES_FILE);
  if (existsSync(prerequisites)) {
    checks++;
    try {
      parsePrerequisites(readFileSync(prerequisites, 'utf8'), PREREQUISITES_FILE, PLATFORM_CRD_SOURCES(), valuesScenarios(chart).map((f) => installScenarioName(f)));
    } catch (error) {
      if (!(error instanceof ChartkitError)) throw error;
      findings.push({ rule: 'chart-contract', chart: chart.name, template: PREREQUISITES_FILE, message: error.message.replace(`${PREREQUISITES_FILE}: `, '') });
    }
  }

  const c = compiled.get(chart.name);
  if (c) {
    step('generated files');
    checks++;
    for (const f of staleFiles([...schemaFiles(c), docsFile(ws, c)])) {
      findings.push({ rule: 'generated-fresh', chart: chart.name, template: path.relative(chart.dir, f.file), message: `is stale; run "npx chartkit ${f.kind === 'docs' ? 'docs' : 'schema'}" and commit the result` });
    }
    step('values vs schema');
    const validate = makeValuesValidator(c.schema);
    const files = [path.join(chart.dir, 'values.yaml'), ...valuesScenarios(chart)];
    for (const file of files) {
      if (!existsSync(file)) continue;
      checks++;
      const rel = path.relative(chart.dir, file);
      // A scenario overrides values.yaml; Helm validates the merge, and so do we (shallowly enough for closed schemas).
      const base = file.endsWith('values.yaml') && !file.includes(`${path.sep}ci${path.sep}`) ? {} : (readYamlFile(path.join(chart.dir, 'values.yaml'), `${chart.relDir}/values.yaml`) ?? {});
      let scenarioValues: unknown;
      try {
        scenarioValues = readYamlFile(file, `${chart.relDir}/${rel}`);
      } catch (error) {
        if (!(error instanceof ChartkitError)) throw error;
        findings.push({ rule: 'values-schema', chart: chart.name, template: rel, message: error.message });
        continue;
      }
      const values = deepMerge(base as Record<string, unknown>, (scenarioValues ?? {}) as Record<string, unknown>);
      for (const p of validate(values)) findings.push({ rule: 'values-schema', chart: chart.name, template: rel, message: `${p.key}: ${p.message}` });
    }
  }

  // The minimal and everything-on scenarios are this repository's convention (chartkit packages).
  if (chart.type === 'application' && chart.package) {
    checks++;
    const present = new Set(valuesScenarios(chart).map((f) => path.basename(f)));
    const missing = REQUIRED_SCENARIOS.filter((f) => !present.has(f));
    if (missing.length > 0) findings.push({ rule: 'ci-scenarios', chart: chart.name, message: `ci/ lacks ${missing.join(' and ')}; add the minimal and the everything-on scenarios (docs/chart-conventions.md)` });
  }

  // The values schema the render rules read: compiled from values.schema.ts, else a chart's own values.schema.json.
  const ownSchema = path.join(chart.dir, 'values.schema.json');
  const schema = c?.schema ?? (existsSync(ownSchema) ? (readJsonFile(ownSchema, `${chart.relDir}/values.schema.json`) as RenderedScenario['schema']) : undefined);

  // Everything below needs Helm and the chart's file:// dependencies: Helm reads a staged copy
  // (adapters/stage.ts), so the chart directory is never written and needs no lock.
  step('stage the chart with its dependencies');
  const helmChart = stagedChart(ws, chart);
  const scenarios = renderScenarios(chart);
  const rendered = new Map<string, Manifest[]>();
  await (async () => {
    const requiresValues = chart.annotations[REQUIRES_VALUES] === 'true';
    if (requiresValues) {
      step('defaults must ask for values');
      checks++;
      if (scenarios.length === 0) findings.push({ rule: 'requires-values', chart: chart.name, message: `${REQUIRES_VALUES} is set but ci/ has no *-values.yaml scenario to lint` });
      try {
        await templateChart(helmChart, { namespace: 'kube-system', releaseName: 'dependencies' });
        findings.push({ rule: 'requires-values', chart: chart.name, scenario: 'defaults', message: `${REQUIRES_VALUES} is set but the defaults render; remove the annotation` });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!/required|set |must|Unsupported/i.test(message)) {
          findings.push({ rule: 'requires-values', chart: chart.name, scenario: 'defaults', message: `defaults fail without saying which value to set: ${message}` });
        }
      }
    }
    for (const helmMajor of options.helms ?? (['helm', 'helm3'] as HelmMajor[])) {
      for (const file of scenarios) {
        step(`${HELM_LABEL[helmMajor]} lint ${scenarioName(file)}`);
        checks++;
        const result = await lintChart(helmChart, { helm: helmMajor, valuesFiles: file ? [file] : [], strict: true });
        if (result.exitCode !== 0) {
          const lines = result.all
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l && !/^==> Linting|chart\(s\) linted|^\[INFO\]/.test(l));
          findings.push({ rule: 'helm-lint', chart: chart.name, scenario: scenarioName(file), message: `${HELM_LABEL[helmMajor]} lint --strict failed: ${lines.join(' ') || helmReason(result)}` });
        }
      }
    }

    if (chart.type === 'application') {
      const validator = await kubeValidator(options.kubeVersion);
      for (const file of scenarios) {
        step(`render ${scenarioName(file)}`);
        let manifests;
        try {
          const text = await templateChart(helmChart, { valuesFiles: file ? [file] : [], includeCrds: true, namespace: 'kube-system', releaseName: 'dependencies' });
          step(`parse the rendered manifests ${scenarioName(file)}`);
          manifests = parseManifests(text);
        } catch (error) {
          const message = error instanceof ChartkitError ? error.message.replace(`${chart.name}: `, '') : (error as Error).message;
          findings.push({ rule: 'render', chart: chart.name, scenario: scenarioName(file), message });
          continue;
        }
        const scenario: RenderedScenario = { chart, scenario: scenarioName(file), manifests, ...(schema ? { schema } : {}) };
        rendered.set(scenario.scenario, manifests);
        step(`Kubernetes schema validation ${scenarioName(file)}`);
        const crds = validator.crdSchemasOf(manifests);
        for (const m of manifests) {
          checks++;
          const r = validator.validate(m.object, crds);
          const meta = (m.object.metadata ?? {}) as { name?: string };
          const object = `${String(m.object.kind)}/${meta.name ?? '?'}`;
          if (r.status === 'invalid') {
            for (const p of r.problems) findings.push({ rule: 'kube-schema', chart: chart.name, scenario: scenario.scenario, template: m.source, object, message: `${p.path} ${p.message} (Kubernetes ${validator.kubernetesVersion})` });
          }
        }
        step(`render rules ${scenarioName(file)}`);
        for (const rule of RENDER_RULES) {
          if (rule.appliesTo(chart, ws)) findings.push(...rule.check(scenario, ws));
        }
      }
    }
  })();
  step('compat with the last published version');
  checks++;
  findings.push(...(await compatLintFindings(ws, chart, scenarios, rendered)));
  step('a pending changeset for changed files');
  checks++;
  findings.push(...(await bumpGateFindings(ws, chart)));
  // The same problem found in several scenarios is reported once per scenario; drop exact repeats.
  const seen = new Set<string>();
  return { chart, checks, findings: findings.filter((f) => !seen.has(JSON.stringify(f)) && !!seen.add(JSON.stringify(f))) };
}

function deepMerge(a: unknown, b: unknown): unknown {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = k in out ? deepMerge(out[k], v) : v;
    return out;
  }
  return b;
}
