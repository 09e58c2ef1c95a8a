// Nx loads plugins with require(); chartkit is ESM TypeScript run through tsx, so this CommonJS
// shim imports the real plugin (src/nx/plugin.ts) on first use.
let pluginPromise;
function plugin() {
  pluginPromise ??= import('tsx/esm/api').then(({ tsImport }) => tsImport('./src/nx/plugin.ts', __filename));
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
