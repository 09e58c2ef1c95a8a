import type { Command } from 'commander';
import { settings } from '../../adapters/environment.ts';
import { configurationDoc, SETTINGS } from '../../core/settings.ts';
import type { Action } from '../action.ts';
import { dim, info, table } from '../output.ts';

/** `chartkit config`: every CHARTKIT_* setting and its value here (secrets only as "set"); `--docs` prints docs/configuration.md. */
export async function showConfig(options: { docs?: boolean }): Promise<number> {
  if (options.docs) {
    process.stdout.write(configurationDoc());
    return 0;
  }
  const values = settings() as Record<string, string | number | undefined>;
  const rows = SETTINGS.map((s) => {
    const shown = s.kind === 'secret' ? (process.env[s.name] ? 'set (not shown)' : dim('unset')) : values[s.name] !== undefined ? String(values[s.name]) : dim(`unset: ${s.fallback}`);
    return [s.name, shown];
  });
  info(table([['variable', 'value'], ...rows]));
  return 0;
}

export function registerConfigCommand(cmd: Command, action: Action): void {
  cmd
    .command('config')
    .description('show the CHARTKIT_* settings in effect (secrets only as set/unset)')
    .option('--docs', 'print docs/configuration.md (every setting, its type and default)')
    .action(action((o: { docs?: boolean }) => showConfig(o)));
}
