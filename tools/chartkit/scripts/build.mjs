// chartkit's built JavaScript: src/**/*.ts bundled by esbuild into dist/<content hash>/, one
// directory per version of the sources. The CLI (bin/chartkit.mjs), the Nx plugin and the Nx
// generators load from there; tsx is left for the charts' values.schema.ts files.
//
//   node scripts/build.mjs          build if the sources changed; print the directory
//   node scripts/build.mjs --prune  the same, and remove every other build (before packing)
//   ensureBuilt()                   the same, from code (what bin/chartkit.mjs calls)
//
// A build goes to a private temporary directory and is renamed into place, so a run that is
// interrupted leaves nothing half-written, and two processes that build at once both end up with
// the same complete directory. Directories are never rewritten, so a process still loading chunks
// from an older build keeps working; builds unused for a day are removed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(PACKAGE_DIR, 'src');
const DIST = path.join(PACKAGE_DIR, 'dist');
const STAMP = path.join(DIST, 'stamp.json');
/** Entry points: what is loaded from outside the bundle. Everything else is a chunk. */
export const ENTRY_POINTS = { cli: 'cli/main', 'nx-plugin': 'nx/plugin', 'nx-generators': 'nx/generators', 'nx-executor': 'cli/nx-executor' };
const KEEP_UNUSED_MS = 24 * 60 * 60 * 1000;

function sourceFiles(dir = SRC, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(file, out);
    else if (entry.name.endsWith('.ts')) out.push(file);
  }
  return out.sort();
}

function esbuildVersion() {
  return JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')).version;
}

/**
 * The content hash of the sources, with a shortcut: the stamp remembers the hash for a signature
 * of paths, sizes and modification times, so an unchanged tree costs a stat per file.
 */
function fingerprint() {
  const files = [...sourceFiles(), fileURLToPath(import.meta.url)];
  const signature = createHash('sha256');
  for (const f of files) {
    const s = statSync(f);
    signature.update(`${path.relative(PACKAGE_DIR, f)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  const sig = signature.digest('hex');
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    if (stamp.signature === sig && typeof stamp.hash === 'string' && existsSync(path.join(DIST, stamp.hash, 'complete'))) return { sig, hash: stamp.hash };
  } catch {
    // no stamp yet, or a torn one: hash the contents
  }
  const content = createHash('sha256');
  content.update(`esbuild ${esbuildVersion()}\n`);
  for (const f of files) content.update(`${path.relative(PACKAGE_DIR, f)}\0`).update(readFileSync(f)).update('\0');
  return { sig, hash: content.digest('hex').slice(0, 16) };
}

async function build(target) {
  const { build: esbuild } = await import('esbuild');
  const temporary = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    await esbuild({
      entryPoints: Object.entries(ENTRY_POINTS).map(([out, src]) => ({ out, in: path.join(SRC, `${src}.ts`) })),
      outdir: temporary,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      chunkNames: 'chunks/[name]-[hash]',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
    });
    writeFileSync(path.join(temporary, 'package.json'), '{"type":"module"}\n');
    writeFileSync(path.join(temporary, 'complete'), '');
    try {
      renameSync(temporary, target);
    } catch (error) {
      // another process finished the same build first: its directory is identical
      if (!existsSync(path.join(target, 'complete'))) throw error;
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

function writeStamp(sig, hash) {
  const temporary = `${STAMP}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify({ signature: sig, hash })}\n`);
  renameSync(temporary, STAMP);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Builds unused for a day, and what builds killed midway left. */
function pruneUnused(current) {
  const now = Date.now();
  for (const entry of readdirSync(DIST, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const dir = path.join(DIST, entry.name);
    const partial = /\.tmp-(\d+)-/.exec(entry.name);
    try {
      if (partial ? !alive(Number(partial[1])) : now - statSync(dir).mtimeMs > KEEP_UNUSED_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}

/** The directory of the current build, building it first when the sources changed. */
export async function ensureBuilt() {
  const { sig, hash } = fingerprint();
  const target = path.join(DIST, hash);
  if (!existsSync(path.join(target, 'complete'))) {
    mkdirSync(DIST, { recursive: true });
    await build(target);
    pruneUnused(hash);
  }
  const stamp = existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : '';
  if (!stamp.includes(sig) || !stamp.includes(hash)) {
    try {
      writeStamp(sig, hash);
      // a build in use is not pruned
      const t = new Date();
      utimesSync(target, t, t);
    } catch {
      // an installed package may be read-only: the stamp only saves hashing the sources
    }
  }
  return target;
}

/** Remove every build but the current one (before packing: the package ships one build). */
export async function pruneAllButCurrent() {
  const current = path.basename(await ensureBuilt());
  for (const entry of readdirSync(DIST, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== current) rmSync(path.join(DIST, entry.name), { recursive: true, force: true });
  }
}

/** Import one entry point of the current build. */
export async function importBuilt(entry) {
  const dir = await ensureBuilt();
  return import(pathToFileURL(path.join(dir, `${entry}.js`)).href);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    if (process.argv.includes('--prune')) await pruneAllButCurrent();
    process.stdout.write(`${path.relative(process.cwd(), await ensureBuilt()) || '.'}\n`);
  } catch (error) {
    process.stderr.write(`chartkit build: ${error.message.split('\n').slice(0, 4).join(' ')}\n`);
    process.exitCode = 1;
  }
}
