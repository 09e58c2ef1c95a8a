import path from 'node:path';
import type { PlannedFile } from '../adapters/file-set.ts';
import { loadWorkspace } from '../adapters/workspace-files.ts';
import { parseMaintainer } from '../generators/ownership.ts';
import { planSubchart } from '../generators/subchart.ts';
import { planWorkstation } from '../generators/workstation.ts';

/**
 * The Nx generators `subchart` and `workstation` (generators.json; generators/*\/index.cjs load
 * this module): the same plan as `chartkit new …`, every file with its final content, written into
 * Nx's tree. Nx then lists them (`--dry-run` writes nothing) and writes them; a name that is
 * invalid or taken stops the generator before anything is in the tree.
 */

/** The part of Nx's `Tree` the generators use. */
export interface GeneratorTree {
  root: string;
  write(filePath: string, content: string): void;
}

export interface SubchartGeneratorOptions {
  name: string;
  description?: string;
  enabledByDefault?: boolean;
  umbrella?: string;
}

export interface WorkstationGeneratorOptions {
  name: string;
  type: string;
  image?: string;
  group?: string;
  /** Nx passes one --maintainer as a string, several as a list. */
  maintainer?: string | string[];
  home?: string;
  icon?: string;
}

/** What to do after Nx has written the files, for the generator to print. */
const nextSteps = (name: string): string => `created ${name}; run "npm install" to link the new package, then "npx nx run-many -t lint test -p ${name}"`;

function writeToTree(tree: GeneratorTree, files: readonly PlannedFile[]): void {
  for (const f of files) tree.write(path.relative(tree.root, f.file).split(path.sep).join('/'), f.content);
}

export async function subchartGenerator(tree: GeneratorTree, o: SubchartGeneratorOptions): Promise<string> {
  const plan = await planSubchart(loadWorkspace(tree.root), {
    name: o.name,
    enabledByDefault: o.enabledByDefault ?? false,
    ...(o.description ? { description: o.description } : {}),
    ...(o.umbrella ? { umbrella: o.umbrella } : {}),
  });
  writeToTree(tree, plan.files);
  return nextSteps(o.name);
}

export async function workstationGenerator(tree: GeneratorTree, o: WorkstationGeneratorOptions): Promise<string> {
  const maintainers = o.maintainer === undefined ? [] : ([] as string[]).concat(o.maintainer);
  const plan = await planWorkstation(loadWorkspace(tree.root), {
    name: o.name,
    type: o.type,
    group: o.group ?? 'chaimeleon',
    ...(o.image ? { image: o.image } : {}),
    ...(maintainers.length > 0 ? { maintainers: maintainers.map(parseMaintainer) } : {}),
    ...(o.home ? { home: o.home } : {}),
    ...(o.icon ? { icon: o.icon } : {}),
  });
  writeToTree(tree, plan.files);
  return nextSteps(o.name);
}
