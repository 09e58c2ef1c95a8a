/** Terminal output of the commands: plain text, colour only on a TTY, nothing secret ever passed in. */
import { green, red } from '../adapters/terminal.ts';

export { bold, dim, elapsed, green, red, table, yellow } from '../adapters/terminal.ts';

/** Where the lines for people go: stdout, or stderr while a --json run keeps stdout for its document. */
let write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * For --json: from now on, progress and summaries (ok, fail, info) go to stderr, so stdout carries
 * the one JSON document (printJson) and nothing else.
 */
export function humanOutputToStderr(): void {
  write = (line) => {
    process.stderr.write(`${line}\n`);
  };
}

export const ok = (s: string): void => write(`${green('✓')} ${s}`);
export const fail = (s: string): void => write(`${red('✗')} ${s}`);
export const info = (s: string): void => write(s);

/** The JSON document of a --json run: the only thing it writes on stdout. */
export function printJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}
