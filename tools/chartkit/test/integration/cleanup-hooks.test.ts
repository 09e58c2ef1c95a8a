import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { CHARTKIT_DIR } from '../helpers.ts';

/**
 * adapters/temp.ts cleanup hooks: on SIGINT/SIGTERM the hooks run (async ones awaited) before the
 * temporary directories go and the process exits 130/143; an unregistered hook does not run.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'chartkit-cleanup-hooks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = (marker: string): string => `
import { register } from 'tsx/esm/api';
import { writeFileSync } from 'node:fs';
register();
const temp = await import(${JSON.stringify(path.join(CHARTKIT_DIR, 'src/adapters/temp.ts'))});
temp.installSignalHandlers();
const scratch = temp.tempDir('chartkit-cleanup-test-');
temp.registerCleanup(async () => {
  await new Promise((r) => setTimeout(r, 300));
  writeFileSync(${JSON.stringify(marker)}, 'ran, temp dir present: ' + (await import('node:fs')).existsSync(scratch));
});
const off = temp.registerCleanup(() => writeFileSync(${JSON.stringify(`${marker}.unregistered`)}, 'ran'));
off();
console.log(scratch);
setInterval(() => undefined, 1000);
`;

describe('cleanup hooks on signals', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s: the hook runs to its end before the exit (%i), the temp dir is removed after it', async (signal, code) => {
    const marker = path.join(dir, `${signal}.txt`);
    const child = execa(process.execPath, ['--input-type=module', '-e', script(marker)], { cwd: CHARTKIT_DIR, reject: false });
    const scratch = await new Promise<string>((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(b.toString().trim())));
    expect(existsSync(scratch)).toBe(true);
    child.kill(signal);
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(code);
    expect(readFileSync(marker, 'utf8')).toBe('ran, temp dir present: true');
    expect(existsSync(`${marker}.unregistered`)).toBe(false);
    expect(existsSync(scratch)).toBe(false);
  });
});
