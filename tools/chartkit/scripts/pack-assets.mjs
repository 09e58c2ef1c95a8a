// npm pack / npm publish (prepack): copy what chartkit needs outside this repository into assets/:
// chaimeleon-common's helpers file and version, for `chartkit chaimeleon vendor` in a chart's own
// repository. assets/ is not in git; inside the repository chartkit reads the library chart itself.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const library = path.resolve(here, '../../../packages/chaimeleon/chaimeleon-common');
const out = path.resolve(here, '../assets/chaimeleon-common');
const version = JSON.parse(readFileSync(path.join(library, 'package.json'), 'utf8')).version;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(path.join(library, 'templates/_chaimeleonCommonHelpers.tpl'), path.join(out, '_chaimeleonCommonHelpers.tpl'));
writeFileSync(path.join(out, 'version'), `${version}\n`);
console.error(`chartkit: packed chaimeleon-common ${version} helpers into assets/`);
