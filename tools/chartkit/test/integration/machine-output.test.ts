import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartkit, CHARTKIT_DIR, edit, isolatedHelmEnv, removeScratch, scratchCopy } from '../helpers.ts';

/**
 * Machine-readable output: `--version`, `--json` of lint, test and publish (stdout is exactly one
 * JSON document, progress goes to stderr), `test --junit`, and the modeline of generated values.yaml.
 */
let ws: string;
let home: string;
const CHARTS = ['base', 'worker', 'stack'];
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Edit a file for one test and put it back afterwards. */
async function withEdit<T>(file: string, fn: (text: string) => string, body: () => Promise<T>): Promise<T> {
  const before = readFileSync(file, 'utf8');
  edit(file, fn);
  try {
    return await body();
  } finally {
    edit(file, () => before);
  }
}

beforeAll(() => {
  ws = scratchCopy('release');
  home = mkdtempSync(path.join(os.tmpdir(), 'chartkit-machine-output-'));
});
afterAll(() => {
  removeScratch(ws);
  rmSync(home, { recursive: true, force: true });
});

describe('chartkit --version and --help', () => {
  it('prints the version of tools/chartkit/package.json, and nothing else', async () => {
    const { version } = JSON.parse(readFileSync(path.join(CHARTKIT_DIR, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await chartkit(ws, [flag]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(version);
      expect(r.stderr).toBe('');
    }
  });

  it('documents the exit codes and --json after the command list', async () => {
    const r = await chartkit(ws, ['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 +success\n {2}1 +lint, test, compat or publish found problems, or a user error/);
    expect(r.stdout).toMatch(/ 2 +internal error/);
    expect(r.stdout).toMatch(/129, 130, 143 +interrupted by SIGHUP, SIGINT \(Ctrl-C\) or SIGTERM/);
    expect(r.stdout).toContain('--json (lint, test, compat, publish): stdout carries exactly one JSON document');
  });
});

interface LintJson {
  chart: string;
  version: string;
  pass: boolean;
  checks: number;
  findings: { rule: string; chart: string; scenario?: string; file?: string; line?: number; column?: number; message: string }[];
}

describe('chartkit lint --json', () => {
  it('prints one JSON document: each chart, in dependency order, passing; progress on stderr', async () => {
    const r = await chartkit(ws, ['lint', '--json', '--helm', '4']);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as LintJson[];
    expect(doc.map((c) => [c.chart, c.pass, c.findings.length])).toEqual(CHARTS.map((c) => [c, true, 0]));
    expect(doc.find((c) => c.chart === 'worker')).toMatchObject({ version: '0.2.0', checks: expect.any(Number) });
    expect(r.stderr).toContain('✓ worker: lint passed');
    expect(r.stdout).not.toContain('✓');
  });

  it('names the rule, chart, file and line of each finding, and fails only the chart that has it', async () => {
    const file = path.join(ws, 'packages/demo/worker/ci/all-values.yaml');
    await withEdit(
      file,
      (t) => `${t.trimEnd()}\nimage:\n  tagg: '1'\n`,
      async () => {
        const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('tagg')) + 1;
        const r = await chartkit(ws, ['lint', 'base', 'worker', '--json', '--helm', '4']);
        expect(r.exitCode).toBe(1);
        const doc = JSON.parse(r.stdout) as LintJson[];
        expect(doc.map((c) => [c.chart, c.pass])).toEqual([
          ['base', true],
          ['worker', false],
        ]);
        expect(doc[1]!.findings).toContainEqual({
          rule: 'values-schema',
          chart: 'worker',
          file: 'packages/demo/worker/ci/all-values.yaml',
          line,
          column: 3,
          message: 'image.tagg: is not a known key (check the spelling; the chart would ignore it)',
        });
        // Helm's own check of the merged values points at the scenario too
        expect(doc[1]!.findings).toContainEqual(expect.objectContaining({ rule: 'helm-lint', scenario: 'ci/all-values.yaml', file: 'packages/demo/worker/ci/all-values.yaml' }));
        expect(r.stderr).toContain('✗ worker:');
      },
    );
  });

  it('a user error is a JSON document too (exit 1), and so is a bad flag', async () => {
    const r = await chartkit(ws, ['lint', 'nosuch', '--json']);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'UNKNOWN_CHART', message: 'no chart named "nosuch" in this workspace; known charts: base, stack, worker' } });
    expect(r.stderr).toContain('chartkit: no chart named "nosuch"');
    const flag = await chartkit(ws, ['lint', '--json', '--bogus']);
    expect(flag.exitCode).toBe(1);
    expect(JSON.parse(flag.stdout)).toEqual({ error: { code: 'USAGE', message: "unknown option '--bogus'" } });
  });
});

interface TestJson {
  chart: string;
  version: string;
  pass: boolean;
  tests: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  error?: string;
  cases: { suite: string; name: string; status: string; message?: string }[];
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' });
interface JUnitDoc {
  testsuites: { tests: string; failures: string; errors: string; testsuite: { name: string; package: string; testcase: { name: string; classname: string; failure?: unknown }[] }[] };
}

describe('chartkit test --json --junit', () => {
  it('reports each chart and each case, and writes one JUnit report with every chart’s suites', async () => {
    const r = await chartkit(ws, ['test', '--json', '--junit', 'reports/junit.xml']);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as TestJson[];
    expect(doc.map((c) => [c.chart, c.pass, c.tests, c.passed, c.failed])).toEqual([
      ['base', true, 2, 2, 0],
      ['worker', true, 2, 2, 0],
      ['stack', true, 1, 1, 0],
    ]);
    expect(doc[1]!.cases).toEqual([
      { suite: 'worker', name: "labels every object with the base library's labels", status: 'passed' },
      { suite: 'worker', name: 'runs the pinned image', status: 'passed' },
    ]);
    expect(r.stderr).toContain('Tests: 5 passed, 0 failed');

    const report = xml.parse(readFileSync(path.join(ws, 'reports/junit.xml'), 'utf8')) as JUnitDoc;
    expect(report.testsuites).toMatchObject({ tests: '5', failures: '0', errors: '0' });
    const suites = report.testsuites.testsuite;
    expect(suites.map((s) => [s.package, s.name, s.testcase.length])).toEqual([
      ['base', 'base/base.labels', 2],
      ['worker', 'worker/worker', 2],
      ['stack', 'stack/stack', 1],
    ]);
    expect(suites.flatMap((s) => s.testcase).length).toBe(doc.reduce((n, c) => n + c.tests, 0));
  });

  it('a failing case: its status and message in JSON, a <failure> in JUnit, exit 1', async () => {
    await withEdit(
      path.join(ws, 'packages/demo/worker/tests/worker_test.yaml'),
      (t) => t.replace('value: edge', 'value: nope'),
      async () => {
        const r = await chartkit(ws, ['test', 'worker', '--json', '--junit', path.join(ws, 'reports/failing.xml')]);
        expect(r.exitCode).toBe(1);
        const [worker] = JSON.parse(r.stdout) as TestJson[];
        expect(worker).toMatchObject({ chart: 'worker', pass: false, tests: 2, passed: 1, failed: 1, errored: 0 });
        const failed = worker!.cases.find((c) => c.status === 'failed')!;
        expect(failed.name).toBe("labels every object with the base library's labels");
        expect(failed.message).toContain('nope');
        const report = xml.parse(readFileSync(path.join(ws, 'reports/failing.xml'), 'utf8')) as JUnitDoc;
        expect(report.testsuites).toMatchObject({ tests: '2', failures: '1', errors: '0' });
        expect(report.testsuites.testsuite[0]!.testcase.filter((c) => c.failure !== undefined).map((c) => c.name)).toEqual([failed.name]);
      },
    );
  });
});

interface PublishJson {
  pass: boolean;
  dryRun: boolean;
  targets: { name: string; kind: string; dir?: string }[];
  plan: { chart: string; version: string; target: string; decision: string; reason: string; digest: string }[];
  results: { chart: string; version: string; target: string; status: string; digest: string; ms: number; error?: string }[];
  errors: string[];
}

describe('chartkit publish --json', () => {
  const repo = (): string => path.join(ws, 'scratch-repo');
  const publish = (...extra: string[]) => chartkit(ws, ['publish', '--skip-checks', '--repo-dir', 'scratch-repo', '--json', ...extra], isolatedHelmEnv(home));

  it('prints the plan and what each step did; progress and the table go to stderr', async () => {
    const r = await publish();
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as PublishJson;
    expect(doc).toMatchObject({ pass: true, dryRun: false, targets: [{ name: 'scratch-repo', kind: 'repo', dir: repo() }], errors: [] });
    expect(doc.plan.map((s) => [s.chart, s.version, s.target, s.decision])).toEqual([
      ['base', '0.1.0', 'scratch-repo', 'push'],
      ['worker', '0.2.0', 'scratch-repo', 'push'],
      ['stack', '1.0.0', 'scratch-repo', 'push'],
    ]);
    expect(doc.plan[0]!.reason).toBe('base 0.1.0 is not in scratch-repo yet');
    for (const step of doc.results) {
      expect(step.status).toBe('pushed');
      expect(step.digest).toBe(sha256(path.join(repo(), `${step.chart}-${step.version}.tgz`)));
      expect(step.ms).toBeGreaterThanOrEqual(0);
      expect(step.error).toBeUndefined();
    }
    expect(doc.plan.map((s) => s.digest)).toEqual(doc.results.map((s) => s.digest));
    expect(r.stderr).toMatch(/^stack\s+1\.0\.0\s+scratch-repo\s+pushed/m);
  });

  it('a rerun skips every chart, with why', async () => {
    const r = await publish();
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as PublishJson;
    expect(doc.plan.map((s) => s.decision)).toEqual(['skip', 'skip', 'skip']);
    expect(doc.plan[1]!.reason).toMatch(/^worker 0\.2\.0 is already in scratch-repo with the same digest sha256:[0-9a-f]{12}$/);
    expect(doc.results.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('with checks, lint and test print on stderr: stdout is still only the JSON document', async () => {
    const r = await chartkit(ws, ['publish', 'base', '--repo-dir', 'checked-repo', '--json'], isolatedHelmEnv(home));
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as PublishJson;
    expect(doc.results).toMatchObject([{ chart: 'base', target: 'checked-repo', status: 'pushed' }]);
    expect(r.stderr).toContain('✓ base: lint passed');
    expect(r.stderr).toContain('✓ base: 2 passed');
    expect(r.stderr).toContain('✓ checks passed (chartkit lint + test)');
  });

  it('a changed chart without a bump is refused: pass false, the error in its result, exit 1', async () => {
    await withEdit(
      path.join(ws, 'packages/demo/base/README.md'),
      (t) => `${t}\nChanged without a version bump.\n`,
      async () => {
        const r = await publish('base');
        expect(r.exitCode).toBe(1);
        const doc = JSON.parse(r.stdout) as PublishJson;
        expect(doc.pass).toBe(false);
        expect(doc.plan).toMatchObject([{ chart: 'base', decision: 'refuse' }]);
        expect(doc.results).toMatchObject([{ chart: 'base', status: 'refused', error: expect.stringContaining('published versions are immutable') }]);
        expect(doc.errors).toHaveLength(1);
      },
    );
  });
});

describe('generated values.yaml', () => {
  it('starts with the yaml-language-server modeline pointing at values.schema.json beside it, and stays fresh', async () => {
    const r = await chartkit(ws, ['schema', '--check']);
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d)) {
        const p = path.join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (e === 'values.yaml' && existsSync(path.join(d, 'values.schema.ts'))) files.push(p);
      }
    };
    walk(path.join(ws, 'packages'));
    expect(files).toHaveLength(3);
    for (const file of files) {
      expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=values.schema.json');
      expect(existsSync(path.join(path.dirname(file), 'values.schema.json'))).toBe(true);
    }
  });
});
