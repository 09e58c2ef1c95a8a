import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { renderChart } from '../../src/testing/index.ts';
import desktopValues from '../../../../packages/chaimeleon/desktop-tensorflow/values.schema.ts';
import { CHARTKIT_DIR, chartkit } from '../helpers.ts';

/** A workspace holding copies of this repository's CHAIMELEON charts, where generators may write. */
const REPO = path.resolve(CHARTKIT_DIR, '../..');
let ws: string;
/** A workspace with chaimeleon-common only: no reference chart to clone from. */
let bare: string;

function scratchWorkspace(prefix: string, charts: string[], config?: Record<string, unknown>): string {
  mkdirSync(path.join(CHARTKIT_DIR, '.scratch'), { recursive: true });
  const dir = mkdtempSync(path.join(CHARTKIT_DIR, '.scratch', prefix));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', workspaces: ['packages/*/*'], ...(config ? { chartkit: config } : {}) }));
  for (const chart of charts) {
    cpSync(path.join(REPO, 'packages/chaimeleon', chart), path.join(dir, 'packages/chaimeleon', chart), { recursive: true, filter: (src) => !/\/charts$|Chart\.lock$/.test(src) });
  }
  return dir;
}

beforeAll(() => {
  ws = scratchWorkspace('chaimeleon-', readdirSync(path.join(REPO, 'packages/chaimeleon')));
  // The repository's own defaults for new charts: who maintains them.
  bare = scratchWorkspace('chaimeleon-bare-', ['chaimeleon-common'], { maintainers: [{ name: 'Research Team', email: 'research@example.org' }], home: 'https://example.org/research' });
});
afterAll(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(bare, { recursive: true, force: true });
});

/** Every file under a directory with its content. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** What a generated Chart.yaml must not take from the reference charts. */
/** Nothing of the reference charts' ownership: only what the author gave. */
function expectNothingCopied(chartYamlText: string, given: Record<string, unknown>): void {
  const chart = parseYaml(chartYamlText) as Record<string, unknown>;
  expect(chart.sources).toBeUndefined();
  expect(chartYamlText).not.toMatch(/Sergio|Pau Lozano|upv\.es|helm-chart-(desktop|jupyter)-tensorflow|logo\.png|TODO/);
  expect({ home: chart.home, icon: chart.icon, maintainers: chart.maintainers }).toEqual({ home: undefined, icon: undefined, maintainers: undefined, ...given });
}

interface Identity {
  name: string;
  version: string;
  appVersion: string;
  image: string;
}

/**
 * A rendered object with what legitimately differs between two workstation charts replaced by
 * placeholders: the chart name (in names, labels, selectors, env, annotations), the versions, the
 * image name and the random password. What is left must be equal for charts of the same type.
 */
function normalize(value: unknown, id: Identity): unknown {
  if (typeof value === 'string') {
    if (value === id.version) return 'VERSION';
    if (value === id.appVersion) return 'APP-VERSION';
    return value
      .split(`/${id.image}:${id.appVersion}`)
      .join('/IMAGE:APP-VERSION')
      .split(`${id.name}-${id.version}`)
      .join('CHART-VERSION')
      .split(id.name)
      .join('CHART');
  }
  if (Array.isArray(value)) return value.map((v) => normalize(v, id));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'container-password' ? 'PASSWORD' : normalize(v, id)]));
  }
  return value;
}

async function renderNormalized(dir: string, id: Identity, values: Parameters<typeof renderChart<typeof desktopValues>>[2], releaseName: string): Promise<unknown[]> {
  const r = await renderChart(desktopValues, dir, values, { releaseName, namespace: 'user-alice' });
  return r.manifests
    .map((m) => normalize(m.object, id) as { kind: string; metadata: { name: string } })
    .sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
}

