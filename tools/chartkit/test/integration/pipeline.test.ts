import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartkit, edit, removeScratch, scratchCopy } from '../helpers.ts';

/** The fixture workspace (an application chart, a library and its consumer) through the real CLI, Helm and helm-unittest. */
let ws: string;
const app = (...p: string[]): string => path.join(ws, 'packages/demo/app', ...p);

beforeAll(() => {
  ws = scratchCopy('basic');
});
afterAll(() => removeScratch(ws));

describe('on a healthy workspace', () => {
  it('lint passes for every chart with Helm 4 and Helm 3', async () => {
    const r = await chartkit(ws, ['lint']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('✓ app: lint passed');
    expect(r.stdout).toContain('✓ consumer: lint passed');
    expect(r.stdout).toContain('✓ lib: lint passed');
    expect(r.exitCode).toBe(0);
  });

  it('--verbose says where the time went: start-up, schema compilation, each lint step and each child process', async () => {
    const r = await chartkit(ws, ['lint', 'app', '--verbose']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = r.stderr.slice(r.stderr.indexOf('timings:'));
    expect(report).toMatch(/^timings:\n {2}total, process start to this report +\d+(\.\d+)? m?s\n {2}process start to main \(Node, module loading\) +\d+ ms\n/);
    for (const phase of ['load the lint modules', 'compile values schemas', 'lint: render', 'lint: Helm 4 lint', 'lint: Helm 3 lint', 'exec helm template', 'exec helm lint', 'exec helm3 lint']) {
      expect(report).toMatch(new RegExp(`\\n {2}${phase} +\\d+(\\.\\d+)? m?s`));
    }
    // repeated steps are summed, with their count and the time of one
    expect(report).toMatch(/exec helm template +\S+ m?s {2}\(\d+×, \S+ m?s each\)/);
    expect((await chartkit(ws, ['lint', 'app'])).stderr).not.toContain('timings:');
  });

  it('test runs every helm-unittest suite, the library through its test consumer', async () => {
    const r = await chartkit(ws, ['test']);
    expect(r.stdout).toMatch(/✓ app: 2 passed/);
    expect(r.stdout).toMatch(/✓ lib: 2 passed/);
    expect(r.stdout).toMatch(/✓ consumer: 1 passed/);
    expect(r.stdout).toContain('Tests: 5 passed, 0 failed');
    expect(r.exitCode).toBe(0);
  });

  it('schema --check and docs --check pass when generated files are fresh', async () => {
    expect((await chartkit(ws, ['schema', '--check'])).exitCode).toBe(0);
    expect((await chartkit(ws, ['docs', '--check'])).exitCode).toBe(0);
  });

  it('package is reproducible: the same sources give the same sha256, whatever the file times', async () => {
    const first = await chartkit(ws, ['package', '-d', 'dist/a']);
    expect(first.exitCode).toBe(0);
    const digest = (dir: string): string => readFileSync(path.join(ws, dir, 'consumer-0.1.0.tgz')).toString('base64');
    const before = digest('dist/a');
    edit(app('templates/service.yaml'), (t) => t); // rewrite: new mtime, same content
    edit(path.join(ws, 'packages/demo/lib/templates/_labels.tpl'), (t) => t);
    expect((await chartkit(ws, ['package', 'consumer', '-d', 'dist/b'])).exitCode).toBe(0);
    expect(digest('dist/b')).toBe(before);
    expect(first.stdout).toMatch(/lib 0\.3\.0 → dist\/a\/lib-0\.3\.0\.tgz[\s\S]*consumer 0\.1\.0/);
  });

  it('doctor shows Helm 4, Helm 3.21 and helm-unittest with their sources', async () => {
    const r = await chartkit(ws, ['doctor']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^helm\s+v4\.\d+\.\d+\s/m);
    expect(r.stdout).toMatch(/^helm3\s+v3\.21\.\d+\s/m);
    expect(r.stdout).toMatch(/^helm-unittest\s+v1\.\d+\.\d+\s/m);
    expect(r.stdout).toMatch(/cache \(pinned\)|provisioned now/);
    expect(r.stdout).toMatch(/^kubectl\s+v1\.\d+\.\d+\s/m);
    expect(r.stdout).toMatch(/^kube-apiserver\s+v1\.35\.4\s+k8s\.io\/kubernetes@v1\.35\.4/m);
    expect(r.stdout).toMatch(/^etcd\s+3\.6\.16\s+go\.etcd\.io\/etcd\/server\/v3@v3\.6\.16/m);
    expect(r.stdout).toMatch(/^kwok\s+v0\.8\.0\s/m);
  });
});

describe('bad input gets a one-line error and a non-zero exit', () => {
  it('an unknown chart name', async () => {
    const r = await chartkit(ws, ['test', 'no-such-chart']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('chartkit: no chart named "no-such-chart" in this workspace; known charts: app, consumer, lib');
  });

  it('a rendered Deployment with a wrong field type fails lint, naming chart, scenario, template, object and field', async () => {
    const dir = scratchCopy('basic');
    try {
      edit(path.join(dir, 'packages/demo/app/templates/deployment.yaml'), (t) => t.replace('replicas: {{ .Values.replicas }}', 'replicas: "two"'));
      const r = await chartkit(dir, ['lint', 'app']);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain('app › defaults › app/templates/deployment.yaml › Deployment/dependencies-app: spec.replicas must be integer (Kubernetes v1.35.4) [kube-schema]');
      expect(r.stdout).toContain('app › ci/scaled-values.yaml › app/templates/deployment.yaml › Deployment/dependencies-app: spec.replicas must be integer');
    } finally {
      removeScratch(dir);
    }
  });

  it('an unknown field in a rendered object fails lint', async () => {
    const dir = scratchCopy('basic');
    try {
      edit(path.join(dir, 'packages/demo/app/templates/service.yaml'), (t) => t.replace('  selector:', '  selectr: {}\n  selector:'));
      const r = await chartkit(dir, ['lint', 'app', '--helm', '4']);
      expect(r.stdout).toContain('Service/dependencies-app: spec.selectr is not a known field');
      expect(r.exitCode).toBe(1);
    } finally {
      removeScratch(dir);
    }
  });

  it('a ci/prerequisites.yaml naming an unpinned CRD set or a missing scenario fails lint, naming file and key', async () => {
    const dir = scratchCopy('basic');
    try {
      writeFileSync(path.join(dir, 'packages/demo/app/ci/prerequisites.yaml'), 'crds: [istio]\n');
      const r = await chartkit(dir, ['lint', 'app', '--helm', '4']);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain('ci/prerequisites.yaml: crds[0] "istio" is not a pinned CRD set; known: cert-manager');
      writeFileSync(path.join(dir, 'packages/demo/app/ci/prerequisites.yaml'), 'scenarios: {scaled: {namespaces: [ok]}, huge: {namespaces: [x]}}\n');
      const again = await chartkit(dir, ['lint', 'app', '--helm', '4']);
      expect(again.stdout).toContain('scenarios.huge: no ci/huge-values.yaml; known scenarios: all, minimal, scaled');
    } finally {
      removeScratch(dir);
    }
  });

  it('a values scenario with a typo fails lint naming the file and key', async () => {
    const dir = scratchCopy('basic');
    try {
      writeFileSync(path.join(dir, 'packages/demo/app/ci/typo-values.yaml'), 'replica: 2\n');
      const r = await chartkit(dir, ['lint', 'app', '--helm', '4']);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain('app › ci/typo-values.yaml: replica: is not a known key (check the spelling; the chart would ignore it) [values-schema]');
      expect(r.stdout).toMatch(/Helm 4 lint --strict failed: .*replica/);
    } finally {
      removeScratch(dir);
    }
  });

  it('a unit test that fails makes test fail, naming the suite and test', async () => {
    const dir = scratchCopy('basic');
    try {
      edit(path.join(dir, 'packages/demo/app/tests/deployment_test.yaml'), (t) => t.replace('value: nginx:1.27.0', 'value: nginx:9.9.9'));
      const r = await chartkit(dir, ['test', 'app']);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain('✗ app: 1 failed, 1 passed');
      expect(r.stdout).toContain('app deployment › runs one replica of the pinned image by default');
      expect(r.stdout).toContain('Tests: 1 passed, 1 failed');
    } finally {
      removeScratch(dir);
    }
  });

  it('a Chart.yaml without version', async () => {
    const dir = scratchCopy('basic');
    try {
      edit(path.join(dir, 'packages/demo/app/Chart.yaml'), (t) => t.replace('version: 1.2.0\n', ''));
      const r = await chartkit(dir, ['lint']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toBe('chartkit: packages/demo/app/Chart.yaml: missing required key "version"; add it (for example version: 0.1.0)');
    } finally {
      removeScratch(dir);
    }
  });

  it('a file:// dependency pinned to a version the dependency does not have', async () => {
    const dir = scratchCopy('basic');
    try {
      edit(path.join(dir, 'packages/demo/consumer/Chart.yaml'), (t) => t.replace('version: 0.3.0', 'version: 0.2.0'));
      const r = await chartkit(dir, ['package']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toBe(
        'chartkit: packages/demo/consumer/Chart.yaml: dependency "lib" is pinned to 0.2.0 but chart lib (packages/demo/lib) is at 0.3.0; set the pin to 0.3.0 or run "chartkit version"',
      );
    } finally {
      removeScratch(dir);
    }
  });

  it('a dependency cycle', async () => {
    const dir = scratchCopy('basic');
    try {
      edit(path.join(dir, 'packages/demo/lib/Chart.yaml'), (t) => `${t}dependencies:\n  - name: consumer\n    version: 0.1.0\n    repository: file://../consumer\n`);
      const r = await chartkit(dir, ['test']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toBe('chartkit: dependency cycle between charts: consumer -> lib -> consumer; remove one of these file:// dependencies');
    } finally {
      removeScratch(dir);
    }
  });

  it('schema --check and docs --check name the stale file after values.schema.ts changes', async () => {
    const dir = scratchCopy('basic');
    try {
      // compiled once first: the compiled-schema cache (by content) must not hide the edit
      expect((await chartkit(dir, ['schema', '--check'])).exitCode).toBe(0);
      edit(path.join(dir, 'packages/demo/app/values.schema.ts'), (t) => t.replace("'Number of pods.'", "'How many pods run.'"));
      const schema = await chartkit(dir, ['schema', '--check']);
      expect(schema.exitCode).toBe(1);
      expect(schema.stdout).toContain('✗ packages/demo/app/values.schema.json is stale; run "npx chartkit schema" and commit the result');
      expect(schema.stdout).toContain('✗ packages/demo/app/values.yaml is stale');
      const docs = await chartkit(dir, ['docs', '--check']);
      expect(docs.exitCode).toBe(1);
      expect(docs.stdout).toContain('✗ packages/demo/app/README.md is stale');
      const lint = await chartkit(dir, ['lint', 'app', '--helm', '4']);
      expect(lint.stdout).toContain('app › values.schema.json: is stale; run "npx chartkit schema" and commit the result [generated-fresh]');
      expect((await chartkit(dir, ['schema'])).exitCode).toBe(0);
      expect((await chartkit(dir, ['docs'])).exitCode).toBe(0);
      expect((await chartkit(dir, ['schema', '--check'])).exitCode).toBe(0);
      expect(readFileSync(path.join(dir, 'packages/demo/app/values.yaml'), 'utf8')).toContain('# How many pods run.');
    } finally {
      removeScratch(dir);
    }
  });
});

afterAll(() => rmSync(path.join(ws, 'dist'), { recursive: true, force: true }));
