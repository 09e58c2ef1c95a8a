import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import { settings } from './environment.ts';

/** chartkit's cache directory: CHARTKIT_CACHE_DIR, else $XDG_CACHE_HOME/chartkit, else ~/.cache/chartkit. */
export function cacheDir(): string {
  const explicit = settings().CHARTKIT_CACHE_DIR;
  if (explicit) {
    const dir = path.resolve(explicit);
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ChartkitError('USAGE', `CHARTKIT_CACHE_DIR=${explicit} is a file, not a directory; point it at a directory (it is created if missing) or unset it`);
    return dir;
  }
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg ? path.resolve(xdg) : path.join(os.homedir(), '.cache'), 'chartkit');
}