function identityOf(dir: string, image: string): Identity {
  const chart = parseYaml(readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { name: string; version: string; appVersion: string };
  return { name: chart.name, version: String(chart.version), appVersion: String(chart.appVersion), image };
}

describe('chartkit new workstation', () => {
  it('generates a desktop chart that passes lint (operator contract included) and tests in the same run', async () => {
    const r = await chartkit(ws, ['new', 'workstation', 'desktop-pytorch', '--type', 'desktop', '--image', 'ubuntu-python-pytorch-desktop', '--maintainer', 'Ada Lovelace <ada@example.org>', '--maintainer', 'Lab Bot', '--icon', 'https://example.org/pytorch.png']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const dir = path.join(ws, 'packages/chaimeleon/desktop-pytorch');
    const chartYaml = readFileSync(path.join(dir, 'Chart.yaml'), 'utf8');
    expect(chartYaml).toContain('name: desktop-pytorch');
    expect(chartYaml).toMatch(/^version: "?0\.1\.0"?$/m);
    expectNothingCopied(chartYaml, { icon: 'https://example.org/pytorch.png', maintainers: [{ name: 'Ada Lovelace', email: 'ada@example.org' }, { name: 'Lab Bot' }] });
    // Written, not cloned: with its own image, no file mentions the reference chart or its image.
    const files = filesOf(dir);
    expect(Object.keys(files).sort()).toEqual(
      [
        '.helmignore', 'CHANGELOG.md', 'Chart.yaml', 'README.md', 'package.json', 'values.schema.json', 'values.schema.ts', 'values.yaml',
        'ci/all-values.yaml', 'ci/minimal-values.yaml', 'ci/prerequisites.yaml',
        'templates/NOTES.txt', 'templates/deployment.yaml', 'templates/secret.yaml', 'templates/service.yaml',
        'tests/deployment_test.yaml', 'tests/names_test.yaml', 'tests/notes_test.yaml', 'tests/secret_test.yaml', 'tests/service_test.yaml',
      ].sort(),
    );
    expect(Object.entries(files).filter(([, text]) => /tensorflow/i.test(text)).map(([file]) => file)).toEqual([]);
    expect(files['CHANGELOG.md']).toBe('# desktop-pytorch\n');
    expect(JSON.parse(files['package.json']!)).toEqual({
      name: 'desktop-pytorch',
      version: '0.1.0',
      private: true,
      type: 'module',
      description: expect.stringContaining('ubuntu-python-pytorch-desktop'),
      dependencies: { 'chaimeleon-common': '0.1.0' },
    });
    // Every suite pins the chart version, so a release bump never breaks it.
    for (const [file, text] of Object.entries(files)) if (file.startsWith('tests/')) expect(text, file).toMatch(/^chart:\n {2}version: 0\.0\.0-test\n/m);
    // The values table is generated (chartkit docs), not left empty.
    expect(files['README.md']).toMatch(/\| `datasets_list` \| string \|/);
    expect(readdirSync(path.join(dir, 'templates'))).not.toContain('_helpers.tpl');
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

  it('generates a webapp (Jupyter) chart that passes lint and tests', async () => {
    const r = await chartkit(ws, ['new', 'workstation', 'jupyter-pytorch', '--type', 'webapp', '--home', 'https://example.org/jupyter-pytorch']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/wrote packages\/chaimeleon\/jupyter-pytorch\/README\.md/g)).toHaveLength(1);
    const dir = path.join(ws, 'packages/chaimeleon/jupyter-pytorch');
    expectNothingCopied(readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'), { home: 'https://example.org/jupyter-pytorch' });
    expect(readFileSync(path.join(dir, 'ci/prerequisites.yaml'), 'utf8')).toContain('name: jobman-service-auth');
    const lint = await chartkit(ws, ['lint', 'jupyter-pytorch', '--helm', '4']);
    expect(lint.stdout).toContain('✓ jupyter-pytorch: lint passed');
    const test = await chartkit(ws, ['test', 'jupyter-pytorch']);
    expect(test.exitCode, test.stdout).toBe(0);
    expect(test.stdout).toMatch(/✓ jupyter-pytorch: \d+ passed/);
  });

  // No drift without cloning: for the same values, a generated chart renders the objects of the
  // repository's chart of its type (kinds, names, labels, selectors, ports, env, annotations), up
  // to its name, versions and image.
  for (const [type, generated, reference, image] of [
    ['desktop', 'desktop-pytorch', 'desktop-tensorflow', 'ubuntu-python-pytorch-desktop'],
    ['webapp', 'jupyter-pytorch', 'jupyter-tensorflow', 'ubuntu-python-tensorflow-desktop-jupyter'],
  ] as const) {
    it(`a generated ${type} chart renders the same objects as ${reference}`, async () => {
      const genDir = path.join(ws, 'packages/chaimeleon', generated);
      const refDir = path.join(ws, 'packages/chaimeleon', reference);
      expect(existsSync(path.join(genDir, 'Chart.yaml')), 'generated by the tests above').toBe(true);
      const genId = identityOf(genDir, image);
      const refId = identityOf(refDir, reference === 'desktop-tensorflow' ? 'ubuntu-python-tensorflow-desktop' : 'ubuntu-python-tensorflow-desktop-jupyter');
      const scenarios = [
        { values: {}, release: () => 'alice' },
        { values: { datasets_list: 'dataset-1,dataset-2', requests: { cpu: '2', memory: '8Gi', gpu: true } }, release: () => 'alice' },
        // A release name holding the chart name is the objects' name.
        { values: { requests: { memory: '4Gi' } }, release: (chart: string) => `${chart}-1` },
      ];
      for (const s of scenarios) {
        const want = await renderNormalized(refDir, refId, s.values, s.release(reference));
        const got = await renderNormalized(genDir, genId, s.values, s.release(generated));
        expect(want.map((o) => (o as { kind: string }).kind)).toEqual(['Deployment', 'Secret', 'Service']);
        expect(got).toEqual(want);
      }
      // The ci/ scenarios are the reference's too.
      for (const file of ['ci/minimal-values.yaml', 'ci/all-values.yaml', 'ci/prerequisites.yaml']) {
        expect(parseYaml(readFileSync(path.join(genDir, file), 'utf8')), file).toEqual(parseYaml(readFileSync(path.join(refDir, file), 'utf8')));
      }
    });
  }

  it('a generated chart with the contract broken by hand fails lint with the rule id', async () => {
    rmSync(path.join(ws, 'packages/chaimeleon/desktop-pytorch/templates/service.yaml'));
    const lint = await chartkit(ws, ['lint', 'desktop-pytorch', '--helm', '4']);
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toMatch(/Deployment\/[a-z0-9-]+: no Service named "[a-z0-9-]+"; the operator connects to <deployment>\.<namespace>\.svc:5900 \[chaimeleon\/desktop-service\]/);
  });

  it('needs no reference chart: only chaimeleon-common, in another group too', async () => {
    const r = await chartkit(bare, ['new', 'workstation', 'notebook', '--type', 'webapp', '--group', 'research', '--image', 'research/notebook']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const chartYaml = parseYaml(readFileSync(path.join(bare, 'packages/research/notebook/Chart.yaml'), 'utf8')) as { dependencies: unknown[]; maintainers: unknown; home: string };
    // maintainers and home from the workspace package.json's "chartkit" key
    expect([chartYaml.maintainers, chartYaml.home]).toEqual([[{ name: 'Research Team', email: 'research@example.org' }], 'https://example.org/research']);
    expect(chartYaml.dependencies).toEqual([{ name: 'chaimeleon-common', version: '0.1.0', repository: 'file://../../chaimeleon/chaimeleon-common' }]);
    expect(readFileSync(path.join(bare, 'packages/research/notebook/README.md'), 'utf8')).toContain('[chaimeleon-common](../../chaimeleon/chaimeleon-common/README.md)');
    const test = await chartkit(bare, ['test', 'notebook']);
    expect(test.stdout).toMatch(/✓ notebook: \d+ passed/);
    const lint = await chartkit(bare, ['lint', 'notebook', '--helm', '4']);
    expect(lint.stdout).toContain('✓ notebook: lint passed');
  });

  it('writes suites that hold for chart names the release name could contain', async () => {
    // "my" is the suites' usual release name; with a chart named "m", the fullname would be "my".
    const r = await chartkit(bare, ['new', 'workstation', 'm', '--type', 'desktop']);
    expect(r.exitCode, r.stderr).toBe(0);
    const test = await chartkit(bare, ['test', 'm']);
    expect(test.stdout).toMatch(/✓ m: \d+ passed/);
  });

  it('writes nothing when a step after planning fails (all files or none)', async () => {
    const library = path.join(bare, 'packages/chaimeleon/chaimeleon-common/values.schema.ts');
    const original = readFileSync(library, 'utf8');
    const before = filesOf(path.join(bare, 'packages'));
    writeFileSync(library, "throw new Error('broken on purpose');\n");
    try {
      const r = await chartkit(bare, ['new', 'workstation', 'half-made', '--type', 'desktop']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(path.join(bare, 'packages/chaimeleon/half-made'))).toBe(false);
    } finally {
      writeFileSync(library, original);
    }
    expect(filesOf(path.join(bare, 'packages'))).toEqual(before);
  });

  it('refuses a bad name, type or group with one line and writes nothing', async () => {
    const bad = await chartkit(ws, ['new', 'workstation', 'My_Desktop', '--type', 'desktop']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^chartkit: chart name "My_Desktop" is invalid/);
    // Helm reads Chart.yaml as YAML 1.1, where "yes" is true.
    const yes = await chartkit(ws, ['new', 'workstation', 'yes', '--type', 'desktop']);
    expect(yes.stderr.trim()).toBe('chartkit: chart name "yes" is not a string in YAML (Helm would read it as a boolean, number, null or date); choose another name (e.g. yes-chart)');
    const type = await chartkit(ws, ['new', 'workstation', 'other', '--type', 'vnc']);
    expect(type.stderr.trim()).toBe('chartkit: --type vnc: use desktop (remote desktop through Guacamole) or webapp (Jupyter in the desktop)');
    const inherited = await chartkit(ws, ['new', 'workstation', 'other', '--type', 'constructor']);
    expect(inherited.stderr.trim()).toBe('chartkit: --type constructor: use desktop (remote desktop through Guacamole) or webapp (Jupyter in the desktop)');
    const group = await chartkit(ws, ['new', 'workstation', 'other', '--type', 'desktop', '--group', '../outside']);
    expect(group.exitCode).toBe(1);
    expect(group.stderr.trim()).toMatch(/^chartkit: --group \.\.\/outside: a group is one directory under packages\//);
    const nobody = await chartkit(ws, ['new', 'workstation', 'other', '--type', 'desktop']);
    expect(nobody.stderr.trim()).toBe('chartkit: say who maintains the chart: --maintainer "Name <email>" (repeatable) or --home URL, or set "chartkit": {"maintainers": [{"name": "…", "email": "…"}]} in package.json');
    const badWho = await chartkit(ws, ['new', 'workstation', 'other', '--type', 'desktop', '--maintainer', '<ada@example.org>']);
    expect(badWho.stderr.trim()).toBe('chartkit: --maintainer "<ada@example.org>": write it as "Name <email>" (email and "(https://url)" optional)');
    const badHome = await chartkit(ws, ['new', 'workstation', 'other', '--type', 'desktop', '--home', 'example.org']);
    expect(badHome.stderr.trim()).toBe('chartkit: --home: give an http(s) URL');
    const taken = await chartkit(ws, ['new', 'workstation', 'jupyter-tensorflow', '--type', 'webapp']);
    expect(taken.stderr.trim()).toMatch(/^chartkit: chart name "jupyter-tensorflow" is taken by packages\/chaimeleon\/jupyter-tensorflow/);
    const empty = scratchWorkspace('empty-', []);
    try {
      const noLibrary = await chartkit(empty, ['new', 'workstation', 'other', '--type', 'desktop']);
      expect(noLibrary.exitCode).toBe(1);
      expect(noLibrary.stderr.trim()).toMatch(/^chartkit: a workstation chart depends on the library chart chaimeleon-common, which is not in this workspace/);
      expect(readdirSync(empty)).toEqual(['package.json']);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(existsSync(path.join(ws, 'packages/chaimeleon/other'))).toBe(false);
    expect(existsSync(path.join(ws, 'packages/chaimeleon/My_Desktop'))).toBe(false);
    expect(existsSync(path.join(ws, 'packages/chaimeleon/yes'))).toBe(false);
    expect(existsSync(path.join(ws, 'outside'))).toBe(false);
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
