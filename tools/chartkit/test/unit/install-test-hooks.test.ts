import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasHelmTests } from '../../src/cli/commands/install-test.ts';
import type { Chart } from '../../src/core/chart.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hooks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function chartWith(files: Record<string, string>): Chart {
  const root = mkdtempSync(path.join(dir, 'c-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), text);
  }
  return { name: 'c', version: '1.0.0', type: 'application', dependencies: [], annotations: {}, dir: root, relDir: 'c', raw: {} };
}

describe('install-test runs helm test only for charts with test hooks', () => {
  it('finds a helm.sh/hook: test annotation in any template, quoted or not, also in subdirectories', () => {
    expect(hasHelmTests(chartWith({ 'templates/tests/conn.yaml': 'metadata:\n  annotations:\n    "helm.sh/hook": test\n' }))).toBe(true);
    expect(hasHelmTests(chartWith({ 'templates/pod.yaml': 'metadata:\n  annotations:\n    helm.sh/hook: "test-success"\n' }))).toBe(true);
  });

  it('ignores other hooks and charts without templates', () => {
    expect(hasHelmTests(chartWith({ 'templates/job.yaml': 'metadata:\n  annotations:\n    helm.sh/hook: pre-install,post-upgrade\n' }))).toBe(false);
    expect(hasHelmTests(chartWith({ 'values.yaml': 'a: 1\n' }))).toBe(false);
  });
});
