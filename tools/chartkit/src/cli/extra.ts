import type { Command } from 'commander';
import { registerGeneratorCommands } from './generator-commands.ts';
import { registerReleaseCommands } from './release-commands.ts';
import { registerBenchCommand } from './bench-command.ts';
import { registerClusterCommands } from './cluster-commands.ts';
import { registerCrdsCommand } from './commands/crds.ts';
import { registerConfigCommand } from './commands/config.ts';

import type { Action } from './action.ts';

export type { Action } from './action.ts';

/** Commands beyond the build pipeline: generators (new, chaimeleon vendor), releases (version, publish, bench), clusters, operator CRDs (crds sync) and the settings in effect (config). */
export function registerExtraCommands(cmd: Command, action: Action): void {
  registerGeneratorCommands(cmd, action);
  registerReleaseCommands(cmd, action);
  registerBenchCommand(cmd, action);
  registerClusterCommands(cmd, action);
  registerCrdsCommand(cmd, action);
  registerConfigCommand(cmd, action);
}
