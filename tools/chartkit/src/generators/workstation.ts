import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import type { PlannedFile } from '../adapters/file-set.ts';
import { type Workspace } from '../core/workspace.ts';
import { loadWorkspace } from '../adapters/workspace-files.ts';
import { compileWorkspace, docsFile, schemaFiles } from '../schema/generate.ts';
import { validateNewChartName } from './names.ts';
import { applyAll } from './transaction.ts';

/** The reference chart each workstation type is generated from, and its image. */
export const WORKSTATION_TYPES: Record<string, { chart: string; image: string }> = {
  desktop: { chart: 'desktop-tensorflow', image: 'ubuntu-python-tensorflow-desktop' },
  webapp: { chart: 'jupyter-tensorflow', image: 'ubuntu-python-tensorflow-desktop-jupyter' },
};

const SKIP = new Set(['charts', 'node_modules', '__snapshot__', 'Chart.lock', 'CHANGELOG.md', 'values.schema.json', 'values.yaml']);

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [path.relative(base, p)];
  });
}

export interface WorkstationOptions {
  name: string;
  type: string;
  image?: string;
  group?: string;
}

/**
 * `chartkit new workstation <name> --type desktop|webapp`: a new chart made from the reference
 * workstation chart of that type (Deployment, Service and Secret of one name, annotations,
 * datasets form, tests), renamed, at version 0.1.0, with its own image.
 */
export async function newWorkstation(ws: Workspace, o: WorkstationOptions): Promise<PlannedFile[]> {
  const kind = WORKSTATION_TYPES[o.type];
  if (!kind) throw new ChartkitError('GENERATOR', `--type ${o.type}: use desktop (remote desktop through Guacamole) or webapp (Jupyter in the desktop)`);
  if (o.image !== undefined && !/^[a-z0-9]+([._/-][a-z0-9]+)*$/.test(o.image)) {
    throw new ChartkitError('GENERATOR', `--image ${o.image}: an image name is lower-case letters, digits and . _ - / (no registry, no tag: the tag is the chart appVersion)`);
  }
  const reference = ws.byName.get(kind.chart);
  if (!reference) throw new ChartkitError('GENERATOR', `the reference chart ${kind.chart} is not in this workspace`);
  const dir = path.join(ws.root, 'packages', o.group ?? 'chaimeleon', o.name);
  validateNewChartName(ws, o.name, dir);
  const image = o.image ?? kind.image;
  const refVersion = reference.version;
  const files: PlannedFile[] = walk(reference.dir).map((rel) => {
    let text = readFileSync(path.join(reference.dir, rel), 'utf8');
    if (image !== kind.image) text = text.split(`/${kind.image}:`).join(`/${image}:`);
    text = text.split(reference.name).join(o.name).split(refVersion).join('0.1.0');
    return { file: path.join(dir, rel), content: text };
  });
  files.push({ file: path.join(dir, 'CHANGELOG.md'), content: `# ${o.name}\n` });
  return applyAll(files, [dir], async () => {
    const next = loadWorkspace(ws.root);
    const compiled = await compileWorkspace(next, [next.byName.get(o.name)!]);
    const c = compiled.get(o.name)!;
    return [...schemaFiles(c), docsFile(next, c)].map((g) => ({ file: g.file, content: g.content }));
  });
}
