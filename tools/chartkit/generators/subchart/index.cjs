const load = require('../load.cjs');

module.exports = async function subchartGenerator(tree, options) {
  const next = await (await load()).subchartGenerator(tree, options);
  // Nx runs this after writing the files (not on --dry-run).
  return () => console.log(next);
};
