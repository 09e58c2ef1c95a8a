import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { chartkit, edit, removeScratch, scratchCopy } from '../helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeScratch(d);
});
function workspace(): string {
  const d = scratchCopy('umbrella');
  dirs.push(d);
  return d;
}

/** Every file under a directory with its content, to prove a failed generator wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (e === 'charts' || e === 'Chart.lock') continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('chartkit new subchart', () => {
  it('creates a package that lints and tests clean and registers it in the umbrella', async () => {
    const ws = workspace();
    const r = await chartkit(ws, ['new', 'subchart', 'demo-addon', '--description', 'Demo add-on.']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const chartYaml = readFileSync(path.join(ws, 'packages/stack/stack/Chart.yaml'), 'utf8');
    expect(chartYaml).toContain('# Every subchart, switched by its condition.');
    expect(chartYaml).toContain('condition: agent.enabled # on by default');
    expect(chartYaml).toMatch(/- name: demo-addon\n {4}version: 0\.1\.0\n {4}repository: file:\/\/\.\.\/demo-addon\n {4}condition: demo-addon\.enabled/);
    expect(JSON.parse(readFileSync(path.join(ws, 'packages/stack/stack/package.json'), 'utf8')).dependencies).toEqual({ agent: '0.2.0', 'demo-addon': '0.1.0' });
    expect(readFileSync(path.join(ws, 'packages/stack/stack/values.yaml'), 'utf8')).toMatch(/demo-addon:\n {2}# Install demo-addon\.\n {2}enabled: false/);
    expect(readFileSync(path.join(ws, 'packages/stack/stack/README.md'), 'utf8')).toContain('| [Demo addon](../demo-addon/README.md) | Demo add-on. | No | `demo-addon.enabled` |');

    const lint = await chartkit(ws, ['lint', '--helm', '4']);
    expect(lint.stdout).toContain('✓ demo-addon: lint passed');
    expect(lint.stdout).toContain('✓ stack: lint passed');
    expect(lint.exitCode).toBe(0);
    const test = await chartkit(ws, ['test']);
    expect(test.stdout).toContain('✓ demo-addon: 3 passed');
    expect(test.exitCode).toBe(0);

    // lint and test never write into chart directories: render the package, as users install it
    const packaged = await chartkit(ws, ['package', 'stack', '-d', path.join(ws, 'out')]);
    expect(packaged.exitCode, packaged.stderr).toBe(0);
    const umbrella = path.join(ws, 'out', readdirSync(path.join(ws, 'out')).find((f) => f.startsWith('stack-'))!);
    const helm = await resolveTool('helm');
    const on = await execa(helm.path, ['template', 'x', umbrella, '--set', 'demo-addon.enabled=true']);
    expect(on.stdout).toContain('# Source: stack/charts/demo-addon/templates/serviceaccount.yaml');
    const off = await execa(helm.path, ['template', 'x', umbrella]);
    expect(off.stdout).not.toContain('demo-addon');
    const typo = await execa(helm.path, ['template', 'x', umbrella, '--set', 'demo-addon.enable=true'], { reject: false });
    expect(typo.exitCode).not.toBe(0);
    expect(typo.stderr).toContain("additional properties 'enable' not allowed");
  });

  it('refuses an invalid name with one line and writes nothing', async () => {
    const ws = workspace();
    const before = snapshot(ws);
    const r = await chartkit(ws, ['new', 'subchart', 'Bad_Name']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('chartkit: chart name "Bad_Name" is invalid: use lower-case letters, digits and "-", start and end with a letter or digit, at most 53 characters (e.g. bad-name)');
    expect(snapshot(ws)).toEqual(before);
  });

  it('refuses a taken name', async () => {
    const ws = workspace();
    const r = await chartkit(ws, ['new', 'subchart', 'agent']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('chartkit: chart name "agent" is taken by packages/stack/agent; choose another name');
  });

  it('puts everything back when a later step fails', async () => {
    const ws = workspace();
    edit(path.join(ws, 'packages/stack/stack/values.schema.ts'), (t) => `${t}\nthrow new Error('broken schema');\n`);
    const before = snapshot(ws);
    const r = await chartkit(ws, ['new', 'subchart', 'demo-addon']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('packages/stack/stack/values.schema.ts: cannot load (broken schema)');
    expect(existsSync(path.join(ws, 'packages/stack/demo-addon'))).toBe(false);
    expect(snapshot(ws)).toEqual(before);
  });
});
