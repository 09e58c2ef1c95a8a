import path from 'node:path';
import { baseRef, changedFilesSince, fileAt, repositoryRoot } from '../adapters/git.ts';
import type { Chart } from '../core/chart.ts';
import { helmignorePatterns } from '../adapters/workspace-files.ts';
import { ChartkitError } from '../core/errors.ts';
import { localDependenciesOf, localEdges } from '../core/graph.ts';
import type { Workspace } from '../core/workspace.ts';
import { missingBump } from '../compat/bump-gate.ts';
import { pendingBump, type Changeset } from '../compat/changesets.ts';
import { readChangesets } from './compat.ts';
import type { Finding } from './types.ts';

interface Changes {
  base: string;
  root: string;
  files: string[];
  changesets: Changeset[];
}

/** The base, the files changed since it and the pending changesets, read once per process and workspace. */
const changes = new Map<string, Promise<Changes | undefined>>();

function changesOf(ws: Workspace): Promise<Changes | undefined> {
  let found = changes.get(ws.root);
  if (!found) {
    found = (async () => {
      const base = await baseRef(ws.root);
      if (!base) return undefined;
      return { base, root: await repositoryRoot(ws.root), files: await changedFilesSince(ws.root, base), changesets: readChangesets(ws.root) };
    })();
    changes.set(ws.root, found);
  }
  return found;
}

/** The lint rule `changeset`: packaged files changed since the base branch need a pending changeset. */
export async function bumpGateFindings(ws: Workspace, chart: Chart): Promise<Finding[]> {
  try {
    const since = await changesOf(ws);
    if (!since) return [];
    const dir = path.relative(since.root, chart.dir).split(path.sep).join('/');
    const basePackage = await fileAt(since.root, since.base, `${dir}/package.json`);
    let baseVersion: string | undefined;
    try {
      baseVersion = basePackage === undefined ? undefined : String((JSON.parse(basePackage) as { version?: unknown }).version);
    } catch {
      baseVersion = undefined;
    }
    const message = missingBump({
      chart: chart.name,
      dir,
      changedFiles: since.files,
      helmignore: helmignorePatterns(chart.dir),
      pending: pendingBump(chart.name, localDependenciesOf(ws, chart, localEdges(ws)).map((c) => c.name), since.changesets),
      baseVersion,
      currentVersion: chart.version,
      base: since.base,
    });
    return message ? [{ rule: 'changeset', chart: chart.name, message }] : [];
  } catch (error) {
    if (!(error instanceof ChartkitError)) throw error;
    return [{ rule: 'changeset', chart: chart.name, message: error.message }];
  }
}
