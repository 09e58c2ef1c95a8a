import { parseDocument } from 'yaml';
import { ChartkitError } from '../core/errors.ts';

/**
 * What a chart expects the platform to provide before it installs (ci/prerequisites.yaml): namespaces
 * it uses but does not own, CRD sets of other projects (pinned in toolchain/versions.json), and any
 * other objects (a PriorityClass, say). `chartkit install-test` creates them before installing; they
 * are the chart's documented contract with the cluster, never hidden in test code.
 */
export interface Prerequisites {
  namespaces: string[];
  crds: string[];
  manifests: Record<string, unknown>[];
}

/** The file: what every scenario needs, plus what single scenarios (ci/<name>-values.yaml) need on top. */
export interface PrerequisitesFile extends Prerequisites {
  scenarios: Record<string, Prerequisites>;
}

export const PREREQUISITES_FILE = 'ci/prerequisites.yaml';
export const NO_PREREQUISITES: PrerequisitesFile = { namespaces: [], crds: [], manifests: [], scenarios: {} };

/** What one scenario needs: the common part and its own. */
export function prerequisitesFor(file: PrerequisitesFile, scenario: string): Prerequisites {
  const own = file.scenarios[scenario];
  if (!own) return { namespaces: file.namespaces, crds: file.crds, manifests: file.manifests };
  return {
    namespaces: [...new Set([...file.namespaces, ...own.namespaces])],
    crds: [...new Set([...file.crds, ...own.crds])],
    manifests: [...file.manifests, ...own.manifests],
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function parsePrerequisites(text: string, file: string, knownCrds: readonly string[], knownScenarios?: readonly string[]): PrerequisitesFile {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new ChartkitError('CHART_CONTRACT', `${file}: invalid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix the syntax`);
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ChartkitError('CHART_CONTRACT', `${file}: expected a mapping with namespaces, crds, manifests and scenarios`);
  const scenarios: Record<string, Prerequisites> = {};
  const rawScenarios = raw.scenarios ?? {};
  if (typeof rawScenarios !== 'object' || Array.isArray(rawScenarios)) throw new ChartkitError('CHART_CONTRACT', `${file}: scenarios must map a scenario name (ci/<name>-values.yaml) to its prerequisites`);
  for (const [name, value] of Object.entries(rawScenarios as Record<string, unknown>)) {
    if (knownScenarios && !knownScenarios.includes(name)) throw new ChartkitError('CHART_CONTRACT', `${file}: scenarios.${name}: no ci/${name}-values.yaml; known scenarios: ${knownScenarios.join(', ') || 'none'}`);
    scenarios[name] = parseSection((value ?? {}) as Record<string, unknown>, `${file}: scenarios.${name}`, knownCrds, false);
  }
  return { ...parseSection(raw, file, knownCrds, true), scenarios };
}

function parseSection(raw: Record<string, unknown>, file: string, knownCrds: readonly string[], top: boolean): Prerequisites {
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ChartkitError('CHART_CONTRACT', `${file}: expected a mapping with namespaces, crds and manifests`);
  const allowed = top ? ['namespaces', 'crds', 'manifests', 'scenarios'] : ['namespaces', 'crds', 'manifests'];
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) throw new ChartkitError('CHART_CONTRACT', `${file}: unknown key "${key}"; allowed: ${allowed.join(', ')}`);
  }
  const list = (key: string): unknown[] => {
    const v = raw[key] ?? [];
    if (!Array.isArray(v)) throw new ChartkitError('CHART_CONTRACT', `${file}: ${key} must be a list`);
    return v;
  };
  const namespaces = list('namespaces').map((n, i) => {
    if (typeof n !== 'string' || !DNS_LABEL.test(n) || n.length > 63) throw new ChartkitError('CHART_CONTRACT', `${file}: namespaces[${i}] "${String(n)}" is not a valid namespace name`);
    return n;
  });
  const crds = list('crds').map((n, i) => {
    if (typeof n !== 'string' || !knownCrds.includes(n)) throw new ChartkitError('CHART_CONTRACT', `${file}: crds[${i}] "${String(n)}" is not a pinned CRD set; known: ${knownCrds.join(', ')} (tools/chartkit/toolchain/versions.json platformCrds)`);
    return n;
  });
  const manifests = list('manifests').map((m, i) => {
    const o = m as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
    if (!o || typeof o !== 'object' || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') {
      throw new ChartkitError('CHART_CONTRACT', `${file}: manifests[${i}] needs apiVersion, kind and metadata.name`);
    }
    return m as Record<string, unknown>;
  });
  return { namespaces, crds, manifests };
}
