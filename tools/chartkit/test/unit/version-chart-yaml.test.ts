import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { changesAnnotationValue, editChartYaml } from '../../src/version/chart-yaml.ts';

const CHART = `apiVersion: v2
name: stack
description: Umbrella.
type: application
# Kept in step with package.json by \`chartkit version\`.
version: "1.0.0" # quoted on purpose
appVersion: "1.0.0"
annotations:
  chartkit.dev/display-name: Stack
dependencies:
  - name: worker # pinned by chartkit version
    version: 0.2.0
    repository: file://../worker
    condition: worker.enabled
  - name: cert-manager
    version: 0.2.0
    repository: https://charts.jetstack.io
`;

describe('editChartYaml', () => {
  it('changes only the values asked for, keeping comments, quoting and key order', () => {
    const out = editChartYaml(CHART, 'Chart.yaml', { version: '1.0.1', pins: { worker: '0.3.0', 'cert-manager': '9.9.9' } });
    expect(out).toBe(CHART.replace('version: "1.0.0"', 'version: "1.0.1"').replace('    version: 0.2.0\n    repository: file://../worker', '    version: 0.3.0\n    repository: file://../worker'));
    // the remote dependency is not a file:// pin and stays
    expect(out).toContain('    version: 0.2.0\n    repository: https://charts.jetstack.io');
  });

  it('returns the very same text when nothing changes', () => {
    expect(editChartYaml(CHART, 'Chart.yaml', { version: '1.0.0', pins: { worker: '0.2.0' } })).toBe(CHART);
    expect(editChartYaml(CHART, 'Chart.yaml', {})).toBe(CHART);
  });

  it('writes artifacthub.io/changes as a block string holding a YAML list, after the existing annotations', () => {
    const changes = ['Read the queue name from values.', 'Updated dependencies: worker@0.3.0', 'Fix "quotes" and #hashes'];
    const out = editChartYaml(CHART, 'Chart.yaml', { changes });
    expect(out).toContain(
      [
        'annotations:',
        '  chartkit.dev/display-name: Stack',
        '  artifacthub.io/changes: |',
        '    - Read the queue name from values.',
        '    - "Updated dependencies: worker@0.3.0"',
        `    - 'Fix "quotes" and #hashes'`,
        'dependencies:',
      ].join('\n'),
    );
    const annotation = (parse(out) as { annotations: Record<string, string> }).annotations['artifacthub.io/changes']!;
    expect(parse(annotation)).toEqual(changes);
    expect(annotation).toBe(changesAnnotationValue(changes));
    // a second run with the same changes is a no-op
    expect(editChartYaml(out, 'Chart.yaml', { changes })).toBe(out);
  });

  it('adds an annotations map when the chart has none', () => {
    const out = editChartYaml('apiVersion: v2\nname: a\nversion: 0.1.0\n', 'Chart.yaml', { version: '0.2.0', changes: ['First release.'] });
    expect(out).toBe('apiVersion: v2\nname: a\nversion: 0.2.0\nannotations:\n  artifacthub.io/changes: |\n    - First release.\n');
  });

  it('names the file when the YAML is broken', () => {
    expect(() => editChartYaml('name: [', 'packages/x/y/Chart.yaml', { version: '1.0.0' })).toThrow(/^packages\/x\/y\/Chart.yaml: invalid YAML/);
  });
});
