import semver from 'semver';
import { Document, isMap, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { ChartkitError } from '../core/errors.ts';

/**
 * A Helm repository's index.yaml, edited in place: new chart versions are added, existing entries
 * (and their `created` times) are never rewritten, so publishing the same packages again leaves the
 * file byte-identical. Pure: text in, text out.
 */

export interface IndexedVersion {
  name: string;
  version: string;
  /** sha256 hex of the package, as Helm's `digest` field holds it. */
  digest: string;
  urls: string[];
}

function parse(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) throw new ChartkitError('PUBLISH', `${file}: invalid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix or delete it`);
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new ChartkitError('PUBLISH', `${file}: not a Helm repository index (expected apiVersion, entries, generated)`);
  return doc;
}

/** Every chart version an index lists. */
export function readIndex(text: string, file = 'index.yaml'): IndexedVersion[] {
  const value = parse(text, file).toJS() as { entries?: Record<string, Record<string, unknown>[] | null> } | null;
  const out: IndexedVersion[] = [];
  for (const [name, versions] of Object.entries(value?.entries ?? {})) {
    for (const v of versions ?? []) {
      out.push({
        name,
        version: String(v.version),
        digest: String(v.digest ?? ''),
        urls: Array.isArray(v.urls) ? v.urls.map(String) : [],
      });
    }
  }
  return out;
}

export function findIndexed(text: string | undefined, name: string, version: string, file?: string): IndexedVersion | undefined {
  if (text === undefined) return undefined;
  return readIndex(text, file).find((e) => e.name === name && e.version === version);
}

function quoted(value: string): Scalar {
  const s = new Scalar(value);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

/** Compare two versions newest-first, falling back to string order for non-semver versions. */
function newerFirst(a: string, b: string): number {
  const va = semver.valid(a);
  const vb = semver.valid(b);
  if (va && vb) return semver.rcompare(va, vb);
  return b.localeCompare(a);
}

export interface NewIndexEntry {
  /** Chart.yaml of the package, as Helm wrote it into the .tgz. */
  metadata: Record<string, unknown>;
  digest: string;
  urls: string[];
  /** RFC 3339 time the entry was created. */
  created: string;
}

/**
 * Add one chart version to an index (or start a new index). Keys are written the way `helm repo
 * index` writes them (sorted), versions newest first, charts by name. An entry for the same name
 * and version is replaced only when its digest differs — callers refuse that case before.
 */
export function addToIndex(text: string | undefined, entry: NewIndexEntry, generated: string, file = 'index.yaml'): string {
  const doc = text === undefined || text.trim() === '' ? new Document({ apiVersion: 'v1', entries: {}, generated: '' }) : parse(text, file);
  if (doc.contents === null) doc.contents = doc.createNode({ apiVersion: 'v1', entries: {}, generated: '' }) as never;
  const root = doc.contents as unknown as YAMLMap;
  const found: unknown = root.get('entries', true);
  let map: YAMLMap;
  if (isMap(found)) map = found;
  else {
    map = new YAMLMap();
    root.set('entries', map);
  }
  map.flow = false;
  const name = String(entry.metadata.name);
  const version = String(entry.metadata.version);

  const record: Record<string, unknown> = { ...entry.metadata, created: entry.created, digest: entry.digest, urls: entry.urls };
  const sorted = Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
  const node = doc.createNode(sorted) as YAMLMap;
  node.set('created', quoted(entry.created));

  const listed: unknown = map.get(name, true);
  let seq: YAMLSeq;
  if (isSeq(listed)) seq = listed;
  else {
    seq = new YAMLSeq();
    const at = map.items.findIndex((pair) => String((pair.key as Scalar | undefined)?.value ?? pair.key) > name);
    const pair = doc.createPair(name, seq);
    if (at === -1) map.items.push(pair);
    else map.items.splice(at, 0, pair);
  }
  const existing = seq.items.findIndex((item) => isMap(item) && String(item.get('version')) === version);
  if (existing !== -1) {
    const old = seq.items[existing] as YAMLMap;
    if (String(old.get('digest')) === entry.digest) return text ?? doc.toString({ indentSeq: false, lineWidth: 0 });
    seq.items.splice(existing, 1);
  }
  const at = seq.items.findIndex((item) => isMap(item) && newerFirst(version, String(item.get('version'))) < 0);
  if (at === -1) seq.items.push(node);
  else seq.items.splice(at, 0, node);
  if (!root.has('apiVersion')) root.set('apiVersion', 'v1');
  root.set('generated', quoted(generated));
  return doc.toString({ indentSeq: false, lineWidth: 0 });
}
