import type { Command } from 'commander';
import { registerGeneratorCommands } from './generator-commands.ts';
import { registerReleaseCommands } from './release-commands.ts';
import { registerBenchCommand } from './bench-command.ts';
import { registerClusterCommands } from './cluster-commands.ts';

export type Action = <A extends unknown[]>(fn: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;

/** Commands beyond the build pipeline: generators (new, chaimeleon vendor) and releases (version, publish, bench). */
export function registerExtraCommands(cmd: Command, action: Action): void {
  registerGeneratorCommands(cmd, action);
  registerReleaseCommands(cmd, action);
  registerBenchCommand(cmd, action);
  registerClusterCommands(cmd, action);
}
