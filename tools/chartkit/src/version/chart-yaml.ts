import { isMap, isScalar, isSeq, parseDocument, Scalar, stringify, type Document, type YAMLMap } from 'yaml';
import { ChartkitError } from '../core/errors.ts';

/** The annotation Artifact Hub reads a release's changes from: a string holding a YAML list. */
export const CHANGES_ANNOTATION = 'artifacthub.io/changes';

export interface ChartYamlEdits {
  /** New `version`. */
  version?: string;
  /** New pins of file:// dependencies, by dependency name. */
  pins?: Record<string, string>;
  /** New `artifacthub.io/changes` entries. */
  changes?: string[];
}

function parse(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new ChartkitError('CHART_YAML', `${file}: invalid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix the syntax`);
  if (!isMap(doc.contents)) throw new ChartkitError('CHART_YAML', `${file}: expected a mapping at the top level`);
  return doc;
}

/** Set a scalar's value in place, so its quoting style and comments stay. Returns whether it changed. */
function setScalar(map: YAMLMap, key: string, value: string): boolean {
  const node = map.get(key, true);
  if (isScalar(node)) {
    if (String(node.value) === value) return false;
    node.value = value;
    return true;
  }
  map.set(key, value);
  return true;
}

/** The artifacthub.io/changes value for a list of changes: a YAML list of strings. */
export function changesAnnotationValue(changes: readonly string[]): string {
  return stringify([...changes], { lineWidth: 0 });
}

/**
 * Apply version, pin and annotation edits to a Chart.yaml, keeping comments, key order and
 * quoting. Returns the text unchanged (byte for byte) when nothing needed editing.
 */
export function editChartYaml(text: string, file: string, edits: ChartYamlEdits): string {
  const doc = parse(text, file);
  const root = doc.contents as YAMLMap;
  let changed = false;
  if (edits.version !== undefined) changed = setScalar(root, 'version', edits.version) || changed;
  if (edits.pins && Object.keys(edits.pins).length > 0) {
    const deps = root.get('dependencies', true);
    if (isSeq(deps)) {
      for (const item of deps.items) {
        if (!isMap(item)) continue;
        const name = item.get('name');
        const repository = item.get('repository');
        if (typeof name !== 'string' || typeof repository !== 'string' || !repository.startsWith('file://')) continue;
        const pin = edits.pins[name];
        if (pin !== undefined) changed = setScalar(item, 'version', pin) || changed;
      }
    }
  }
  if (edits.changes !== undefined) {
    const value = changesAnnotationValue(edits.changes);
    const found: unknown = root.get('annotations', true);
    let map: YAMLMap;
    if (isMap(found)) map = found;
    else {
      map = doc.createNode({}) as YAMLMap;
      root.set('annotations', map);
    }
    const existing = map.get(CHANGES_ANNOTATION, true);
    if (!isScalar(existing) || existing.value !== value) {
      const scalar = new Scalar(value);
      scalar.type = Scalar.BLOCK_LITERAL;
      if (isScalar(existing)) {
        scalar.commentBefore = existing.commentBefore;
        scalar.comment = existing.comment;
      }
      map.set(CHANGES_ANNOTATION, scalar);
      changed = true;
    }
  }
  if (!changed) return text;
  return doc.toString({ lineWidth: 0 });
}

/** The artifacthub.io/changes entries of a Chart.yaml, or undefined. */
export function readChangesAnnotation(raw: Record<string, unknown>): string | undefined {
  const annotations = raw.annotations as Record<string, unknown> | undefined;
  const value = annotations?.[CHANGES_ANNOTATION];
  return typeof value === 'string' ? value : undefined;
}
