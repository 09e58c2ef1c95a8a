import type { Command } from 'commander';

type Action = <A extends unknown[]>(fn: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;

/** Commands added by later features (generators, versioning, publishing) register here. */
export function registerExtraCommands(_cmd: Command, _action: Action): void {}
