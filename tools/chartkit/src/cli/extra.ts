import type { Command } from 'commander';
import { registerGeneratorCommands } from './generator-commands.ts';
import { registerReleaseCommands } from './release-commands.ts';
import { registerBenchCommand } from './bench-command.ts';
import { registerClusterCommands } from './cluster-commands.ts';
import { registerCrdsCommand } from './commands/crds.ts';

export type Action = <A extends unknown[]>(fn: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;

/** Commands beyond the build pipeline: generators (new, chaimeleon vendor), releases (version, publish, bench), clusters and operator CRDs (crds sync). */
export function registerExtraCommands(cmd: Command, action: Action): void {
  registerGeneratorCommands(cmd, action);
  registerReleaseCommands(cmd, action);
  registerBenchCommand(cmd, action);
  registerClusterCommands(cmd, action);
  registerCrdsCommand(cmd, action);
}
