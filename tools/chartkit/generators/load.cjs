// The Nx generators run in Nx's process: Nx loads them with require(), and chartkit is ESM
// TypeScript run through tsx, so this CommonJS shim imports src/nx/generators.ts on first use.
// Each generator plans its files in-process (the same plan as `chartkit new …`) and writes them into
// Nx's tree: `nx g … --dry-run` lists every file and writes nothing.
let generatorsPromise;

module.exports = function load() {
  generatorsPromise ??= import('tsx/esm/api').then(({ tsImport }) => tsImport('../src/nx/generators.ts', __filename));
  return generatorsPromise;
};
