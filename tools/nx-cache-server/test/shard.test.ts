import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script of the CI workflow, typed by its JSDoc
import { shard } from '../../../.github/scripts/shard.mjs';
import { REPO } from './helpers.ts';

/** .github/scripts/shard.mjs: how CI splits the affected projects across runners that share this cache. */
type Shard = { index: number; total: number; projects: string };
const split = shard as (projects: string[], maxShards: number, perShard: number) => Shard[];

describe('CI sharding', () => {
  it('deals the projects round-robin in name order into at most maxShards shards of about perShard', () => {
    const projects = ['mlflow', 'storage', 'deep-health-check', 'hyperpod-patching', 'chartkit', 'mpi-operator', 'job-auto-restart'];
    expect(split(projects, 4, 3)).toEqual([
      { index: 1, total: 3, projects: 'chartkit,job-auto-restart,storage' },
      { index: 2, total: 3, projects: 'deep-health-check,mlflow' },
      { index: 3, total: 3, projects: 'hyperpod-patching,mpi-operator' },
    ]);
    expect(split(projects, 2, 1).map((s) => s.projects.split(',').length)).toEqual([4, 3]);
    expect(split(projects, 4, 10)).toHaveLength(1);
  });

  it('always one shard, even with nothing affected; duplicates count once; bad numbers are refused', () => {
    expect(split([], 4, 6)).toEqual([{ index: 1, total: 1, projects: '' }]);
    expect(split(['a', 'a', 'b'], 4, 1)).toEqual([
      { index: 1, total: 2, projects: 'a' },
      { index: 2, total: 2, projects: 'b' },
    ]);
    expect(() => split(['a'], 0, 6)).toThrow(/maxShards must be a positive integer/);
  });

  it('as a command: the JSON of nx show projects on stdin, the matrix on stdout; one-line error on bad input', () => {
    const script = path.join(REPO, '.github/scripts/shard.mjs');
    const ok = spawnSync(process.execPath, [script, '2', '1'], { input: '["b","a","c"]', encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([
      { index: 1, total: 2, projects: 'a,c' },
      { index: 2, total: 2, projects: 'b' },
    ]);
    const bad = spawnSync(process.execPath, [script], { input: 'a b c', encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^shard: stdin is not the JSON list of `nx show projects --json` \(.*\)\n$/);
  });
});
