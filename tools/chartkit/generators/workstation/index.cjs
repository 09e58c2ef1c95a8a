const runCli = require('../run-cli.cjs');

module.exports = function workstationGenerator(_tree, options) {
  const args = ['new', 'workstation', options.name, '--type', options.type];
  if (options.image) args.push('--image', options.image);
  if (options.group) args.push('--group', options.group);
  for (const m of options.maintainer ?? []) args.push('--maintainer', m);
  if (options.home) args.push('--home', options.home);
  if (options.icon) args.push('--icon', options.icon);
  return runCli(args);
};
