import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFileSet, type PlannedFile } from '../adapters/file-set.ts';

/**
 * Write a planned file set, then run follow-up steps (regenerating schemas and docs). If any step
 * fails, every file the transaction touched is put back as it was and new directories are removed:
 * the workspace is left exactly as before.
 */
export async function applyAll(files: readonly PlannedFile[], newDirs: readonly string[], followUp: () => Promise<readonly PlannedFile[]>): Promise<PlannedFile[]> {
  const originals = new Map<string, string | undefined>();
  const remember = (f: string): void => {
    if (!originals.has(f)) originals.set(f, existsSync(f) ? readFileSync(f, 'utf8') : undefined);
  };
  for (const f of files) remember(f.file);
  try {
    writeFileSet(files);
    const generated = await followUp();
    for (const f of generated) remember(f.file);
    writeFileSet(generated);
    return [...files, ...generated];
  } catch (error) {
    const restore = [...originals].filter(([, text]) => text !== undefined).map(([file, text]) => ({ file, content: text! }));
    for (const [file, text] of originals) if (text === undefined) rmSync(file, { force: true });
    for (const dir of newDirs) rmSync(dir, { recursive: true, force: true });
    if (restore.length > 0) writeFileSet(restore);
    throw error;
  }
}

/** Write a generator's plan all-or-nothing (its generated files are in the plan already). */
export async function writePlan(plan: { files: readonly PlannedFile[]; newDirs: readonly string[] }): Promise<PlannedFile[]> {
  return applyAll(plan.files, plan.newDirs, async () => []);
}
