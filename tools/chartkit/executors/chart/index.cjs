// The Nx executor `@chart-tools/chartkit:chart` (executors.json). Nx loads executors with
// require(); chartkit is ESM, so this CommonJS shim imports the built executor
// (scripts/build.mjs: dist/<hash>/nx-executor.js, src/cli/nx-executor.ts) on first use.
let executorPromise;
function executor() {
  executorPromise ??= import('../../scripts/build.mjs').then(({ importBuilt }) => importBuilt('nx-executor'));
  return executorPromise;
}

/** One task in its own chartkit process. */
exports.run = async function run(options, context) {
  return (await executor()).runTask(options, context);
};

/** Every task of a batch in one chartkit process; each result as soon as its chart is done. */
exports.batch = async function* batch(taskGraph, inputs, overrides, context) {
  yield* (await executor()).runBatch(taskGraph, inputs, overrides, context);
};
