const runCli = require('../run-cli.cjs');

module.exports = function subchartGenerator(_tree, options) {
  const args = ['new', 'subchart', options.name];
  if (options.description) args.push('--description', options.description);
  if (options.enabledByDefault) args.push('--enabled-by-default');
  if (options.umbrella) args.push('--umbrella', options.umbrella);
  return runCli(args);
};
