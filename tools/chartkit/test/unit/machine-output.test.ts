import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { Chart, ChartDependency } from '../../src/core/chart.ts';
import { mergeJUnit, parseJUnit } from '../../src/core/junit.ts';
import { workspaceFromCharts } from '../../src/core/workspace.ts';
import { keyPosition, locateFinding, renderedFile } from '../../src/lint/locate.ts';
import { renderValuesYaml, VALUES_MODELINE } from '../../src/schema/values-yaml.ts';
import { defineValues, h } from '../../src/schema/index.ts';
import { compileSchemas } from '../../src/schema/compile.ts';

/** The pure parts behind `--json`, `--junit` and the values.yaml modeline. */
const root = mkdtempSync(path.join(os.tmpdir(), 'chartkit-locate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function chart(name: string, deps: ChartDependency[] = []): Chart {
  return { name, version: '0.1.0', type: 'application', dependencies: deps, annotations: {}, dir: path.join(root, 'packages/g', name), relDir: `packages/g/${name}`, raw: {} };
}
const ws = workspaceFromCharts(root, [
  chart('lib'),
  chart('agent', [{ name: 'lib', version: '0.1.0', repository: 'file://../lib' }]),
  chart('stack', [
    { name: 'agent', version: '0.1.0', repository: 'file://../agent', alias: 'probe' },
    { name: 'redis', version: '19.0.0', repository: 'https://charts.example.com' },
  ]),
]);
const stack = ws.byName.get('stack')!;

describe('lint --json: where a finding points', () => {
  it('maps a rendered template, through aliased file:// subcharts, to the workspace file; a remote dependency has none', () => {
    expect(renderedFile(ws, stack, 'stack/templates/a.yaml')).toBe('packages/g/stack/templates/a.yaml');
    expect(renderedFile(ws, stack, 'stack/charts/probe/templates/b.yaml')).toBe('packages/g/agent/templates/b.yaml');
    expect(renderedFile(ws, stack, 'stack/charts/probe/charts/lib/templates/_x.tpl')).toBe('packages/g/lib/templates/_x.tpl');
    expect(renderedFile(ws, stack, 'stack/charts/redis/templates/c.yaml')).toBeUndefined();
    expect(renderedFile(ws, stack, 'other/templates/a.yaml')).toBeUndefined();
  });

  it('finds the line of a values key, keys with dots matched whole, else the deepest key there', () => {
    const text = 'image:\n  repository: x\n  tagg: y\nserviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn\n';
    expect(keyPosition(text, 'image.tagg')).toEqual({ line: 3, column: 3 });
    expect(keyPosition(text, 'serviceAccount.annotations.eks.amazonaws.com/role-arn')).toEqual({ line: 6, column: 5 });
    expect(keyPosition(text, 'image.missing')).toEqual({ line: 1, column: 1 });
    expect(keyPosition(text, 'nothing')).toBeUndefined();
    expect(keyPosition('a: [1', 'a')).toBeUndefined();
  });

  it('locates each kind of finding: values key, YAML error, Helm template position, rendered object, scenario', () => {
    mkdirSync(path.join(stack.dir, 'ci'), { recursive: true });
    writeFileSync(path.join(stack.dir, 'ci/all-values.yaml'), 'replicas: 2\nprobe:\n  enabled: true\n  bogus: 1\n');
    expect(locateFinding(ws, stack, { rule: 'values-schema', chart: 'stack', template: 'ci/all-values.yaml', message: 'probe.bogus: is not a known key' })).toEqual({
      file: 'packages/g/stack/ci/all-values.yaml',
      line: 4,
      column: 3,
    });
    expect(
      locateFinding(ws, stack, { rule: 'values-schema', chart: 'stack', template: 'ci/broken-values.yaml', message: 'packages/g/stack/ci/broken-values.yaml:2:1: Flow sequence …; fix the YAML' }),
    ).toEqual({ file: 'packages/g/stack/ci/broken-values.yaml', line: 2, column: 1 });
    expect(
      locateFinding(ws, stack, {
        rule: 'helm-lint',
        chart: 'stack',
        scenario: 'defaults',
        message: 'Helm 4 lint --strict failed: [ERROR] templates/: template: stack/charts/probe/templates/deployment.yaml:12:20: executing …',
      }),
    ).toEqual({ file: 'packages/g/agent/templates/deployment.yaml', line: 12, column: 20 });
    expect(locateFinding(ws, stack, { rule: 'kube-schema', chart: 'stack', scenario: 'defaults', template: 'stack/templates/svc.yaml', object: 'Service/x', message: 'spec.ports required' })).toEqual({
      file: 'packages/g/stack/templates/svc.yaml',
      template: 'stack/templates/svc.yaml',
    });
    expect(locateFinding(ws, stack, { rule: 'render', chart: 'stack', scenario: 'ci/all-values.yaml', message: "values don't meet the specifications of the schema(s)" })).toEqual({
      file: 'packages/g/stack/ci/all-values.yaml',
    });
    expect(locateFinding(ws, stack, { rule: 'helm-lint', chart: 'stack', scenario: 'ci/all-values.yaml', message: "[ERROR] values.yaml: - at '/image': additional properties" })).toEqual({
      file: 'packages/g/stack/ci/all-values.yaml',
    });
    expect(locateFinding(ws, stack, { rule: 'chart-contract', chart: 'stack', template: 'Chart.yaml', message: 'maintainers is missing' })).toEqual({ file: 'packages/g/stack/Chart.yaml' });
    expect(locateFinding(ws, stack, { rule: 'changeset', chart: 'stack', message: 'packaged files changed; add a changeset' })).toEqual({});
  });
});

const report = (suite: string, cases: string): string =>
  `<testsuites>\n\t<testsuite id="0" tests="2" failures="1" errors="0" package="" time="0.250" name="${suite}">\n\t\t<properties><property name="helm-unittest.version" value="1.6"></property></properties>\n${cases}\t</testsuite>\n</testsuites>\n`;

describe('test --junit: one report of every chart', () => {
  it('keeps every case, prefixes suite and class names with the chart, and totals the cases', () => {
    const a = report('labels', '\t\t<testcase classname="labels" name="sets the &#39;tier&#39;" time="0.1"></testcase>\n\t\t<testcase classname="labels" name="fails" time="0.15"><failure message="Error" type="">expected &lt;a&gt; &amp; &#34;b&#34;\n  got c</failure></testcase>\n');
    const b = report('labels', '\t\t<testcase classname="labels" name="errs" time="0.1"><error message="Error" type="">boom</error></testcase>\n\t\t<testcase classname="labels" name="skips" time="0"><skipped></skipped></testcase>\n');
    const merged = mergeJUnit([
      { chart: 'lib', xml: a },
      { chart: 'app', xml: b },
    ]);
    expect(merged.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="chartkit test" tests="4" failures="1" errors="1" skipped="1" time="0.500">')).toBe(true);
    const parsed = parseJUnit(merged);
    expect({ tests: parsed.tests, passed: parsed.passed, failed: parsed.failed, errored: parsed.errored, skipped: parsed.skipped }).toEqual({ tests: 4, passed: 1, failed: 1, errored: 1, skipped: 1 });
    expect(parsed.cases.map((c) => `${c.suite} › ${c.name}: ${c.status}`)).toEqual(["lib/labels › sets the 'tier': passed", 'lib/labels › fails: failed', 'app/labels › errs: errored', 'app/labels › skips: skipped']);
    expect(parsed.cases[1]!.message).toBe('expected <a> & "b"\n  got c');
    expect(merged).toContain('<testsuite id="1" tests="2" failures="1" errors="0" package="app" time="0.250" name="app/labels">');
    expect(merged).toContain('<testcase classname="app/labels" name="errs" time="0.1">');
    expect(merged).toContain('<property name="helm-unittest.version" value="1.6"/>');
  });

  it('writes an empty but valid report when there is nothing', () => {
    expect(parseJUnit(mergeJUnit([])).tests).toBe(0);
  });
});

describe('values.yaml: the yaml-language-server modeline', () => {
  const compiled = (def: ReturnType<typeof defineValues>) => {
    const c = chart('one');
    return compileSchemas(workspaceFromCharts(root, [c]), () => def, [c]).get('one')!;
  };

  it('is the first line, with and without values, and YAML reads it as a comment', () => {
    for (const def of [defineValues({ replicas: h.integer(1, 'Replicas.') }), defineValues({})]) {
      const text = renderValuesYaml(compiled(def).valuesSchema);
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=values.schema.json');
      expect(text.split('\n')[0]).toBe(VALUES_MODELINE);
    }
    expect(parse(renderValuesYaml(compiled(defineValues({ replicas: h.integer(1, 'Replicas.') })).valuesSchema))).toEqual({ replicas: 1 });
    expect(parse(renderValuesYaml(compiled(defineValues({})).valuesSchema))).toEqual({});
  });
});
