import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import { writeFileSet, type PlannedFile } from '../adapters/file-set.ts';
import type { Workspace } from '../core/workspace.ts';
import type { HelpersSource } from '../adapters/packed-assets.ts';
import { CHAIMELEON_LIBRARY, HELPERS_FILE } from '../lint/rules/chaimeleon.ts';

export const HELMIGNORE_ENTRIES = ['templates/ChaimeleonCommon/.git', 'templates/ChaimeleonCommon/README.md'];

/**
 * Vendor mode: copy chaimeleon-common's helpers file into a chart's templates/ (for charts that
 * cannot depend on the library chart) and add the .helmignore entries the submodule method needs.
 * Re-running updates the copy.
 */
/** Upstream's way of sharing the helpers: a git submodule at templates/ChaimeleonCommon. */
export const UPSTREAM_SUBMODULE = 'templates/ChaimeleonCommon';

/** `packed`: the helpers to vendor when the workspace has no chaimeleon-common (chartkit's npm package carries a copy). */
export function vendorHelpers(ws: Workspace, chartDir: string, packed?: HelpersSource): PlannedFile[] {
  const rel = path.relative(process.cwd(), chartDir) || '.';
  if (!existsSync(path.join(chartDir, 'Chart.yaml'))) throw new ChartkitError('GENERATOR', `${rel}: no Chart.yaml; pass the directory of a chart`);
  const library = ws.byName.get(CHAIMELEON_LIBRARY);
  const helpers: HelpersSource | undefined = library ? { version: library.version, text: readFileSync(path.join(library.dir, 'templates', HELPERS_FILE), 'utf8') } : packed;
  if (!helpers) throw new ChartkitError('GENERATOR', `no ${CHAIMELEON_LIBRARY} chart in this workspace and no packed copy of its helpers in chartkit to vendor from; run it from the chartkit npm package or in the charts repository`);
  const chartYaml = readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8');
  if (new RegExp(`name:\\s*${CHAIMELEON_LIBRARY}\\b`).test(chartYaml.split('dependencies:')[1] ?? '')) {
    throw new ChartkitError('GENERATOR', `${rel}: already depends on ${CHAIMELEON_LIBRARY}; vendoring too would define every template twice. Remove the dependency first`);
  }
  // Upstream's submodule (checked out or not) would load a second definition of every template.
  if (existsSync(path.join(chartDir, UPSTREAM_SUBMODULE))) {
    throw new ChartkitError('GENERATOR', `${path.join(rel, UPSTREAM_SUBMODULE)}: the chart already has upstream's copy of the helpers (a git submodule); vendoring too would define every template twice. Remove it first: git rm ${UPSTREAM_SUBMODULE}`);
  }
  const source = helpers.text;
  const header = `{{/* Vendored from ${CHAIMELEON_LIBRARY} ${helpers.version} by "chartkit chaimeleon vendor"; do not edit, re-run the command to update. */}}\n`;
  const helmignoreFile = path.join(chartDir, '.helmignore');
  const existing = existsSync(helmignoreFile) ? readFileSync(helmignoreFile, 'utf8') : '';
  const lines = existing.split('\n');
  const missing = HELMIGNORE_ENTRIES.filter((e) => !lines.includes(e));
  const helmignore = missing.length === 0 ? existing : `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}# CHAIMELEON helpers checked out as a git submodule\n${missing.join('\n')}\n`;
  const files: PlannedFile[] = [
    { file: path.join(chartDir, 'templates', HELPERS_FILE), content: header + source },
    { file: helmignoreFile, content: helmignore },
  ];
  writeFileSet(files);
  return files;
}
