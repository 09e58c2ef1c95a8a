import { describe, expect, it } from 'vitest';
import { dnsLabel, planInstallTests, scenarioName } from '../../src/install/plan.ts';

describe('install-test plan', () => {
  it('runs every ci scenario with Helm 4 and Helm 3, each in a namespace of its own', () => {
    const runs = planInstallTests([{ chart: 'mlflow', valuesFiles: ['/x/ci/all-values.yaml', '/x/ci/minimal-values.yaml'], hasTests: false }], ['helm', 'helm3']);
    expect(runs.map((r) => `${r.scenario}/${r.helm}/${r.namespace}`)).toEqual([
      'all/helm/it-mlflow-all-h4',
      'all/helm3/it-mlflow-all-h3',
      'minimal/helm/it-mlflow-minimal-h4',
      'minimal/helm3/it-mlflow-minimal-h3',
    ]);
    expect(new Set(runs.map((r) => r.namespace)).size).toBe(4);
    expect(runs[0]!.steps).toEqual(['prerequisites', 'install', 'upgrade', 'upgrade --reuse-values', 'rollback', 'uninstall', 'leftovers']);
  });

  it('installs the defaults when a chart has no ci scenario, and runs helm test only for charts with test hooks', () => {
    const [run] = planInstallTests([{ chart: 'demo', valuesFiles: [], hasTests: true }], ['helm']);
    expect(run!.scenario).toBe('default');
    expect(run!.valuesFile).toBeUndefined();
    expect(run!.steps).toContain('test');
    expect(run!.steps.indexOf('test')).toBe(run!.steps.indexOf('install') + 1);
  });

  it('keeps namespaces valid DNS labels, unique when long names are cut', () => {
    const a = dnsLabel('it-a-very-long-chart-name-that-goes-on-and-on-forever-scenario-one-h4', 63);
    const b = dnsLabel('it-a-very-long-chart-name-that-goes-on-and-on-forever-scenario-two-h4', 63);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(a).not.toBe(b);
    expect(scenarioName('/c/ci/existing-namespace-values.yaml')).toBe('existing-namespace');
  });
});
