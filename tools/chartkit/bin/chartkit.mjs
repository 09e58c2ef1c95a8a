#!/usr/bin/env node
// chartkit runs from its built JavaScript (scripts/build.mjs: dist/<hash of src>/, rebuilt here
// when the sources changed, so `npx chartkit` works right after `npm ci` and after every edit).
// CHARTKIT_FROM_SOURCE=1 runs the TypeScript sources through tsx instead (debugging); so does a
// package directory chartkit cannot write to and that has no matching build.
import module from 'node:module';

module.enableCompileCache?.(); // Node ≥ 22.1; Node 20 has no compile cache
// `chartkit … | head`: a reader that went away is not an error
for (const stream of [process.stdout, process.stderr]) stream.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
let main;
if (process.env.CHARTKIT_FROM_SOURCE === '1') {
  main = await fromSource();
} else {
  const { importBuilt } = await import('../scripts/build.mjs');
  try {
    ({ main } = await importBuilt('cli'));
  } catch (error) {
    if (!['EACCES', 'EPERM', 'EROFS'].includes(error?.code)) throw error;
    main = await fromSource();
  }
}
process.exitCode = await main(process.argv.slice(2));

async function fromSource() {
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main;
}
