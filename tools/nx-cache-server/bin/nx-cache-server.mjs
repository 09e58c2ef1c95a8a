#!/usr/bin/env node
// nx-cache-server runs from its TypeScript sources through tsx, like chartkit.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
