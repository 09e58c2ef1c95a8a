/** Terminal output of the commands: plain text, colour only on a TTY, nothing secret ever passed in. */
import { green, red } from '../adapters/terminal.ts';

export { bold, dim, elapsed, green, red, table, yellow } from '../adapters/terminal.ts';

export const ok = (s: string): void => console.log(`${green('✓')} ${s}`);
export const fail = (s: string): void => console.log(`${red('✗')} ${s}`);
export const info = (s: string): void => console.log(s);

