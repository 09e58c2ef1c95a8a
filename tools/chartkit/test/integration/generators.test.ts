import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { CHARTKIT_DIR, chartkit, edit, removeScratch, scratchCopy } from '../helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeScratch(d);
});
function workspace(): string {
  const d = scratchCopy('umbrella');
  dirs.push(d);
  return d;
}

/** A workspace holding copies of this repository's HyperPod charts: an umbrella whose library (hyperpod-common) new subcharts use. */
function hyperpodWorkspace(): string {
  mkdirSync(path.join(CHARTKIT_DIR, '.scratch'), { recursive: true });
  const d = mkdtempSync(path.join(CHARTKIT_DIR, '.scratch', 'hyperpod-'));
  dirs.push(d);
  writeFileSync(path.join(d, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', workspaces: ['packages/*/*'] }));
  cpSync(path.resolve(CHARTKIT_DIR, '../../packages/hyperpod'), path.join(d, 'packages/hyperpod'), { recursive: true, filter: (src) => !/\/charts$|Chart\.lock$/.test(src) });
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

    // The namespace convention: {name, create}, an empty name meaning the release namespace. Without
    // a library the chart cannot tell when it is inside the umbrella, so create defaults to false.
    const addon = path.join(ws, 'packages/stack/demo-addon');
    expect(readFileSync(path.join(addon, 'values.schema.ts'), 'utf8')).toMatch(/namespace: h\.namespace\(\n {4}\{\n {6}name: '',\n {6}create: false,\n {6}releaseNamespace: true,\n {6}createDescription:/);
    expect(parseYaml(readFileSync(path.join(addon, 'values.yaml'), 'utf8')).namespace).toEqual({ name: '', create: false });
    expect(readFileSync(path.join(addon, 'templates/_helpers.tpl'), 'utf8')).toContain('{{- .Values.namespace.name | default .Release.Namespace -}}');
    expect(parseYaml(readFileSync(path.join(addon, 'ci/all-values.yaml'), 'utf8')).namespace).toEqual({ name: 'team-a', create: true });
    for (const suite of ['serviceaccount_test.yaml', 'namespace_test.yaml']) {
      expect(parseYaml(readFileSync(path.join(addon, 'tests', suite), 'utf8')).chart).toEqual({ version: '0.0.0-test' });
    }
    expect(existsSync(path.join(ws, 'packages/stack/stack/templates/namespaces.yaml'))).toBe(false);

    const lint = await chartkit(ws, ['lint', '--helm', '4']);
    expect(lint.stdout).toContain('✓ demo-addon: lint passed');
    expect(lint.stdout).toContain('✓ stack: lint passed');
    expect(lint.exitCode).toBe(0);
    const test = await chartkit(ws, ['test']);
    expect(test.stdout).toContain('✓ demo-addon: 7 passed');
    expect(test.stdout).toContain('✓ stack: 1 passed');
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
    const own = await execa(helm.path, ['template', 'x', umbrella, '--namespace', 'kube-system', '--set', 'demo-addon.enabled=true', '--set', 'demo-addon.namespace.name=team-a', '--set', 'demo-addon.namespace.create=true']);
    expect(own.stdout).toMatch(/# Source: stack\/charts\/demo-addon\/templates\/namespace\.yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n {2}name: team-a\n/);
    expect(own.stdout).toMatch(/kind: ServiceAccount\nmetadata:\n {2}name: demo-addon\n {2}namespace: team-a\n/);
    const used = await execa(helm.path, ['template', 'x', umbrella, '--set', 'demo-addon.enabled=true', '--set', 'demo-addon.namespace.name=team-a']);
    expect(used.stdout).not.toContain('kind: Namespace');
    // the old plain-string shape is not accepted
    const oldShape = await execa(helm.path, ['template', 'x', umbrella, '--set', 'demo-addon.enabled=true', '--set', 'demo-addon.namespace=team-a'], { reject: false });
    expect(oldShape.exitCode).not.toBe(0);
    expect(oldShape.stderr).toContain('demo-addon');
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

describe("chartkit new subchart with the umbrella's library (hyperpod-common)", () => {
  it('follows the namespace convention, lints and tests clean, and the umbrella checks its namespace with the others', async () => {
    const ws = hyperpodWorkspace();
    const hp = path.join(ws, 'packages/hyperpod');
    const namespacesFile = path.join(hp, 'hyperpod-helm-chart/templates/namespaces.yaml');
    const namespacesBefore = readFileSync(namespacesFile, 'utf8');
    const r = await chartkit(ws, ['new', 'subchart', 'demo-addon', '--description', 'Demo add-on.']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);

    // namespace: {name, create}: an empty name is the release namespace; create null creates the
    // namespace when the chart is installed alone, not inside the umbrella.
    const addon = path.join(hp, 'demo-addon');
    expect(readFileSync(path.join(addon, 'values.schema.ts'), 'utf8')).toMatch(/namespace: h\.namespace\(\n {4}\{\n {6}name: '',\n {6}create: null,\n {6}releaseNamespace: true,\n {6}createDescription:/);
    expect(parseYaml(readFileSync(path.join(addon, 'values.yaml'), 'utf8')).namespace).toEqual({ name: '', create: null });
    expect(readFileSync(path.join(addon, 'templates/_helpers.tpl'), 'utf8')).toContain('{{- define "demo-addon.namespaces" -}}');
    const namespaceTemplate = readFileSync(path.join(addon, 'templates/namespace.yaml'), 'utf8');
    expect(namespaceTemplate).toContain('{{- include "hyperpod-common.requireNamespaces" . }}');
    expect(namespaceTemplate).toContain('{{- if include "hyperpod-common.renderNamespace" (dict "name" $ns.name "create" $ns.create "context" .) }}');
    expect(namespaceTemplate).toContain('{{- include "hyperpod-common.labels" . | nindent 4 }}');
    expect(readFileSync(path.join(addon, 'templates/serviceaccount.yaml'), 'utf8')).toContain('namespace: {{ include "hyperpod-common.namespace" . }}');
    expect(parseYaml(readFileSync(path.join(addon, 'ci/all-values.yaml'), 'utf8')).namespace).toEqual({ name: 'team-a', create: true });
    for (const suite of ['serviceaccount_test.yaml', 'namespace_test.yaml']) {
      expect(parseYaml(readFileSync(path.join(addon, 'tests', suite), 'utf8')).chart).toEqual({ version: '0.0.0-test' });
    }
    // Listed last among the components whose namespaces the umbrella checks; the rest of the file as it was.
    const namespacesAfter = readFileSync(namespacesFile, 'utf8');
    expect(namespacesAfter).not.toBe(namespacesBefore);
    expect(namespacesAfter).toBe(namespacesBefore.replace(/(\$components := list [^\n]*?)( -\}\})/, '$1 "demo-addon"$2'));
    expect(readFileSync(path.join(hp, 'hyperpod-helm-chart/README.md'), 'utf8')).toContain('| [Demo addon](../demo-addon/README.md) | Demo add-on. | No | `demo-addon.enabled` |');

    const lint = await chartkit(ws, ['lint', 'demo-addon', 'hyperpod-helm-chart', '--helm', '4']);
    expect(lint.stdout).toContain('✓ demo-addon: lint passed');
    expect(lint.stdout).toContain('✓ hyperpod-helm-chart: lint passed');
    expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
    const test = await chartkit(ws, ['test', 'demo-addon', 'hyperpod-helm-chart']);
    expect(test.stdout).toContain('✓ demo-addon: 10 passed');
    expect(test.stdout).toMatch(/✓ hyperpod-helm-chart: \d+ passed/);
    expect(test.exitCode, test.stdout + test.stderr).toBe(0);

    // The packaged umbrella, as users install it.
    const packaged = await chartkit(ws, ['package', 'hyperpod-helm-chart', '-d', path.join(ws, 'out')]);
    expect(packaged.exitCode, packaged.stderr).toBe(0);
    const umbrella = path.join(ws, 'out', readdirSync(path.join(ws, 'out')).find((f) => f.startsWith('hyperpod-helm-chart-'))!);
    const helm = await resolveTool('helm');
    const twice = await execa(helm.path, ['template', 'x', umbrella, '--set', 'demo-addon.enabled=true', '--set', 'demo-addon.namespace.name=aws-hyperpod', '--set', 'demo-addon.namespace.create=true'], { reject: false });
    expect(twice.exitCode).not.toBe(0);
    expect(twice.stderr).toContain('hyperpod-helm-chart: deep-health-check and demo-addon would both create namespace "aws-hyperpod": set demo-addon.namespace.create=false');
    const used = await execa(helm.path, ['template', 'x', umbrella, '--namespace', 'kube-system', '--set', 'demo-addon.enabled=true', '--set', 'demo-addon.namespace.name=team-a']);
    expect(used.stdout).toMatch(/kind: ServiceAccount\nmetadata:\n {2}name: demo-addon\n {2}namespace: team-a\n/);
    expect(used.stdout).not.toContain('charts/demo-addon/templates/namespace.yaml');
    const own = await execa(helm.path, ['template', 'x', umbrella, '--namespace', 'kube-system', '--set', 'demo-addon.enabled=true', '--set', 'demo-addon.namespace.name=team-a', '--set', 'demo-addon.namespace.create=true']);
    expect(own.stdout).toMatch(/# Source: hyperpod-helm-chart\/charts\/demo-addon\/templates\/namespace\.yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n {2}name: team-a\n/);
  });

  it('leaves every file as it was, the umbrella namespace check included, when a later step fails', async () => {
    const ws = hyperpodWorkspace();
    edit(path.join(ws, 'packages/hyperpod/hyperpod-helm-chart/values.schema.ts'), (t) => `${t}\nthrow new Error('broken schema');\n`);
    const before = snapshot(ws);
    const r = await chartkit(ws, ['new', 'subchart', 'demo-addon']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('packages/hyperpod/hyperpod-helm-chart/values.schema.ts: cannot load (broken schema)');
    expect(existsSync(path.join(ws, 'packages/hyperpod/demo-addon'))).toBe(false);
    expect(snapshot(ws)).toEqual(before);
  });
});
