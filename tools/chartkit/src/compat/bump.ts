import semver from 'semver';
import { findingSubject, type CompatFinding, type Level } from './types.ts';

/**
 * The bump a chart's findings require, and whether the bump on the way (pending changesets, or a
 * version already raised since the published one) is big enough. Pure.
 *
 * Versions below 1.0.0 follow semver's convention for initial development (as npm's caret ranges
 * and Cargo do): the minor acts as the major. A breaking change of a 0.x chart needs a minor bump,
 * an addition a patch bump — any changeset.
 */

export type Bump = 'none' | 'patch' | 'minor' | 'major';

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function maxBump(...bumps: Bump[]): Bump {
  return bumps.reduce<Bump>((a, b) => (RANK[b] > RANK[a] ? b : a), 'none');
}

export function isInitialDevelopment(version: string): boolean {
  const v = semver.valid(version);
  return v !== null && semver.major(v) === 0;
}

/** The bump from one version to a later one (`none` when it is not later). */
export function versionBump(from: string, to: string): Bump {
  const a = semver.valid(from);
  const b = semver.valid(to);
  if (!a || !b || !semver.gt(b, a)) return 'none';
  const d = semver.diff(a, b);
  if (d === 'major' || d === 'premajor') return 'major';
  if (d === 'minor' || d === 'preminor') return 'minor';
  return 'patch';
}

export function requiredBump(level: Level, published: string): Bump {
  const zero = isInitialDevelopment(published);
  if (level === 'breaking') return zero ? 'minor' : 'major';
  return zero ? 'patch' : 'minor';
}

/** The published version a chart at `current` follows: the newest one not above it. */
export function pickPublished(versions: readonly string[], current: string): string | undefined {
  const cur = semver.valid(current);
  const valid = versions.filter((v) => semver.valid(v) && (!cur || semver.lte(v, cur)));
  return valid.sort(semver.rcompare)[0];
}

/** A deliberate break, named by finding id: from `--allow`, or a `compat-allow:` line with its reason. */
export interface Allow {
  id: string;
  reason: string;
  /** Where it was given: `--allow`, `.changeset/x.md`, `CHANGELOG.md 2.0.0`. */
  source: string;
}

export interface GateInput {
  chart: string;
  published: string;
  current: string;
  findings: readonly CompatFinding[];
  /** The biggest bump pending changesets give the chart (`none` without any). */
  pending: Bump;
  allows: readonly Allow[];
  /** Problems with allow lines (a `compat-allow:` without a reason), already worded. */
  allowProblems: readonly string[];
}

export interface GateResult {
  pass: boolean;
  /** One line per failure, without the `<chart>: ` prefix. */
  failures: string[];
  /** Findings the bump on the way covers. */
  covered: CompatFinding[];
  allowed: { finding: CompatFinding; allow: Allow }[];
  /** The bump on the way: the bigger of the pending changesets and the version step since the published version. */
  bump: Bump;
  /** The bump the findings require. */
  required: Bump;
  notes: string[];
}

function needs(f: CompatFinding, input: GateInput, need: Bump, step: Bump, bump: Bump): string {
  const zero = isInitialDevelopment(input.published) ? `${f.level === 'breaking' ? 'breaking' : 'an addition'} in 0.x` : '';
  if (bump === 'none') {
    return `needs a ${need} bump${zero ? ` (${zero})` : ''}: add a changeset that bumps ${input.chart} ${need} (npx changeset)`;
  }
  const have = RANK[input.pending] >= RANK[step] ? `pending changeset bumps ${input.pending}` : `version ${input.published} → ${input.current} is a ${step} bump`;
  return `needs a ${need} bump (${zero ? `${zero}; ` : ''}${have})`;
}

/** Decide whether the chart may go out with the bump on the way. */
export function evaluateGate(input: GateInput): GateResult {
  const step = versionBump(input.published, input.current);
  const bump = maxBump(step, input.pending);
  const result: GateResult = { pass: true, failures: [], covered: [], allowed: [], bump, required: 'none', notes: [] };
  const used = new Set<Allow>();
  for (const f of input.findings) {
    const allow = input.allows.find((a) => a.id === f.id);
    if (allow) {
      used.add(allow);
      result.allowed.push({ finding: f, allow });
      continue;
    }
    const need = requiredBump(f.level, input.published);
    result.required = maxBump(result.required, need);
    if (RANK[bump] >= RANK[need]) result.covered.push(f);
    else result.failures.push(`${findingSubject(f)}: ${f.message}; ${needs(f, input, need, step, bump)}`);
  }
  result.failures.push(...input.allowProblems);
  for (const a of input.allows) if (!used.has(a)) result.notes.push(`${a.source}: compat-allow ${a.id} matches no finding`);
  result.pass = result.failures.length === 0;
  return result;
}
