import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/testing/index.ts';
import appValues from '../fixtures/basic/packages/demo/app/values.schema.ts';
import { FIXTURES } from '../helpers.ts';

const appDir = path.join(FIXTURES, 'basic/packages/demo/app');

describe('renderChart with typed values', () => {
  it('renders with the given values through Helm', async () => {
    const r = await renderChart(appValues, appDir, { replicas: 3, image: { tag: '1.28.0' } });
    const deployment = r.get('Deployment') as { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } };
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0]!.image).toBe('nginx:1.28.0');
  });

  it('turns a wrong key or type into a compile error (checked by typecheck) and a schema error from Helm', async () => {
    // @ts-expect-error replicas is an integer, not a string
    await expect(renderChart(appValues, appDir, { replicas: 'two' })).rejects.toThrow(/replicas/);
    // @ts-expect-error "replica" is not a key of the chart's values
    await expect(renderChart(appValues, appDir, { replica: 2 })).rejects.toThrow(/replica/);
  });
});
