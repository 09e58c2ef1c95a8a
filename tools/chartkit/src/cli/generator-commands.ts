import type { Command } from 'commander';
import type { Action } from './extra.ts';

/** `chartkit new …` and `chartkit chaimeleon vendor`. */
export function registerGeneratorCommands(_cmd: Command, _action: Action): void {}
