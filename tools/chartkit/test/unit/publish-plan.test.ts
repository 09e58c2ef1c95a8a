import { describe, expect, it } from 'vitest';
import { IMMUTABLE_HINT, matchesCharts, planPublish, short, type PlannedChart, type RemoteState } from '../../src/publish/plan.ts';

const lib: PlannedChart = { name: 'base', version: '0.1.0', digest: 'a'.repeat(64) };
const sub: PlannedChart = { name: 'worker', version: '0.2.0', digest: 'b'.repeat(64), dependsOn: ['base'] };
const other: PlannedChart = { name: 'gateway', version: '0.3.0', digest: 'e'.repeat(64) };
const umbrella: PlannedChart = { name: 'stack', version: '1.0.0', digest: 'c'.repeat(64), dependsOn: ['worker', 'gateway'] };
const charts = [lib, sub, umbrella];

function remote(states: Record<string, RemoteState>): (c: PlannedChart, t: string) => RemoteState {
  return (c, t) => states[`${t}/${c.name}`] ?? { kind: 'absent' };
}

describe('planPublish', () => {
  it('pushes what a target does not have, in the given (dependency) order, chart by chart across targets', () => {
    const plan = planPublish(charts, [{ name: 'dist/repo' }, { name: 'ghcr' }], remote({}));
    expect(plan.steps.map((s) => `${s.chart.name}→${s.target}:${s.decision}`)).toEqual([
      'base→dist/repo:push',
      'base→ghcr:push',
      'worker→dist/repo:push',
      'worker→ghcr:push',
      'stack→dist/repo:push',
      'stack→ghcr:push',
    ]);
    expect(plan.held.size).toBe(0);
  });

  it('skips a version published with the same digest, whatever the digest notation', () => {
    const plan = planPublish(charts, [{ name: 'ghcr' }], remote({ 'ghcr/base': { kind: 'present', digest: `sha256:${'A'.repeat(64)}` } }));
    expect(plan.steps[0]).toMatchObject({ decision: 'skip', reason: 'base 0.1.0 is already in ghcr with the same digest sha256:aaaaaaaaaaaa' });
    expect(plan.steps.slice(1).map((s) => s.decision)).toEqual(['push', 'push']);
  });

  it('refuses a version published with other content and holds back what depends on it, not the others', () => {
    const plan = planPublish([lib, sub, other, umbrella], [{ name: 'ghcr' }], remote({ 'ghcr/worker': { kind: 'present', digest: 'd'.repeat(64) } }));
    const refused = plan.steps.find((s) => s.decision === 'refuse')!;
    expect(refused.chart.name).toBe('worker');
    expect(refused.reason).toBe(`worker 0.2.0 is already in ghcr with digest sha256:dddddddddddd but the package is sha256:bbbbbbbbbbbb; ${IMMUTABLE_HINT}`);
    expect(IMMUTABLE_HINT).toBe('published versions are immutable; bump the version with a changeset');
    expect([...plan.held]).toEqual([
      ['worker', 'refused in ghcr'],
      ['stack', 'depends on worker, which is not published (refused in ghcr)'],
    ]);
    expect(plan.steps.filter((s) => !plan.held.has(s.chart.name)).map((s) => `${s.chart.name}:${s.decision}`)).toEqual(['base:push', 'gateway:push']);
  });

  it('turns a failed lookup into a failed step carrying the message', () => {
    const plan = planPublish([lib], [{ name: 'ghcr' }], remote({ 'ghcr/base': { kind: 'error', message: 'lookup failed: connection refused' } }));
    expect(plan.steps).toEqual([{ chart: lib, target: 'ghcr', decision: 'fail', reason: 'lookup failed: connection refused' }]);
    expect(plan.held.size).toBe(0);
  });

  it('publishes to a target only the charts its patterns match', () => {
    const targets = [{ name: 'all' }, { name: 'workers', charts: ['work*', 'nothing-else'] }];
    const plan = planPublish(charts, targets, remote({}));
    expect(plan.steps.filter((s) => s.target === 'workers').map((s) => s.chart.name)).toEqual(['worker']);
    expect(plan.steps.filter((s) => s.target === 'all')).toHaveLength(3);
  });

  it('is pure: the same input gives the same plan and nothing is mutated', () => {
    const input = structuredClone(charts);
    const a = planPublish(input, [{ name: 't' }], remote({}));
    const b = planPublish(input, [{ name: 't' }], remote({}));
    expect(a).toEqual(b);
    expect(input).toEqual(charts);
  });

  it('handles an empty selection', () => {
    expect(planPublish([], [{ name: 't' }], remote({}))).toEqual({ steps: [], held: new Map() });
  });
});

describe('matchesCharts', () => {
  it('matches exact names and * wildcards, and everything without patterns', () => {
    expect(matchesCharts('desktop-tensorflow', ['chaimeleon-*', 'desktop-*'])).toBe(true);
    expect(matchesCharts('jupyter-tensorflow', ['chaimeleon-*', 'desktop-*'])).toBe(false);
    expect(matchesCharts('mlflow', ['mlflow'])).toBe(true);
    expect(matchesCharts('mlflow2', ['mlflow'])).toBe(false);
    expect(matchesCharts('a.b', ['a*b'])).toBe(true);
    expect(matchesCharts('axb', ['a.b'])).toBe(false);
    expect(matchesCharts('anything', undefined)).toBe(true);
    expect(matchesCharts('anything', [])).toBe(true);
  });
});

describe('short', () => {
  it('shows 12 hex digits with the algorithm', () => {
    expect(short('0123456789abcdef'.repeat(4))).toBe('sha256:0123456789ab');
    expect(short(`sha256:${'F'.repeat(64)}`)).toBe('sha256:ffffffffffff');
  });
});
