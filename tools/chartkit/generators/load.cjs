// The Nx generators run in Nx's process: Nx loads them with require(), and chartkit is ESM, so this
// CommonJS shim imports the built generators (scripts/build.mjs: dist/<hash>/nx-generators.js) on
// first use. Each generator plans its files in-process (the same plan as `chartkit new …`) and
// writes them into Nx's tree: `nx g … --dry-run` lists every file and writes nothing.
let generatorsPromise;

module.exports = function load() {
  generatorsPromise ??= import('../scripts/build.mjs').then(({ importBuilt }) => importBuilt('nx-generators'));
  return generatorsPromise;
};
