import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * A chart's copies of its operators' CRDs: `files/crds/<source file name>`, byte for byte, and
 * `files/crds/SOURCES.json` saying where each came from with its sha256. The templates in
 * templates/crds/ render the copies (`.Files.Get`); `chartkit crds sync` writes them.
 */
export const CRD_COPIES_DIR = 'files/crds';
export const SOURCES_FILE = 'SOURCES.json';

export interface CrdSourceFile {
  /** The file name, kept for the copy. */
  file: string;
  /** Where it was read: `<module>@<version>/<path>` or `<archive>:<path>`. */
  from: string;
  bytes: Buffer;
}

export interface CrdSource {
  chart: string;
  /** The source as a whole: the Go module, or the archive with its sha256 and origin. */
  source: string;
  files: CrdSourceFile[];
}

export interface SourcesRecord {
  $comment: string;
  source: string;
  files: { file: string; from: string; sha256: string }[];
}

export interface PlannedCopy {
  /** Absolute path in the chart. */
  file: string;
  bytes: Buffer;
}

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export function sourcesRecord(src: CrdSource): SourcesRecord {
  return {
    $comment: `Byte-for-byte copies of the CRDs as their owners publish them, written by \`npx chartkit crds sync ${src.chart}\` from the pin in tools/chartkit/toolchain/versions.json (operatorCrds); never edit them. templates/crds/ renders each one with this chart's metadata.`,
    source: src.source,
    files: src.files.map((f) => ({ file: f.file, from: f.from, sha256: sha256Hex(f.bytes) })),
  };
}

/** Every file of files/crds/: the copies, then SOURCES.json. */
export function planCrdCopies(chartDir: string, src: CrdSource): PlannedCopy[] {
  const dir = path.join(chartDir, CRD_COPIES_DIR);
  return [
    ...src.files.map((f) => ({ file: path.join(dir, f.file), bytes: f.bytes })),
    { file: path.join(dir, SOURCES_FILE), bytes: Buffer.from(`${JSON.stringify(sourcesRecord(src), null, 2)}\n`) },
  ];
}
