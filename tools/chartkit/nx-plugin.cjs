// Nx loads plugins with require(); chartkit is ESM, so this CommonJS shim imports the built plugin
// (scripts/build.mjs: dist/<hash>/nx-plugin.js, rebuilt when the sources changed) on first use.
let pluginPromise;
function plugin() {
  pluginPromise ??= import('./scripts/build.mjs').then(({ importBuilt }) => importBuilt('nx-plugin'));
  return pluginPromise;
}

module.exports = {
  name: 'chartkit',
  createNodesV2: [
    'packages/*/*/Chart.yaml',
    async (files, options, context) => (await plugin()).createNodesV2[1](files, options, context),
  ],
  createDependencies: async (options, context) => (await plugin()).createDependencies(options, context),
};
