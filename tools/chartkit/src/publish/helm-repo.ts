import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { list } from 'tar';
import { parseDocument } from 'yaml';
import { ChartkitError } from '../core/errors.ts';
import { addToIndex, findIndexed } from './repo-index.ts';

/**
 * A plain Helm chart repository in a directory (default dist/repo/): the packages, their .prov
 * files and index.yaml, ready to be served by any static web server (GitHub Pages, S3, nginx).
 */

/** The Chart.yaml Helm wrote into a package (`<name>/Chart.yaml` at the top of the archive). */
export async function packageMetadata(file: string): Promise<Record<string, unknown>> {
  let text: string | undefined;
  await list({
    file,
    onReadEntry: (entry) => {
      if (/^[^/]+\/Chart\.yaml$/.test(entry.path)) {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          text = Buffer.concat(chunks).toString('utf8');
        });
      } else {
        entry.resume();
      }
    },
  });
  if (text === undefined) throw new ChartkitError('PUBLISH', `${file}: no Chart.yaml at the top of the package; package it with chartkit package`);
  return parseDocument(text).toJS() as Record<string, unknown>;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Copy through a temporary file in the same directory, so a reader never sees half a file. */
function copyAtomically(from: string, to: string): void {
  const tmp = `${to}.chartkit-${process.pid}`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

export class HelmRepoDirectory {
  readonly dir: string;
  readonly url: string | undefined;

  constructor(dir: string, url?: string) {
    this.dir = dir;
    this.url = url?.replace(/\/+$/, '');
  }

  get indexFile(): string {
    return path.join(this.dir, 'index.yaml');
  }

  private readIndex(): string | undefined {
    return existsSync(this.indexFile) ? readFileSync(this.indexFile, 'utf8') : undefined;
  }

  /**
   * What the repository holds for `<name>-<version>`: the digest recorded in index.yaml. An entry
   * whose package file has gone missing counts as absent when the digest matches (it is copied
   * again), and as present otherwise (so a changed package is still refused).
   */
  lookup(name: string, version: string, localDigest: string): { exists: false } | { exists: true; digest: string } {
    const entry = findIndexed(this.readIndex(), name, version, this.indexFile);
    if (!entry) return { exists: false };
    const fileThere = existsSync(path.join(this.dir, `${name}-${version}.tgz`));
    if (!fileThere && entry.digest === localDigest) return { exists: false };
    return { exists: true, digest: entry.digest };
  }

  /** Copy the package (and .prov) in, then add it to index.yaml. Returns the digest of the copy. */
  async push(file: string, prov?: string): Promise<string> {
    mkdirSync(this.dir, { recursive: true });
    const base = path.basename(file);
    const target = path.join(this.dir, base);
    copyAtomically(file, target);
    if (prov) copyAtomically(prov, `${target}.prov`);
    const digest = sha256(target);
    const expected = sha256(file);
    if (digest !== expected) {
      rmSync(target, { force: true });
      throw new ChartkitError('PUBLISH', `${target}: the copy has digest ${digest.slice(0, 12)} but the package ${expected.slice(0, 12)}; check the disk and rerun`);
    }
    const metadata = await packageMetadata(file);
    const now = new Date().toISOString();
    const index = addToIndex(this.readIndex(), { metadata, digest, urls: [this.url ? `${this.url}/${base}` : base], created: now }, now, this.indexFile);
    const tmp = `${this.indexFile}.chartkit-${process.pid}`;
    writeFileSync(tmp, index);
    renameSync(tmp, this.indexFile);
    return digest;
  }
}
