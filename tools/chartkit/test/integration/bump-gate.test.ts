import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartkit, edit, removeScratch, scratchCopy } from '../helpers.ts';

/** The lint rule `changeset` in a clone: a chart changed on a branch without a changeset fails lint. */
let ws: string;
const git = (args: string[]) => execa('git', args, { cwd: ws, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });

beforeAll(async () => {
  ws = scratchCopy('release');
  await git(['init', '-q', '-b', 'main']);
  await git(['add', '-A']);
  await git(['commit', '-qm', 'base']);
  await git(['checkout', '-qb', 'feature']);
});

afterAll(() => removeScratch(ws));

describe('lint: a pending changeset for changed files', () => {
  it('fails when a packaged file of a chart changed since main and no changeset bumps it; a changeset fixes it', async () => {
    edit(path.join(ws, 'packages/demo/worker/templates/configmap.yaml'), (t) => `${t.trimEnd()}\n  changed: "yes"\n`);
    const r = await chartkit(ws, ['lint', 'worker']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('worker: templates/configmap.yaml changed since main but no pending changeset bumps worker 0.2.0, so it could not be published; run "npx changeset" and pick worker [changeset]');

    mkdirSync(path.join(ws, '.changeset'), { recursive: true });
    writeFileSync(path.join(ws, '.changeset/worker-data.md'), '---\n"worker": patch\n---\n\nThe worker config map says it changed.\n');
    const fixed = await chartkit(ws, ['lint', 'worker']);
    expect(fixed.stdout).not.toContain('[changeset]');
    expect(fixed.exitCode).toBe(0);
  });

  it('does not ask for one when only tests or ci scenarios changed', async () => {
    await git(['checkout', '-q', '--', '.']);
    await git(['clean', '-qfd', '.changeset']);
    mkdirSync(path.join(ws, 'packages/demo/base/tests'), { recursive: true });
    writeFileSync(path.join(ws, 'packages/demo/base/tests/extra_test.yaml'), 'suite: extra\ntemplates: []\ntests: []\n');
    const r = await chartkit(ws, ['lint', 'base']);
    expect(r.stdout).not.toContain('[changeset]');
  });
});
