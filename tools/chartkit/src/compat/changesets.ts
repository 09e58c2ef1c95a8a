import parseChangesetFile from '@changesets/parse';
import semver from 'semver';
import { ChartkitError } from '../core/errors.ts';
import { changelogSections } from '../version/changelog.ts';
import { maxBump, type Allow, type Bump } from './bump.ts';

/**
 * Pending changesets (`.changeset/*.md`) and the `compat-allow:` lines in them and in changelogs.
 * Front matter is read by changesets' own parser. Pure: text in, data out.
 */

export interface Changeset {
  /** Path shown in messages, e.g. `.changeset/brave-cats.md`. */
  file: string;
  releases: { name: string; type: Bump }[];
  allows: Allow[];
  allowProblems: string[];
}

const ALLOW = /^\s*(?:[-*]\s+)?compat-allow:\s*([^\s—–]+)\s*(?:(?:—|–|--|-|:)\s*)?(.*)$/;

/**
 * `compat-allow: <id> — <reason>` lines (also `--`, `-` or `:` before the reason). A line without
 * a reason is a problem: a deliberate break says why.
 */
export function parseAllowLines(text: string, source: string): { allows: Allow[]; problems: string[] } {
  const allows: Allow[] = [];
  const problems: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = ALLOW.exec(line);
    if (!m) continue;
    const id = m[1]!;
    const reason = m[2]!.trim();
    if (reason) allows.push({ id, reason, source });
    else problems.push(`${source}: "compat-allow: ${id}" gives no reason; write "compat-allow: ${id} — <why this break is deliberate>"`);
  }
  return { allows, problems };
}

export function parseChangeset(text: string, file: string): Changeset {
  let parsed: ReturnType<typeof parseChangesetFile>;
  try {
    parsed = parseChangesetFile(text);
  } catch (error) {
    throw new ChartkitError('USAGE', `${file}: ${String((error as Error).message).split('\n')[0]}; fix it (format: .changeset/README.md)`);
  }
  const { allows, problems } = parseAllowLines(parsed.summary, file);
  return { file, releases: parsed.releases.map((r) => ({ name: r.name, type: r.type as Bump })), allows, allowProblems: problems };
}

/**
 * The bump pending changesets give a chart: the biggest one naming it, and at least a patch when
 * one names a chart it depends on (changesets bumps dependents itself, `updateInternalDependencies`).
 */
export function pendingBump(chart: string, dependencies: readonly string[], changesets: readonly Changeset[]): Bump {
  let bump: Bump = 'none';
  for (const c of changesets) {
    for (const r of c.releases) {
      if (r.name === chart) bump = maxBump(bump, r.type);
      else if (dependencies.includes(r.name) && r.type !== 'none') bump = maxBump(bump, 'patch');
    }
  }
  return bump;
}

/** The allow lines of the changesets that release `chart`: an allow applies to the charts its changeset names. */
export function changesetAllows(chart: string, changesets: readonly Changeset[]): { allows: Allow[]; problems: string[] } {
  const mine = changesets.filter((c) => c.releases.some((r) => r.name === chart));
  return { allows: mine.flatMap((c) => c.allows), problems: mine.flatMap((c) => c.allowProblems) };
}

/**
 * Allow lines already released into the chart's CHANGELOG.md: after `changeset version` the
 * changesets are gone, and their summaries are the sections above the published version.
 */
export function changelogAllows(changelog: string, published: string, current: string, file: string): { allows: Allow[]; problems: string[] } {
  const allows: Allow[] = [];
  const problems: string[] = [];
  for (const section of changelogSections(changelog)) {
    const v = semver.valid(section.version);
    if (!v || !semver.gt(v, published) || !semver.lte(v, current)) continue;
    const found = parseAllowLines(section.lines.join('\n'), `${file} ${v}`);
    allows.push(...found.allows);
    problems.push(...found.problems);
  }
  return { allows, problems };
}
