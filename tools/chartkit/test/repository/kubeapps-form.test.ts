import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHARTKIT_DIR } from '../helpers.ts';

/**
 * What a CHAIMELEON user sees in Kubeapps. Kubeapps 2.6 and later builds the deploy form from every
 * key of values.yaml (it no longer reads the "form": true hints), so a workstation's values.yaml
 * holds only what the user picks; the platform settings of chaimeleon-common stay in
 * values.schema.json (validated, documented) with no default, out of values.yaml.
 */
const CHAIMELEON = path.resolve(CHARTKIT_DIR, '../../packages/chaimeleon');
const workstations = readdirSync(CHAIMELEON).filter((d) => d !== 'chaimeleon-common');

describe.each(workstations)('%s in the Kubeapps form', (chart) => {
  const values = parse(readFileSync(path.join(CHAIMELEON, chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const schema = JSON.parse(readFileSync(path.join(CHAIMELEON, chart, 'values.schema.json'), 'utf8')) as {
    properties: Record<string, { form?: boolean; default?: unknown; properties?: Record<string, { default?: unknown; type?: string }> }>;
  };

  it('values.yaml offers the dataset list and the requests, nothing of the platform', () => {
    expect(Object.keys(values).sort()).toEqual(['datasets_list', 'requests']);
    expect(schema.properties.datasets_list).toMatchObject({ type: 'string', form: true, title: 'Dataset list' });
  });

  it('the platform settings are still accepted and documented, without a default', () => {
    const platform = schema.properties.chaimeleon!;
    expect(platform.form).toBeUndefined();
    for (const key of ['host', 'libraryUrl', 'dockerhubProxy', 'guacamoleUrl']) {
      expect(platform.properties![key], key).toMatchObject({ type: 'string' });
      expect(platform.properties![key]!.default, key).toBeUndefined();
    }
  });
});
