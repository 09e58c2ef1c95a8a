import { describe, expect, it } from 'vitest';
import { longestFirst } from '../../src/core/schedule.ts';

const charts = ['lib', 'a', 'b', 'umbrella', 'new'].map((name) => ({ name }));

describe('longestFirst', () => {
  it('starts the charts that took longest last time first, never-timed ones before all', () => {
    expect(longestFirst(charts, { lib: 100, a: 900, b: 300, umbrella: 12_000 }).map((c) => c.name)).toEqual(['new', 'umbrella', 'a', 'b', 'lib']);
  });

  it('keeps the given order without times, and for equal times', () => {
    expect(longestFirst(charts, {}).map((c) => c.name)).toEqual(['lib', 'a', 'b', 'umbrella', 'new']);
    expect(longestFirst(charts, { lib: 5, a: 5, b: 5, umbrella: 5, new: 5 }).map((c) => c.name)).toEqual(['lib', 'a', 'b', 'umbrella', 'new']);
  });
});
