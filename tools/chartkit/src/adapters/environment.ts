import { settingsFrom, type Settings } from '../core/settings.ts';

/**
 * This process's CHARTKIT_* settings (core/settings.ts declares them). Read from the environment
 * as it is now, so a test or a command that sets a variable is seen; the CLI calls it once at
 * start-up, which reports every bad value before any work starts.
 */
export function settings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  return settingsFrom(env);
}
