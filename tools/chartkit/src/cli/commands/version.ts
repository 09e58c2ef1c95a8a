import path from 'node:path';
import { writeFileSet } from '../../adapters/file-set.ts';
import { loadContext } from '../context.ts';
import { fail, info, ok } from '../output.ts';
import { planVersionSync } from '../../version/sync.ts';

/**
 * `chartkit version [charts…] [--check]`: after `changeset version` has bumped package.json files,
 * carry the versions into Chart.yaml, the consumers' file:// pins, Chart.lock files and the
 * artifacthub.io/changes annotation. All files are written together or not at all.
 */
export async function versionCommand(names: string[], options: { check?: boolean }): Promise<number> {
  const { ws, root } = loadContext();
  const plan = await planVersionSync(ws, names, { refreshLocks: !options.check });
  if (options.check) {
    if (plan.disagreements.length === 0) {
      ok(`version: package.json, Chart.yaml, pins and Chart.lock agree for ${names.length > 0 ? names.length : ws.charts.length} chart(s)`);
      return 0;
    }
    for (const d of plan.disagreements) fail(d);
    return 1;
  }
  writeFileSet(plan.files);
  for (const f of plan.files) info(`wrote ${path.relative(root, f.file)}`);
  ok(`version: ${plan.files.length} file(s) written${plan.files.length === 0 ? '; everything was in sync' : ''}`);
  return 0;
}
