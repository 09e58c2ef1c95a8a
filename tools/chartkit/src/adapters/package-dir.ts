import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = '@chart-tools/chartkit';

/**
 * chartkit's package directory (toolchain/, assets/, package.json), found by walking up from this
 * module: it runs from src/adapters/ (tsx, vitest) or from a chunk of dist/<hash>/ (the built CLI).
 */
function findPackageDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`chartkit: cannot find the ${NAME} package directory above ${fileURLToPath(import.meta.url)}; reinstall chartkit`);
    dir = parent;
  }
}

export const PACKAGE_DIR = findPackageDir();

/** The build chartkit runs from (`dist/<id>/`, see scripts/build.mjs), or undefined when it runs from its sources. */
export const BUILD_ID: string | undefined = /\/dist\/([0-9a-f]{16})\//.exec(import.meta.url)?.[1];
