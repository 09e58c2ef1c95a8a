import { describe, expect, it } from 'vitest';
import { lockDigest, parseLock, requestedDependencies, rewriteLock } from '../../src/version/lock.ts';

describe('lockDigest', () => {
  it('matches the digests Helm wrote into real Chart.lock files', () => {
    const common = { name: 'hyperpod-common', version: '0.1.0', repository: 'file://../hyperpod-common' };
    // packages/hyperpod/*/Chart.lock, written by helm dependency build
    expect(lockDigest([common], [common])).toBe('sha256:5340ead0731b0ae605116aa06f24396d2285968e3ac0a2601941fac92d13f257');
    // an umbrella with a condition, written by helm dependency update --skip-refresh
    expect(lockDigest([{ name: 'worker', version: '0.3.0', repository: 'file://../worker', condition: 'worker.enabled' }], [{ name: 'worker', version: '0.3.0', repository: 'file://../worker' }])).toBe(
      'sha256:a39ad76ffd3fcf113ba73c00bcf9ca62363cd2cd7f581449175235231d0ee6dc',
    );
  });

  it('follows Go field order and omitempty, whatever order the YAML had', () => {
    const a = lockDigest([{ alias: 'x', condition: 'c', repository: 'file://a', version: '1.0.0', name: 'n' }], []);
    const b = lockDigest([{ name: 'n', version: '1.0.0', repository: 'file://a', condition: 'c', alias: 'x' }], []);
    expect(a).toBe(b);
    expect(lockDigest([{ name: 'n', enabled: false, tags: [] }], [])).toBe(lockDigest([{ name: 'n' }], []));
  });
});

describe('rewriteLock', () => {
  const lock = `dependencies:
- name: worker
  repository: file://../worker
  version: 0.2.0
- name: cert-manager
  repository: https://charts.jetstack.io
  version: v1.16.1
digest: sha256:old
generated: "2026-01-01T00:00:00Z"
`;
  const chart = `apiVersion: v2
name: stack
version: 1.0.1
dependencies:
  - name: worker
    version: 0.3.0
    repository: file://../worker
    condition: worker.enabled
  - name: cert-manager
    version: ~1.16.0
    repository: https://charts.jetstack.io
    condition: cert-manager.enabled
`;

  it('moves file:// entries to their new pins, keeps resolved remote versions and recomputes the digest', () => {
    const out = rewriteLock(lock, 'Chart.lock', chart, new Date('2026-02-03T04:05:06.000Z'));
    const parsed = parseLock(out, 'Chart.lock');
    expect(parsed.dependencies).toEqual([
      { name: 'worker', repository: 'file://../worker', version: '0.3.0' },
      { name: 'cert-manager', repository: 'https://charts.jetstack.io', version: 'v1.16.1' },
    ]);
    expect(parsed.digest).toBe(lockDigest(requestedDependencies(chart), parsed.dependencies));
    expect(out).toContain('generated: "2026-02-03T04:05:06.000Z"');
    expect(out.startsWith('dependencies:\n- name: worker\n  repository: file://../worker\n  version: 0.3.0\n')).toBe(true);
  });

  it('refuses a lock that lists other dependencies than Chart.yaml', () => {
    expect(() => rewriteLock(lock, 'packages/a/stack/Chart.lock', 'name: stack\ndependencies:\n  - name: worker\n    version: 0.3.0\n    repository: file://../worker\n')).toThrow(
      'packages/a/stack/Chart.lock: lists other dependencies than Chart.yaml; run "helm dependency update packages/a/stack" to regenerate it',
    );
  });
});
