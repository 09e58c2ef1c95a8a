import path from 'node:path';
import { writeFileSet } from '../../adapters/file-set.ts';
import { compileWorkspace, docsFile, schemaFiles, staleFiles, type GeneratedFile } from '../../schema/generate.ts';
import { loadContext, selectOrdered } from '../context.ts';
import { fail, ok, info } from '../output.ts';

/** `chartkit schema` and `chartkit docs`: write generated files, or with --check list the stale ones. */
export async function generate(kind: 'schema' | 'docs', names: string[], options: { check?: boolean }): Promise<number> {
  const { ws, root } = loadContext(names);
  const charts = selectOrdered(ws, names);
  const compiled = await compileWorkspace(ws, charts);
  const files: GeneratedFile[] = [];
  for (const chart of charts) {
    const c = compiled.get(chart.name);
    if (!c) {
      info(`${chart.name}: no values.schema.ts, nothing to generate`);
      continue;
    }
    if (kind === 'schema') files.push(...schemaFiles(c));
    else files.push(docsFile(ws, c));
  }
  const stale = staleFiles(files);
  if (options.check) {
    if (stale.length === 0) {
      ok(`${kind}: ${files.length} generated file(s) up to date`);
      return 0;
    }
    for (const f of stale) fail(`${path.relative(root, f.file)} is stale; run "npx chartkit ${kind}" and commit the result`);
    return 1;
  }
  writeFileSet(stale.map((f) => ({ file: f.file, content: f.content })));
  for (const f of stale) info(`wrote ${path.relative(root, f.file)}`);
  ok(`${kind}: ${stale.length} file(s) written, ${files.length - stale.length} unchanged`);
  return 0;
}
