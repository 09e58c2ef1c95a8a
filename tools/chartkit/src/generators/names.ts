import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ChartkitError } from '../core/errors.ts';
import type { Workspace } from '../core/workspace.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A name YAML reads as something else than that string (`yes`, `y`, `on`, `null`, `123`, `0x1f`,
 * `2024-01-01`; Helm parses Chart.yaml as YAML 1.1): the chart's own Chart.yaml and every label and
 * test value that holds the bare name would read it as a boolean, number, null or date.
 */
function notAYamlString(name: string): boolean {
  return parseYaml(name, { version: '1.1' }) !== name || parseYaml(name) !== name;
}

/** A new chart name must be a DNS-1123 label of at most 53 characters that YAML reads as a string, and not taken. */
export function validateNewChartName(ws: Workspace, name: string, dir: string): void {
  if (!DNS_LABEL.test(name) || name.length > 53) {
    throw new ChartkitError('GENERATOR', `chart name "${name}" is invalid: use lower-case letters, digits and "-", start and end with a letter or digit, at most 53 characters (e.g. ${name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'my-chart'})`);
  }
  if (notAYamlString(name)) {
    throw new ChartkitError('GENERATOR', `chart name "${name}" is not a string in YAML (Helm would read it as a boolean, number, null or date); choose another name (e.g. ${name}-chart)`);
  }
  const taken = ws.byName.get(name);
  if (taken) throw new ChartkitError('GENERATOR', `chart name "${name}" is taken by ${taken.relDir}; choose another name`);
  if (existsSync(dir)) throw new ChartkitError('GENERATOR', `${path.relative(ws.root, dir)} already exists; choose another name or remove it`);
}
