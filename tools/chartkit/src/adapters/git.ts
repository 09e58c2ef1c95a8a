import { ChartkitError } from '../core/errors.ts';
import { run } from './exec.ts';

/** The few git operations releases need: is this a repository, does a tag exist, create one. */

async function git(cwd: string, args: string[]): Promise<{ exitCode: number; stdout: string; all: string }> {
  const result = await run('git', args, { cwd });
  return { exitCode: result.exitCode, stdout: result.stdout.trim(), all: result.all };
}

export async function isGitRepository(cwd: string): Promise<boolean> {
  return (await git(cwd, ['rev-parse', '--is-inside-work-tree'])).stdout === 'true';
}

export async function tagExists(cwd: string, tag: string): Promise<boolean> {
  return (await git(cwd, ['rev-parse', '-q', '--verify', `refs/tags/${tag}`])).exitCode === 0;
}

/** A lightweight tag on HEAD, the way changesets tags packages (`<name>@<version>`). */
export async function createTag(cwd: string, tag: string): Promise<void> {
  const result = await git(cwd, ['tag', tag]);
  if (result.exitCode !== 0) {
    throw new ChartkitError('TOOL_FAILED', `git tag ${tag} failed: ${result.all.split('\n').filter(Boolean).pop() ?? `exit code ${result.exitCode}`}`);
  }
}

/** Create `<chart>@<version>` tags, skipping existing ones. Returns what was created and skipped. */
export async function tagReleases(cwd: string, tags: readonly string[]): Promise<{ created: string[]; existing: string[] }> {
  if (!(await isGitRepository(cwd))) throw new ChartkitError('USAGE', `--tag: ${cwd} is not a git repository; run publish from a clone or drop --tag`);
  const created: string[] = [];
  const existing: string[] = [];
  for (const tag of tags) {
    if (await tagExists(cwd, tag)) existing.push(tag);
    else {
      await createTag(cwd, tag);
      created.push(tag);
    }
  }
  return { created, existing };
}
