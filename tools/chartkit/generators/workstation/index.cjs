const runCli = require('../run-cli.cjs');

module.exports = function workstationGenerator(_tree, options) {
  const args = ['new', 'workstation', options.name, '--type', options.type];
  if (options.image) args.push('--image', options.image);
  return runCli(args);
};
