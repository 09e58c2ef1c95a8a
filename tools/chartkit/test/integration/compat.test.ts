import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageChart } from '../../src/adapters/helm.ts';
import { loadChart } from '../../src/adapters/workspace-files.ts';
import { HelmRepoDirectory } from '../../src/publish/helm-repo.ts';
import { chartkit, removeScratch, scratchCopy } from '../helpers.ts';

/**
 * `chartkit compat` and lint's compat check on two versions of one tiny chart (test/fixtures/compat):
 * published/tiny is packaged with `helm package` into the workspace's dist/repo, packages/demo/tiny is
 * the new version, which breaks it in every way the gate knows.
 */
let ws: string;
const tiny = (...p: string[]): string => path.join(ws, 'packages/demo/tiny', ...p);
const changeset = (text: string): void => writeFileSync(path.join(ws, '.changeset', 'tiny-rework.md'), text);
const pending = (bump: string, body = 'Rework the worker.'): void => changeset(`---\n"tiny": ${bump}\n---\n\n${body}\n`);

const BREAKING = [
  'immutable:Deployment/kube-system/dependencies-tiny:spec.selector',
  'immutable:Service/kube-system/dependencies-tiny:spec.clusterIP',
  'removed-object:Secret/kube-system/dependencies-tiny-token',
  'renamed-object:ConfigMap/kube-system/dependencies-tiny-config',
  'values-enum:mode',
  'values-removed:token',
  'values-type:port',
];
const ADDITIONS = ['added-object:ServiceAccount/kube-system/dependencies-tiny', 'values-added:logLevel'];
const SELECTOR_LINE =
  'tiny: Deployment/kube-system/dependencies-tiny spec.selector: matchLabels.app.kubernetes.io/component (unset) → "worker" (immutable: Kubernetes rejects the upgrade); needs a major bump (pending changeset bumps minor)';

interface JsonResult {
  chart: string;
  published: { version: string; where: string } | null;
  pass: boolean;
  findings: { id: string; level: string; scenarios: string[] }[];
  failures: string[];
  notes: string[];
}

async function compatJson(args: string[] = []): Promise<{ exitCode: number; result: JsonResult }> {
  const r = await chartkit(ws, ['compat', 'tiny', '--json', ...args]);
  expect(r.stderr).toBe('');
  return { exitCode: r.exitCode, result: (JSON.parse(r.stdout) as JsonResult[])[0]! };
}

