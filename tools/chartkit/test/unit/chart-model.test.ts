import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadChart } from '../../src/adapters/workspace-files.ts';
import { checkChartContract } from '../../src/core/contract.ts';
import { selectCharts } from '../../src/core/workspace.ts';
import { loadWorkspace } from '../../src/adapters/workspace-files.ts';

const dirs: string[] = [];
function workspaceWith(charts: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'chartkit-model-'));
  dirs.push(root);
  for (const [name, yaml] of Object.entries(charts)) {
    mkdirSync(path.join(root, 'packages', 'g', name), { recursive: true });
    writeFileSync(path.join(root, 'packages', 'g', name, 'Chart.yaml'), yaml);
  }
  return root;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const GOOD = `apiVersion: v2
name: good
description: A good chart.
type: application
version: 1.0.0
appVersion: "1.0"
home: https://example.com
annotations:
  chartkit.dev/enabled-by-default: "true"
dependencies:
  - name: lib
    version: 0.1.0
    repository: file://../lib
    condition: good.enabled
`;

describe('chart model', () => {
  it('reads name, version, appVersion, type and dependencies', () => {
    const root = workspaceWith({ good: GOOD });
    const chart = loadChart(path.join(root, 'packages/g/good'), root);
    expect(chart).toMatchObject({ name: 'good', version: '1.0.0', appVersion: '1.0', type: 'application', relDir: 'packages/g/good' });
    expect(chart.dependencies).toEqual([{ name: 'lib', version: '0.1.0', repository: 'file://../lib', condition: 'good.enabled' }]);
  });

  it('fails with a one-line error naming the file when version is missing', () => {
    const root = workspaceWith({ bad: 'apiVersion: v2\nname: bad\ndescription: x\n' });
    expect(() => loadChart(path.join(root, 'packages/g/bad'), root)).toThrowError(/^packages\/g\/bad\/Chart\.yaml: missing required key "version"; add it/);
  });

  it('fails on invalid YAML naming the file', () => {
    const root = workspaceWith({ bad: 'name: [unclosed\n' });
    expect(() => loadChart(path.join(root, 'packages/g/bad'), root)).toThrowError(/packages\/g\/bad\/Chart\.yaml: invalid YAML/);
  });

  it('discovers every chart under packages/ and resolves names', () => {
    const root = workspaceWith({ good: GOOD, lib: 'apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n' });
    const ws = loadWorkspace(root);
    expect(ws.charts.map((c) => c.name)).toEqual(['good', 'lib']);
    expect(() => selectCharts(ws, ['no-such-chart'])).toThrowError('no chart named "no-such-chart" in this workspace; known charts: good, lib');
  });
});

describe('Chart.yaml contract', () => {
  it('accepts a complete chart', () => {
    const root = workspaceWith({ good: GOOD });
    expect(checkChartContract(loadChart(path.join(root, 'packages/g/good'), root))).toEqual([]);
  });

  it('reports each broken rule with its key', () => {
    const root = workspaceWith({
      other: `apiVersion: v1
name: renamed
version: one
type: app
annotations:
  count: 3
extra: true
`,
    });
    const problems = checkChartContract(loadChart(path.join(root, 'packages/g/other'), root));
    const byKey = Object.fromEntries(problems.map((p) => [p.key, p.message]));
    expect(byKey.apiVersion).toBe('must be "v2"');
    expect(byKey.description).toBe('is required');
    expect(byKey.version).toMatch(/must match pattern/);
    expect(byKey.type).toMatch(/must be equal to one of/);
    expect(byKey['annotations.count']).toBe('must be a string (quote the value)');
    expect(byKey.extra).toMatch(/is not a Chart.yaml key/);
    expect(byKey.home).toBe('or maintainers is required');
    expect(byKey.name).toBe('is "renamed" but the directory is "other"; they must be equal');
  });
});
