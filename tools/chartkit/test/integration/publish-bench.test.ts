import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchPublish } from '../../src/publish/bench.ts';
import { removeScratch, scratchCopy } from '../helpers.ts';

let ws: string;
beforeAll(() => {
  ws = scratchCopy('release');
});
afterAll(() => removeScratch(ws));

describe('benchPublish', () => {
  it('times a first publish, a no-op rerun and a raw helm push loop against fresh registries', async () => {
    const before = { ...process.env };
    const r = await benchPublish({ workspace: ws });
    expect(r.charts).toBe(3);
    for (const k of ['packageMs', 'firstRunMs', 'noopRunMs', 'helmPushLoopMs', 'firstLookupMs', 'firstPushMs'] as const) {
      expect(r[k], k).toBeGreaterThan(0);
    }
    // the rerun only looks up; it is much cheaper than pushing
    expect(r.noopRunMs).toBeLessThan(r.firstRunMs);
    expect(process.env.HELM_REGISTRY_CONFIG).toBe(before.HELM_REGISTRY_CONFIG);
  });
});
