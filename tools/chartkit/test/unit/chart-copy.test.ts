import { describe, expect, it } from 'vitest';
import { leftOutOfChartCopy } from '../../src/core/chart-copy.ts';

const local = { dependencies: [{ name: 'hyperpod-common', version: '1.0.0', repository: 'file://../hyperpod-common' }] };
const remote = { dependencies: [{ name: 'x', version: '1.0.0', repository: 'https://charts.example.com' }] };

describe('what a chart copy for Helm leaves out', () => {
  it('leaves out dependency builds, installs and VCS data, keeps the chart', () => {
    for (const p of ['charts', 'charts/hyperpod-common-1.0.0.tgz', 'tmpcharts-123', 'node_modules/x', '.git']) expect(leftOutOfChartCopy(local, p), p).toBe(true);
    for (const p of ['Chart.yaml', 'values.yaml', 'templates/deployment.yaml', 'templates/charts.yaml', 'files/crds/a.yaml', 'tests/a_test.yaml']) expect(leftOutOfChartCopy(local, p), p).toBe(false);
  });

  it('leaves out a Chart.lock only when it pins nothing but file:// dependencies', () => {
    expect(leftOutOfChartCopy(local, 'Chart.lock')).toBe(true);
    expect(leftOutOfChartCopy(remote, 'Chart.lock')).toBe(false);
  });
});
