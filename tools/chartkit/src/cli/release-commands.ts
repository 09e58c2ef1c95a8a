import type { Command } from 'commander';
import type { Action } from './extra.ts';

/** `chartkit version`, `chartkit publish`, `chartkit bench`. */
export function registerReleaseCommands(_cmd: Command, _action: Action): void {}
