// Nx generators for chartkit: they run the same command as the CLI once Nx has flushed its tree,
// so a chart generated from Nx and one generated from `chartkit new` are the same, and the
// all-or-nothing guarantee of the CLI holds.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = function runCli(args) {
  return () => {
    execFileSync(process.execPath, [path.join(__dirname, '..', 'bin', 'chartkit.mjs'), ...args], { stdio: 'inherit' });
  };
};
