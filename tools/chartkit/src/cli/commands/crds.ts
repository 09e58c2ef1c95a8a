import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { planCrdCopies, type PlannedCopy } from '../../core/crd-copies.ts';
import { staleCrdCopies } from '../../adapters/workspace-files.ts';
import { ChartkitError } from '../../core/errors.ts';
import { writeFileSet } from '../../adapters/file-set.ts';
import { selectCharts } from '../../core/workspace.ts';
import { loadContext } from '../context.ts';
import type { Action } from '../action.ts';
import { fail, info, ok } from '../output.ts';

/** The bytes of a copy as text for writeFileSet, refusing a file that would not round-trip (not UTF-8). */
function asText(copy: PlannedCopy): string {
  const text = copy.bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(copy.bytes)) throw new ChartkitError('GENERATOR', `${copy.file}: the source is not UTF-8 text; it cannot be copied byte for byte`);
  return text;
}

/**
 * `chartkit crds sync`: copy each chart's pinned operator CRDs (toolchain/versions.json
 * operatorCrds) byte for byte into files/crds/ with SOURCES.json; with --check, list what is stale.
 */
export async function crdsSync(names: string[], options: { check?: boolean }): Promise<number> {
  const { ws, root } = loadContext();
  const { OPERATOR_CRD_CHARTS, operatorCrdSource } = await import('../../adapters/operator-crds.ts');
  const pinned = OPERATOR_CRD_CHARTS();
  const charts = names.length > 0 ? selectCharts(ws, names) : selectCharts(ws, pinned);
  let stale = 0;
  for (const chart of charts) {
    const plan = planCrdCopies(chart.dir, await operatorCrdSource(chart.name, root));
    const found = staleCrdCopies(chart.dir, plan);
    const rel = (f: string): string => path.relative(root, f);
    if (options.check) {
      for (const f of found.stale) fail(`${rel(f.file)} ${existsSync(f.file) ? 'differs from the pinned source' : 'is missing'}; run "npx chartkit crds sync ${chart.name}"`);
      for (const f of found.extra) fail(`${rel(f)} is not a pinned source file; run "npx chartkit crds sync ${chart.name}" to remove it`);
      stale += found.stale.length + found.extra.length;
      if (found.stale.length + found.extra.length === 0) ok(`${chart.name}: ${plan.length - 1} CRD file(s) as published`);
      continue;
    }
    writeFileSet(found.stale.map((f) => ({ file: f.file, content: asText(f) })));
    for (const f of found.extra) rmSync(f, { force: true });
    for (const f of found.stale) info(`wrote ${rel(f.file)}`);
    for (const f of found.extra) info(`removed ${rel(f)}`);
    ok(`${chart.name}: ${found.stale.length} file(s) written, ${found.extra.length} removed, ${plan.length - found.stale.length} unchanged`);
  }
  return stale > 0 ? 1 : 0;
}

export function registerCrdsCommand(cmd: Command, action: Action): void {
  const crds = cmd.command('crds').description("the operators' CRDs that charts ship as published (toolchain/versions.json operatorCrds)");
  crds
    .command('sync')
    .argument('[charts...]', 'chart names (default: every chart with pinned operator CRDs)')
    .description('copy each pinned CRD file byte for byte into the chart\'s files/crds/, with SOURCES.json (source, sha256)')
    .option('--check', 'change nothing; fail if a copy or SOURCES.json differs from the pinned source')
    .action(action((names: string[], o: { check?: boolean }) => crdsSync(names, o)));
}