beforeAll(async () => {
  ws = scratchCopy('compat');
  // The published version: helm package (reproducible, as chartkit package does it), then the repository index code.
  const stage = mkdtempSync(path.join(os.tmpdir(), 'chartkit-compat-test-'));
  try {
    const file = await packageChart(loadChart(path.join(ws, 'published/tiny'), ws), stage);
    await new HelmRepoDirectory(path.join(ws, 'dist/repo')).push(file);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
});
afterAll(() => removeScratch(ws));

describe('chartkit compat against dist/repo', () => {
  it('flags every case, each with its stable id and level, and skips the scenario the published schema rejects', async () => {
    const { exitCode, result } = await compatJson();
    expect(exitCode).toBe(1);
    expect(result.published).toEqual({ version: '1.0.0', where: 'dist/repo' });
    expect(result.findings.filter((f) => f.level === 'breaking').map((f) => f.id)).toEqual(BREAKING);
    expect(result.findings.filter((f) => f.level === 'addition').map((f) => f.id)).toEqual(ADDITIONS);
    expect(result.findings.find((f) => f.id === BREAKING[0])!.scenarios).toEqual(['defaults', 'ci/minimal-values.yaml']);
    expect(result.notes).toEqual(['ci/all-values.yaml: skipped, 1.0.0 rejects these values (its values.schema.json)']);
  });

  it('without a pending changeset, each finding fails with the bump to add', async () => {
    const r = await chartkit(ws, ['compat', 'tiny']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(
      '✗ tiny: values token: removed (a values file or --reuse-values that still sets it fails the schema); needs a major bump: add a changeset that bumps tiny major (npx changeset)\n',
    );
    expect(r.stdout).toContain('✗ tiny: values logLevel: new optional key; needs a minor bump: add a changeset that bumps tiny minor (npx changeset)\n');
  });

  it('a minor changeset is too small: lint fails with one line per breaking finding', async () => {
    pending('minor');
    const r = await chartkit(ws, ['lint', 'tiny', '--helm', '4']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`✗ tiny: ${BREAKING.length} lint problem(s)`);
    expect(r.stdout).toContain(`  ${SELECTOR_LINE} [compat]\n`);
    expect(r.stdout.split('\n').filter((l) => l.endsWith('[compat]'))).toHaveLength(BREAKING.length);
    expect(r.stdout).toContain('  tiny: ConfigMap/kube-system/dependencies-tiny-config: renamed to ConfigMap/kube-system/dependencies-tiny-settings (Helm deletes it and creates the new one); needs a major bump (pending changeset bumps minor) [compat]');
  });

  it('a major changeset passes compat and lint', async () => {
    pending('major');
    const compat = await chartkit(ws, ['compat', 'tiny']);
    expect(compat.exitCode, compat.stdout).toBe(0);
    expect(compat.stdout).toContain('✓ tiny: 9 finding(s) against 1.0.0 (dist/repo), covered by the major bump on the way');
    const lint = await chartkit(ws, ['lint', 'tiny', '--helm', '4']);
    expect(lint.exitCode, lint.stdout).toBe(0);
    expect(lint.stdout).toContain('✓ tiny: lint passed');
  });

  it('--allow lets named breaks through a minor bump', async () => {
    pending('minor');
    const partly = await chartkit(ws, ['compat', 'tiny', '--allow', ...BREAKING.slice(1)]);
    expect(partly.exitCode).toBe(1);
    expect(partly.stdout.split('\n').filter((l) => l.startsWith('✗'))).toEqual([`✗ ${SELECTOR_LINE}`]);
    const all = await chartkit(ws, ['compat', 'tiny', '--allow', ...BREAKING]);
    expect(all.exitCode, all.stdout).toBe(0);
    expect(all.stdout).toContain(`  allowed  ${BREAKING[0]}: given on the command line (--allow)`);
  });

  it('compat-allow lines in the changeset need a reason', async () => {
    const allow = (reason: string): string => BREAKING.map((id) => `compat-allow: ${id}${reason}`).join('\n');
    pending('minor', `Rework the worker.\n\n${allow(' — the 1.0.0 objects were never used')}`);
    expect((await chartkit(ws, ['compat', 'tiny'])).exitCode).toBe(0);
    pending('minor', `Rework the worker.\n\n${allow('')}`);
    const r = await chartkit(ws, ['compat', 'tiny']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`✗ tiny: .changeset/tiny-rework.md: "compat-allow: ${BREAKING[0]}" gives no reason; write "compat-allow: ${BREAKING[0]} — <why this break is deliberate>"`);
  });
});

describe('other sources of the published version', () => {
  it('the git tag <chart>@<version> when dist/repo has none, and nothing to compare without either', async () => {
    pending('minor');
    rmSync(path.join(ws, 'dist'), { recursive: true, force: true });
    const none = await chartkit(ws, ['compat', 'tiny']);
    expect(none.stdout.trim()).toBe('✓ tiny: no published version; nothing to compare');
    expect(none.exitCode).toBe(0);

    // A repository of its own (the scratch copy lives inside this one), whose tagged commit holds the published version.
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: ws });
    const newTiny = mkdtempSync(path.join(os.tmpdir(), 'chartkit-compat-new-'));
    try {
      cpSync(tiny(), newTiny, { recursive: true });
      rmSync(tiny(), { recursive: true });
      cpSync(path.join(ws, 'published/tiny'), tiny(), { recursive: true });
      await git('init', '-q');
      await git('add', 'packages');
      await git('commit', '-q', '-m', 'tiny 1.0.0');
      await git('tag', 'tiny@1.0.0');
      rmSync(tiny(), { recursive: true });
      cpSync(newTiny, tiny(), { recursive: true });
    } finally {
      rmSync(newTiny, { recursive: true, force: true });
    }
    const { exitCode, result } = await compatJson();
    expect(exitCode).toBe(1);
    expect(result.published).toEqual({ version: '1.0.0', where: 'tag tiny@1.0.0' });
    expect(result.findings.map((f) => f.id)).toEqual([...BREAKING, ...ADDITIONS].sort());
    const self = await compatJson(['--against', 'HEAD']);
    expect(self.result.published).toEqual({ version: '1.0.0', where: 'git HEAD' });
    expect(self.result.findings).toHaveLength(BREAKING.length + ADDITIONS.length);
  });
});
