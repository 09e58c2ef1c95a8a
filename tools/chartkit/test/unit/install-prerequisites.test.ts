import { describe, expect, it } from 'vitest';
import { parsePrerequisites, prerequisitesFor } from '../../src/install/prerequisites.ts';

const FILE = 'packages/x/demo/ci/prerequisites.yaml';

describe('ci/prerequisites.yaml', () => {
  it('reads namespaces, pinned CRD sets, manifests and per-scenario additions', () => {
    const p = parsePrerequisites(
      [
        'namespaces: [team-a]',
        'crds: [cert-manager]',
        'manifests:',
        '  - {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: processing-applications}, value: 100}',
        'scenarios:',
        '  existing-namespace:',
        '    namespaces: [aws-hyperpod]',
      ].join('\n'),
      FILE,
      ['cert-manager'],
      ['all', 'existing-namespace'],
    );
    expect(prerequisitesFor(p, 'all')).toEqual({ namespaces: ['team-a'], crds: ['cert-manager'], manifests: [expect.objectContaining({ kind: 'PriorityClass' })] });
    expect(prerequisitesFor(p, 'existing-namespace').namespaces).toEqual(['team-a', 'aws-hyperpod']);
  });

  it.each([
    ['crds: [istio]', `${FILE}: crds[0] "istio" is not a pinned CRD set; known: cert-manager (tools/chartkit/toolchain/versions.json platformCrds)`],
    ['namespace: [a]', `${FILE}: unknown key "namespace"; allowed: namespaces, crds, manifests, scenarios`],
    ['namespaces: [Team_A]', `${FILE}: namespaces[0] "Team_A" is not a valid namespace name`],
    ['manifests: [{kind: PriorityClass}]', `${FILE}: manifests[0] needs apiVersion, kind and metadata.name`],
    ['scenarios: {nope: {namespaces: [a]}}', `${FILE}: scenarios.nope: no ci/nope-values.yaml; known scenarios: all`],
    ['namespaces: [a', `${FILE}: invalid YAML`],
  ])('rejects %s with one line naming the file and key', (text, message) => {
    expect(() => parsePrerequisites(text, FILE, ['cert-manager'], ['all'])).toThrow(message);
  });
});
