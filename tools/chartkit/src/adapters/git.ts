import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import { run } from './exec.ts';
import { settings } from './environment.ts';

/** The few git operations releases need: is this a repository, does a tag exist, create one; and reading a published version back (tags, git archive) for compat. */

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

/** Tags matching a pattern (`<chart>@*`); none outside a git repository or without git. */
export async function listTags(cwd: string, pattern: string): Promise<string[]> {
  let result;
  try {
    result = await git(cwd, ['tag', '--list', pattern]);
  } catch (error) {
    if (error instanceof ChartkitError && error.code === 'TOOL_MISSING') return [];
    throw error;
  }
  return result.exitCode === 0 ? result.stdout.split('\n').filter(Boolean) : [];
}

/** Whether `ref` names a commit (a tag, branch or hash). */
export async function isCommit(cwd: string, ref: string): Promise<boolean> {
  return (await git(cwd, ['rev-parse', '-q', '--verify', `${ref}^{commit}`])).exitCode === 0;
}

/**
 * Write the directory `dir` (relative to `cwd`) as it is at `ref` into the tar file `out`, its
 * entries relative to `dir` (`git archive <ref>:<path>`). Returns false when `ref` has no such directory.
 */
export async function archiveDirectory(cwd: string, ref: string, dir: string, out: string): Promise<boolean> {
  const prefix = (await git(cwd, ['rev-parse', '--show-prefix'])).stdout;
  const tree = `${ref}:${path.posix.join(prefix, dir)}`;
  if ((await git(cwd, ['cat-file', '-t', tree])).stdout !== 'tree') return false;
  const result = await git(cwd, ['archive', '--format=tar', '-o', out, tree]);
  if (result.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `git archive ${tree} failed: ${result.all.split('\n').filter(Boolean).pop() ?? `exit code ${result.exitCode}`}`);
  return true;
}

/**
 * The base a branch is compared with for the version-bump gate: CHARTKIT_BASE_REF, else the first of
 * origin/main, main that names a commit. Undefined outside a git repository or without either.
 */
export async function baseRef(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (!(await isGitRepository(cwd).catch(() => false))) return undefined;
  const base = settings(env).CHARTKIT_BASE_REF;
  const candidates = base ? [base] : ['origin/main', 'main'];
  for (const ref of candidates) if (await isCommit(cwd, ref)) return ref;
  return undefined;
}

/**
 * Files that differ from `base` (from the merge base with HEAD, committed or not, plus untracked
 * files git does not ignore), relative to the repository root.
 */
export async function changedFilesSince(cwd: string, base: string): Promise<string[]> {
  const mergeBase = (await git(cwd, ['merge-base', base, 'HEAD'])).stdout || base;
  const tracked = await git(cwd, ['diff', '--name-only', mergeBase]);
  if (tracked.exitCode !== 0) throw new ChartkitError('TOOL_FAILED', `git diff --name-only ${mergeBase} failed: ${tracked.all.split('\n').filter(Boolean).pop() ?? ''}`);
  const untracked = await git(cwd, ['ls-files', '--others', '--exclude-standard', '--full-name', ':/']);
  return [...new Set([...tracked.stdout.split('\n'), ...untracked.stdout.split('\n')].filter(Boolean))].sort();
}

/** A file's content at `ref` (path relative to the repository root), or undefined when it did not exist. */
export async function fileAt(cwd: string, ref: string, file: string): Promise<string | undefined> {
  const result = await run('git', ['show', `${ref}:${file}`], { cwd });
  return result.exitCode === 0 ? result.stdout : undefined;
}

/** The repository root (`git rev-parse --show-toplevel`). */
export async function repositoryRoot(cwd: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--show-toplevel'])).stdout;
}

/**
 * The working tree a clone was made from, when its origin is a local directory (`git clone /path`):
 * files that sit beside the original checkout (test fixtures) are found from a clean clone too.
 */
export async function localOrigin(cwd: string): Promise<string | undefined> {
  const result = await run('git', ['config', '--get', 'remote.origin.url'], { cwd }).catch(() => undefined);
  const url = result?.exitCode === 0 ? result.stdout.trim().replace(/^file:\/\//, '') : '';
  if (!url || !path.isAbsolute(url) || !existsSync(url)) return undefined;
  return url.endsWith('.git') && existsSync(path.join(url, '..', '.git')) ? path.dirname(url) : url;
}
