import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_DIR } from './package-dir.ts';

/** chaimeleon-common's helpers file and the library version it comes from. */
export interface HelpersSource {
  version: string;
  text: string;
}

const ASSETS = path.join(PACKAGE_DIR, 'assets');

/** chaimeleon-common's helpers as packed into the chartkit npm package (scripts/pack-assets.mjs), if this is one. */
export function packedChaimeleonHelpers(): HelpersSource | undefined {
  const dir = path.join(ASSETS, 'chaimeleon-common');
  if (!existsSync(path.join(dir, 'version'))) return undefined;
  return { version: readFileSync(path.join(dir, 'version'), 'utf8').trim(), text: readFileSync(path.join(dir, '_chaimeleonCommonHelpers.tpl'), 'utf8') };
}
