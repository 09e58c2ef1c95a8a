import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { ChartkitError } from './errors.ts';

/** One rendered Kubernetes object and the template it came from. */
export interface Manifest {
  /** The template path from Helm's `# Source:` comment, e.g. `mychart/templates/deployment.yaml`. */
  source: string;
  object: Record<string, unknown>;
}

export function manifestId(m: Manifest): string {
  const meta = (m.object.metadata ?? {}) as { name?: string };
  return `${String(m.object.kind ?? '?')}/${meta.name ?? '?'}`;
}

/**
 * Split `helm template` output into objects, keeping each one's `# Source:` template.
 *
 * Strict by default: a document the `yaml` package cannot parse is an error naming its template.
 * `tolerant` is for manifests the API server already accepted (a deployed release): Go's YAML
 * parser takes some input `yaml` refuses (upstream's MPIJob CRD continues a quoted description at
 * its key's indentation), and the objects are kept as `yaml` recovers them. Only read what comes
 * before such a scalar (kind, metadata) from a tolerant parse.
 */
export function parseManifests(text: string, options: { tolerant?: boolean } = {}): Manifest[] {
  const out: Manifest[] = [];
  const chunks = text.split(/^---\s*$/m);
  for (const chunk of chunks) {
    const sourceMatch = /^# Source: (.+)$/m.exec(chunk);
    const source = sourceMatch?.[1]?.trim() ?? '(unknown template)';
    for (const value of options.tolerant ? tolerantDocuments(chunk) : strictDocuments(chunk, source)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) out.push({ source, object: value as Record<string, unknown> });
    }
  }
  return out;
}

/**
 * Helm's output parsed with js-yaml's YAML 1.2 core schema (what the yaml package's defaults
 * read: no timestamps, no YAML 1.1 booleans), about ten times faster on big CRDs.
 */
function strictDocuments(chunk: string, source: string): unknown[] {
  try {
    return loadAll(chunk, undefined, { schema: CORE_SCHEMA });
  } catch (error) {
    const message = (error as { reason?: string; mark?: { line: number; column: number } }).reason ?? (error as Error).message.split('\n')[0];
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    throw new ChartkitError('LINT_FAILED', `${source}: rendered YAML does not parse: ${message}${mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : ''}`);
  }
}

function tolerantDocuments(chunk: string): unknown[] {
  return parseAllDocuments(chunk).map((doc) => doc.toJS({ maxAliasCount: 100 }) as unknown);
}
