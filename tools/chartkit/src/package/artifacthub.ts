import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { templateChart, valuesScenarios } from '../adapters/helm.ts';
import { addAnnotations, artifactHubAnnotations, CRD_EXAMPLES_DIR } from '../artifacthub/annotations.ts';
import { annotationProblems } from '../artifacthub/schema.ts';
import type { Chart } from '../core/chart.ts';
import { ChartkitError } from '../core/errors.ts';
import { parseManifests } from '../core/manifests.ts';
import type { Workspace } from '../core/workspace.ts';

/** The annotation of a chart whose defaults do not render (lint/run.ts reads the same one). */
const REQUIRES_VALUES = 'chartkit.dev/requires-values';
/** The release Artifact Hub's own dry run and chartkit's lint render with. */
const RENDER = { releaseName: 'dependencies', namespace: 'kube-system', includeCrds: true } as const;

function readJson(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** An npm `license` that is an SPDX expression (not UNLICENSED or "SEE LICENSE IN …"). */
function spdxLicense(pkg: Record<string, unknown> | undefined): string | undefined {
  const license = pkg?.license;
  if (typeof license !== 'string' || !license.trim()) return undefined;
  if (/^UNLICENSED$|^SEE LICEN[CS]E IN /i.test(license.trim())) return undefined;
  return license.trim();
}

/**
 * The values a chart is rendered with for its annotations: its defaults, or, for a chart that
 * cannot render without values (chartkit.dev/requires-values), its minimal ci/ scenario.
 */
function renderValues(chart: Chart): string[] {
  if (chart.annotations[REQUIRES_VALUES] !== 'true') return [];
  const scenarios = valuesScenarios(chart);
  const minimal = scenarios.find((f) => path.basename(f) === 'minimal-values.yaml') ?? scenarios[0];
  if (!minimal) throw new ChartkitError('CHART_CONTRACT', `${chart.relDir}/Chart.yaml: ${REQUIRES_VALUES} is set but ci/ has no *-values.yaml to render the Artifact Hub annotations with; add ci/minimal-values.yaml`);
  return [minimal];
}

/** The chart's ci/crd-examples/*.yaml, parsed (empty documents dropped). */
function readExamples(chart: Chart): { file: string; objects: unknown[] }[] {
  const dir = path.join(chart.dir, CRD_EXAMPLES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const rel = `${chart.relDir}/${CRD_EXAMPLES_DIR}/${f}`;
      const objects = parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((doc) => {
        if (doc.errors.length > 0) throw new ChartkitError('CHART_CONTRACT', `${rel}: invalid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix the syntax`);
        return doc.toJS() as unknown;
      });
      return { file: rel, objects: objects.filter((o) => o !== null && o !== undefined) };
    });
}

/**
 * The package step that writes Artifact Hub's annotations into the staged Chart.yaml (never the
 * chart's own): images and CRDs of the default render (an umbrella's: what its defaults enable),
 * examples from ci/crd-examples/, the license (the chart's package.json, else the workspace
 * root's), links (the chart's directory in the root package.json `repository`, and `home`).
 * Annotations the Chart.yaml already has are kept; the result is checked against Artifact Hub's
 * format. Deterministic, so packages stay reproducible.
 */
export function artifactHubStage(ws: Workspace, chart: Chart): (stagedChartDir: string) => Promise<void> {
  return async (staged) => {
    let manifests;
    if (chart.type !== 'library') {
      const valuesFiles = renderValues(chart);
      let text: string;
      try {
        text = await templateChart({ ...chart, dir: staged }, { ...RENDER, valuesFiles });
      } catch (error) {
        if (!(error instanceof ChartkitError)) throw error;
        const what = valuesFiles.length > 0 ? path.relative(chart.dir, valuesFiles[0]!) : 'its defaults';
        throw new ChartkitError('TOOL_FAILED', `${error.message.split('\n')[0]} (rendering ${what} for the Artifact Hub annotations); fix the chart (chartkit lint ${chart.name}), or set ${REQUIRES_VALUES}: "true" and give ci/minimal-values.yaml`, { details: error.details, cause: error });
      }
      // Tolerant: CRD copies as their owners publish them may hold YAML only Go's parser reads; only kind, metadata and spec are used.
      manifests = parseManifests(text, { tolerant: true });
    }
    const root = readJson(path.join(ws.root, 'package.json'));
    const own = readJson(path.join(chart.dir, 'package.json'));
    const home = chart.raw.home;
    const generated = artifactHubAnnotations({
      chart: { name: chart.name, relDir: chart.relDir, ...(typeof home === 'string' ? { home } : {}) },
      ...(manifests ? { manifests } : {}),
      examples: readExamples(chart),
      ...((spdxLicense(own) ?? spdxLicense(root)) ? { license: (spdxLicense(own) ?? spdxLicense(root))! } : {}),
      ...(root?.repository !== undefined ? { repository: root.repository } : {}),
    });
    const file = path.join(staged, 'Chart.yaml');
    const before = readFileSync(file, 'utf8');
    const after = addAnnotations(before, `${chart.relDir}/Chart.yaml`, generated);
    const annotations = ((parseYaml(after) as { annotations?: Record<string, unknown> } | null)?.annotations ?? {}) as Record<string, unknown>;
    const problems = annotationProblems(annotations);
    if (problems.length > 0) {
      const licenseHint = problems.some((p) => p.startsWith('artifacthub.io/license')) && !chart.annotations['artifacthub.io/license'] ? ' (the license comes from package.json)' : '';
      throw new ChartkitError('CHART_CONTRACT', `${chart.relDir}/Chart.yaml: Artifact Hub annotations: ${problems.join('; ')}${licenseHint}; fix them (https://artifacthub.io/docs/topics/annotations/helm/)`);
    }
    if (after !== before) writeFileSync(file, after);
  };
}
