import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTKIT_DIR } from '../helpers.ts';

/**
 * chartkit for a chart author outside this repository, as the README shows it: the packed npm
 * package run with npx in a scratch directory that is no workspace, on a chart made with
 * `helm create` plus the vendored CHAIMELEON helpers.
 */
let scratch: string;
let tarball: string;

async function npx(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  // Nx runs the tests with FORCE_COLOR, which Node warns about beside NO_COLOR: leave it out.
  const { FORCE_COLOR: _force, ...base } = process.env;
  const r = await execa('npx', ['--yes', `./${tarball}`, ...args], { cwd: scratch, reject: false, env: { ...base, NO_COLOR: '1' }, extendEnv: false });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function edit(file: string, fn: (text: string) => string): void {
  const p = path.join(scratch, file);
  writeFileSync(p, fn(readFileSync(p, 'utf8')));
}

beforeAll(async () => {
  // Outside the repository: no package.json with workspaces above it.
  scratch = mkdtempSync(path.join(os.tmpdir(), 'chartkit-author-'));
  const packed = await execa('npm', ['pack', '--pack-destination', scratch], { cwd: CHARTKIT_DIR });
  tarball = packed.stdout.trim().split('\n').pop()!;
  expect(readdirSync(scratch)).toContain(tarball);
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed chartkit, outside any workspace', () => {
  it('packs what it needs to run elsewhere: its build, sources, tool pins, the CHAIMELEON helpers', async () => {
    const list = await execa('tar', ['tzf', path.join(scratch, tarball)]);
    const files = String(list.stdout).split('\n');
    for (const f of ['package/bin/chartkit.mjs', 'package/src/cli/main.ts', 'package/toolchain/versions.json', 'package/toolchain/helm3/go.mod', 'package/assets/chaimeleon-common/_chaimeleonCommonHelpers.tpl', 'package/README.md']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('package/test/'))).toEqual([]);
    // one build of the CLI (scripts/build.mjs), the one the packed sources hash to
    const builds = [...new Set(files.map((f) => /^package\/dist\/([0-9a-f]{16})\//.exec(f)?.[1]).filter(Boolean))];
    expect(builds).toHaveLength(1);
    expect(files).toContain(`package/dist/${builds[0]}/cli.js`);
    expect(files).toContain('package/scripts/build.mjs');
    const helpers = readFileSync(path.resolve(CHARTKIT_DIR, '../../packages/chaimeleon/chaimeleon-common/templates/_chaimeleonCommonHelpers.tpl'), 'utf8');
    const packedHelpers = await execa('tar', ['xzOf', path.join(scratch, tarball), 'package/assets/chaimeleon-common/_chaimeleonCommonHelpers.tpl']);
    expect(String(packedHelpers.stdout).trim()).toBe(helpers.trim());
  });

  it('lints and tests a helm create chart with the vendored CHAIMELEON helpers, the operator rules included', async () => {
    expect((await npx(['helm', 'create', 'my-chart'])).exitCode).toBe(0);
    const vendored = await npx(['chaimeleon', 'vendor', './my-chart']);
    expect(vendored.exitCode, vendored.stderr).toBe(0);
    expect(readFileSync(path.join(scratch, 'my-chart/templates/_chaimeleonCommonHelpers.tpl'), 'utf8')).toMatch(/^\{\{\/\* Vendored from chaimeleon-common \d+\.\d+\.\d+/);

    // As helm create leaves it: the operator contract and the chart contract are reported.
    const raw = await npx(['lint', './my-chart', '--helm', '4']);
    expect(raw.exitCode).toBe(1);
    for (const rule of ['chart-contract', 'chaimeleon/tool-info', 'chaimeleon/image-source', 'chaimeleon/datasets-form']) expect(raw.stdout, rule).toContain(`[${rule}]`);

    // What an author does to honour it.
    edit('my-chart/Chart.yaml', (t) => `${t}maintainers:\n  - name: Ada Lovelace\n    email: ada@example.org\nannotations:\n  chartkit.dev/operator-managed-pods: "true"\n`);
    edit('my-chart/values.yaml', (t) => `${t.replace('repository: nginx', 'repository: harbor.chaimeleon-eu.i3m.upv.es/chaimeleon-library/ubuntu-python')}\ndatasets_list: ""\n`);
    edit('my-chart/templates/deployment.yaml', (t) =>
      t.replace(
        'labels:\n    {{- include "my-chart.labels" . | nindent 4 }}\nspec:',
        'labels:\n    {{- include "my-chart.labels" . | nindent 4 }}\n  annotations:\n    {{- include "chaimeleon.annotations.tool_info" . | nindent 4 }}\n    {{- include "chaimeleon.annotations.mount_datasets" . | nindent 4 }}\nspec:',
      ),
    );
    writeFileSync(
      path.join(scratch, 'my-chart/values.schema.json'),
      JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { datasets_list: { type: 'string', form: true, title: 'Dataset list' } } }),
    );
    mkdirSync(path.join(scratch, 'my-chart/tests'));
    writeFileSync(
      path.join(scratch, 'my-chart/tests/deployment_test.yaml'),
      [
        'suite: my-chart deployment',
        'templates:',
        '  - deployment.yaml',
        'chart:',
        '  version: 0.0.0-test',
        'tests:',
        '  - it: announces the tool to the CHAIMELEON operator',
        '    set:',
        '      datasets_list: "a,b"',
        '    asserts:',
        '      - equal:',
        '          path: metadata.annotations["chaimeleon.eu/toolName"]',
        '          value: my-chart',
        '      - equal:',
        '          path: metadata.annotations["chaimeleon.eu/datasetsIDs"]',
        '          value: "a,b"',
        '',
      ].join('\n'),
    );

    const lint = await npx(['lint', './my-chart']);
    expect(lint.stdout + lint.stderr).toMatch(/✓ my-chart: lint passed/);
    expect(lint.exitCode).toBe(0);
    const test = await npx(['test', './my-chart']);
    expect(test.stdout).toMatch(/✓ my-chart: 1 passed/);
    expect(test.exitCode).toBe(0);
    // lint and test leave the chart directory as it was (helm create's charts/ stays empty, no Chart.lock)
    expect(readdirSync(path.join(scratch, 'my-chart'))).not.toContain('Chart.lock');
    expect(readdirSync(path.join(scratch, 'my-chart/charts'))).toEqual([]);
  }, 600_000);

  it('refuses to vendor into a chart that carries upstream\'s ChaimeleonCommon submodule', async () => {
    expect((await npx(['helm', 'create', 'upstream-style'])).exitCode).toBe(0);
    mkdirSync(path.join(scratch, 'upstream-style/templates/ChaimeleonCommon'));
    copyFileSync(path.join(scratch, 'my-chart/templates/_chaimeleonCommonHelpers.tpl'), path.join(scratch, 'upstream-style/templates/ChaimeleonCommon/_chaimeleonCommonHelpers.tpl'));
    const r = await npx(['chaimeleon', 'vendor', './upstream-style']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe(
      "chartkit: upstream-style/templates/ChaimeleonCommon: the chart already has upstream's copy of the helpers (a git submodule); vendoring too would define every template twice. Remove it first: git rm templates/ChaimeleonCommon",
    );
    expect(readdirSync(path.join(scratch, 'upstream-style/templates'))).not.toContain('_chaimeleonCommonHelpers.tpl');
  }, 120_000);
});
