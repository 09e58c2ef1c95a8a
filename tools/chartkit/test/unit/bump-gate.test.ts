import { describe, expect, it } from 'vitest';
import { missingBump, type BumpGateInput } from '../../src/compat/bump-gate.ts';
import { helmIgnored } from '../../src/core/helmignore.ts';

const HELMIGNORE = ['# Files Helm leaves out', '.git/', 'tests/', 'ci/', 'package.json', 'values.schema.ts', '*.tmp', 'CHANGELOG.md'];
const input = (over: Partial<BumpGateInput>): BumpGateInput => ({
  chart: 'mlflow',
  dir: 'packages/hyperpod/mlflow',
  changedFiles: [],
  helmignore: HELMIGNORE,
  pending: 'none',
  baseVersion: '0.1.0',
  currentVersion: '0.1.0',
  base: 'origin/main',
  ...over,
});

describe('the version-bump gate', () => {
  it('asks for a changeset when a packaged file changed and nothing bumps the chart, naming the files and the command', () => {
    expect(missingBump(input({ changedFiles: ['packages/hyperpod/mlflow/templates/serviceaccount.yaml', 'README.md'] }))).toBe(
      'templates/serviceaccount.yaml changed since origin/main but no pending changeset bumps mlflow 0.1.0, so it could not be published; run "npx changeset" and pick mlflow',
    );
  });

  it('passes with a pending bump, a version already bumped (after npm run version), or a new chart', () => {
    const changed = ['packages/hyperpod/mlflow/values.yaml'];
    expect(missingBump(input({ changedFiles: changed, pending: 'patch' }))).toBeUndefined();
    expect(missingBump(input({ changedFiles: changed, currentVersion: '0.2.0' }))).toBeUndefined();
    expect(missingBump(input({ changedFiles: changed, baseVersion: undefined }))).toBeUndefined();
  });

  it('ignores what Helm leaves out of the package (tests, ci scenarios, changelog), dependency builds and other charts with a common prefix', () => {
    const changedFiles = ['packages/hyperpod/mlflow/tests/sa_test.yaml', 'packages/hyperpod/mlflow/ci/all-values.yaml', 'packages/hyperpod/mlflow/CHANGELOG.md', 'packages/hyperpod/mlflow/charts/hyperpod-common-0.1.0.tgz', 'packages/hyperpod/mlflow/Chart.lock', 'packages/hyperpod/mlflow-extra/values.yaml'];
    expect(missingBump(input({ changedFiles }))).toBeUndefined();
  });

  it('shortens a long list of files', () => {
    const changedFiles = ['a', 'b', 'c', 'd', 'e'].map((f) => `packages/hyperpod/mlflow/templates/${f}.yaml`);
    expect(missingBump(input({ changedFiles }))).toMatch(/^templates\/a\.yaml, templates\/b\.yaml, templates\/c\.yaml, … \(5 files\) changed since/);
  });

  it('matches .helmignore patterns: directories, names and extensions', () => {
    expect(helmIgnored('tests/x_test.yaml', HELMIGNORE)).toBe(true);
    expect(helmIgnored('templates/tests/hook.yaml', HELMIGNORE)).toBe(true);
    expect(helmIgnored('scratch.tmp', HELMIGNORE)).toBe(true);
    expect(helmIgnored('templates/deployment.yaml', HELMIGNORE)).toBe(false);
    expect(helmIgnored('values.schema.json', HELMIGNORE)).toBe(false);
  });
});
