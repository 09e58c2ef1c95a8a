import path from 'node:path';
import { existsSync } from 'node:fs';
import { readJsonFile } from '../adapters/read-file.ts';
import { ChartkitError } from '../core/errors.ts';
import type { ChartOwnership, Maintainer } from './workstation.ts';

/** `Name <email>` or `Name` (an https URL in parentheses is also accepted: `Name (https://…)`). */
export function parseMaintainer(text: string): Maintainer {
  const m = /^\s*([^<>()]+?)\s*(?:<([^<>\s]+@[^<>\s]+)>)?\s*(?:\((https?:\/\/[^()\s]+)\))?\s*$/.exec(text);
  if (!m || !m[1]) throw new ChartkitError('GENERATOR', `--maintainer ${JSON.stringify(text)}: write it as "Name <email>" (email and "(https://url)" optional)`);
  const out: Maintainer = { name: m[1] };
  if (m[2]) out.email = m[2];
  if (m[3]) out.url = m[3];
  return out;
}

const URL = /^https?:\/\/\S+$/;

function checkUrl(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !URL.test(value)) throw new ChartkitError('GENERATOR', `${where}: give an http(s) URL`);
  return value;
}

/**
 * Maintainers, home and icon of a new chart: the options, else the workspace package.json's
 * `"chartkit": {"maintainers": [{"name", "email"}], "home", "icon"}`. A published chart says who
 * maintains it (lint requires maintainers or home), so with neither the generator stops.
 */
export function chartOwnership(o: ChartOwnership, workspaceRoot: string): ChartOwnership {
  const file = path.join(workspaceRoot, 'package.json');
  const config = existsSync(file) ? ((readJsonFile(file, 'package.json') as { chartkit?: unknown }).chartkit ?? {}) : {};
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new ChartkitError('GENERATOR', 'package.json: "chartkit" must be an object like {"maintainers": [{"name": "…", "email": "…"}], "home": "https://…"}');
  const c = config as { maintainers?: unknown; home?: unknown; icon?: unknown };
  let maintainers = o.maintainers;
  if (!maintainers?.length && c.maintainers !== undefined) {
    if (!Array.isArray(c.maintainers) || c.maintainers.some((m) => !m || typeof m !== 'object' || typeof (m as Maintainer).name !== 'string' || (m as Maintainer).name === '')) {
      throw new ChartkitError('GENERATOR', 'package.json: "chartkit.maintainers" must be a list of {"name": "…", "email": "…"}');
    }
    maintainers = (c.maintainers as Maintainer[]).map((m) => ({ name: m.name, ...(m.email ? { email: String(m.email) } : {}), ...(m.url ? { url: String(m.url) } : {}) }));
  }
  const home = checkUrl(o.home, '--home') ?? checkUrl(c.home, 'package.json: "chartkit.home"');
  const icon = checkUrl(o.icon, '--icon') ?? checkUrl(c.icon, 'package.json: "chartkit.icon"');
  if (!maintainers?.length && !home) {
    throw new ChartkitError('GENERATOR', 'say who maintains the chart: --maintainer "Name <email>" (repeatable) or --home URL, or set "chartkit": {"maintainers": [{"name": "…", "email": "…"}]} in package.json');
  }
  return { ...(maintainers?.length ? { maintainers } : {}), ...(home ? { home } : {}), ...(icon ? { icon } : {}) };
}
