import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import type { Workspace } from '../core/workspace.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A new chart name must be a DNS-1123 label of at most 53 characters and not taken. */
export function validateNewChartName(ws: Workspace, name: string, dir: string): void {
  if (!DNS_LABEL.test(name) || name.length > 53) {
    throw new ChartkitError('GENERATOR', `chart name "${name}" is invalid: use lower-case letters, digits and "-", start and end with a letter or digit, at most 53 characters (e.g. ${name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'my-chart'})`);
  }
  const taken = ws.byName.get(name);
  if (taken) throw new ChartkitError('GENERATOR', `chart name "${name}" is taken by ${taken.relDir}; choose another name`);
  if (existsSync(dir)) throw new ChartkitError('GENERATOR', `${path.relative(ws.root, dir)} already exists; choose another name or remove it`);
}
