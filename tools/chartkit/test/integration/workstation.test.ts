import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { CHARTKIT_DIR, chartkit } from '../helpers.ts';

/** A workspace holding copies of this repository's CHAIMELEON charts, where generators may write. */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
let ws: string;

beforeAll(() => {
  mkdirSync(path.join(CHARTKIT_DIR, '.scratch'), { recursive: true });
  ws = mkdtempSync(path.join(CHARTKIT_DIR, '.scratch', 'chaimeleon-'));
  writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', workspaces: ['packages/*/*'] }));
  cpSync(path.join(REPO, 'packages/chaimeleon'), path.join(ws, 'packages/chaimeleon'), { recursive: true, filter: (src) => !/\/charts$|Chart\.lock$/.test(src) });
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('chartkit new workstation', () => {
  it('generates a desktop chart that passes lint (operator contract included) and tests in the same run', async () => {
    const r = await chartkit(ws, ['new', 'workstation', 'desktop-pytorch', '--type', 'desktop', '--image', 'ubuntu-python-pytorch-desktop']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const chartYaml = readFileSync(path.join(ws, 'packages/chaimeleon/desktop-pytorch/Chart.yaml'), 'utf8');
    expect(chartYaml).toContain('name: desktop-pytorch');
    expect(chartYaml).toMatch(/^version: "?0\.1\.0"?$/m);
    const lint = await chartkit(ws, ['lint', 'desktop-pytorch', '--helm', '4']);
    expect(lint.stdout).toContain('✓ desktop-pytorch: lint passed');
    const test = await chartkit(ws, ['test', 'desktop-pytorch']);
    expect(test.stdout).toMatch(/✓ desktop-pytorch: \d+ passed/);
    // lint and test never write into the chart directory: render the package, as users install it
    const packaged = await chartkit(ws, ['package', 'desktop-pytorch', '-d', path.join(ws, 'out')]);
    expect(packaged.exitCode, packaged.stderr).toBe(0);
    expect(existsSync(path.join(ws, 'packages/chaimeleon/desktop-pytorch/charts'))).toBe(false);
    const helm = await resolveTool('helm');
    const rendered = await execa(helm.path, ['template', 'x', path.join(ws, 'out/desktop-pytorch-0.1.0.tgz'), '--set-string', 'datasets_list=a\\,b']);
    expect(rendered.stdout).toContain('image: "harbor.chaimeleon-eu.i3m.upv.es/chaimeleon-library/ubuntu-python-pytorch-desktop:');
    expect(rendered.stdout).toContain('chaimeleon.eu/toolName: "desktop-pytorch"');
    expect(rendered.stdout).toContain('chaimeleon.eu/datasetsIDs: "a,b"');
  });

  it('generates a webapp (Jupyter) chart', async () => {
    const r = await chartkit(ws, ['new', 'workstation', 'jupyter-pytorch', '--type', 'webapp']);
    expect(r.exitCode).toBe(0);
    const test = await chartkit(ws, ['test', 'jupyter-pytorch']);
    expect(test.exitCode).toBe(0);
  });

  it('a generated chart with the contract broken by hand fails lint with the rule id', async () => {
    rmSync(path.join(ws, 'packages/chaimeleon/desktop-pytorch/templates/service.yaml'));
    const lint = await chartkit(ws, ['lint', 'desktop-pytorch', '--helm', '4']);
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toMatch(/Deployment\/[a-z0-9-]+: no Service named "[a-z0-9-]+"; the operator connects to <deployment>\.<namespace>\.svc:5900 \[chaimeleon\/desktop-service\]/);
  });

  it('refuses a bad name or type with one line and writes nothing', async () => {
    const bad = await chartkit(ws, ['new', 'workstation', 'My_Desktop', '--type', 'desktop']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^chartkit: chart name "My_Desktop" is invalid/);
    const type = await chartkit(ws, ['new', 'workstation', 'other', '--type', 'vnc']);
    expect(type.stderr.trim()).toBe('chartkit: --type vnc: use desktop (remote desktop through Guacamole) or webapp (Jupyter in the desktop)');
    expect(existsSync(path.join(ws, 'packages/chaimeleon/other'))).toBe(false);
    expect(existsSync(path.join(ws, 'packages/chaimeleon/My_Desktop'))).toBe(false);
  });
});

describe('chartkit chaimeleon vendor', () => {
  it('copies the helpers into a chart without the library, which then renders the operator annotations', async () => {
    const dir = path.join(ws, 'vendored');
    mkdirSync(path.join(dir, 'templates'), { recursive: true });
    writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: vendored\nversion: 1.0.0\n');
    writeFileSync(path.join(dir, '.helmignore'), '*.tgz\n');
    writeFileSync(path.join(dir, 'templates/deployment.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    {{- include "chaimeleon.annotations" . | nindent 4 }}\n');
    const r = await chartkit(ws, ['chaimeleon', 'vendor', dir]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(path.join(dir, '.helmignore'), 'utf8')).toBe('*.tgz\n# CHAIMELEON helpers checked out as a git submodule\ntemplates/ChaimeleonCommon/.git\ntemplates/ChaimeleonCommon/README.md\n');
    expect(readFileSync(path.join(dir, 'templates/_chaimeleonCommonHelpers.tpl'), 'utf8')).toMatch(/^\{\{\/\* Vendored from chaimeleon-common \d+\.\d+\.\d+ by "chartkit chaimeleon vendor"/);
    const helm = await resolveTool('helm');
    const out = await execa(helm.path, ['template', 'x', dir]);
    expect(out.stdout).toContain('chaimeleon.eu/toolName: "vendored"');
    expect(out.stdout).toContain('chaimeleon.eu/createGuacamoleConnection: "true"');
    // Idempotent: a second run changes nothing.
    await chartkit(ws, ['chaimeleon', 'vendor', dir]);
    expect(readFileSync(path.join(dir, '.helmignore'), 'utf8').match(/ChaimeleonCommon\/\.git/g)).toHaveLength(1);
  });

  it('refuses a chart that already depends on the library', async () => {
    const r = await chartkit(ws, ['chaimeleon', 'vendor', path.join(ws, 'packages/chaimeleon/desktop-tensorflow')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('chartkit: packages/chaimeleon/desktop-tensorflow: already depends on chaimeleon-common; vendoring too would define every template twice. Remove the dependency first');
  });
});
