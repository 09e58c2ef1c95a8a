import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTKIT_DIR } from '../helpers.ts';

/**
 * chartkit runs from built JavaScript (scripts/build.mjs → dist/<hash of the sources>/): built once,
 * rebuilt when a source changes, never half-written. Run on a private copy of the package with the
 * repository's node_modules linked in, so the real dist/ is not touched.
 */
let copy: string;
const dist = (): string => path.join(copy, 'dist');
const builds = (): string[] => readdirSync(dist()).filter((d) => statSync(path.join(dist(), d)).isDirectory());

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const { FORCE_COLOR: _force, ...base } = process.env;
  const r = await execa('node', [path.join(copy, 'bin', 'chartkit.mjs'), ...args], { env: { ...base, NO_COLOR: '1', ...env }, extendEnv: false, reject: false });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

beforeAll(() => {
  const scratch = path.join(CHARTKIT_DIR, '.scratch');
  mkdirSync(scratch, { recursive: true });
  copy = mkdtempSync(path.join(scratch, 'built-cli-'));
  for (const part of ['bin', 'scripts', 'src', 'toolchain', 'package.json']) cpSync(path.join(CHARTKIT_DIR, part), path.join(copy, part), { recursive: true });
  symlinkSync(path.resolve(CHARTKIT_DIR, '../../node_modules'), path.join(copy, 'node_modules'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('the built CLI', () => {
  it('is built on first use, from JavaScript only, and reused while the sources do not change', async () => {
    const first = await cli(['--version']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(builds()).toHaveLength(1);
    const [build] = builds();
    const files = readdirSync(path.join(dist(), build!), { recursive: true }).map(String);
    expect(files).toContain('cli.js');
    expect(files).toContain('nx-plugin.js');
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    const completed = statSync(path.join(dist(), build!, 'complete')).mtimeMs;
    expect((await cli(['--version'])).exitCode).toBe(0);
    expect(builds()).toEqual([build]);
    expect(statSync(path.join(dist(), build!, 'complete')).mtimeMs).toBe(completed);
  });

  it('rebuilds when a source changes, keeping the build a running process may still load from', async () => {
    const [before] = builds();
    const main = path.join(copy, 'src', 'cli', 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace("'Lint, test, document, version and publish Helm charts.'", "'Lint, test and publish Helm charts (edited).'"));
    const help = await cli(['--help']);
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toContain('(edited)');
    expect(builds()).toHaveLength(2);
    expect(builds()).toContain(before);
  });

  it('two processes starting at once on changed sources both run, and leave one complete build', async () => {
    const main = path.join(copy, 'src', 'cli', 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace('(edited)', '(edited twice)'));
    const [a, b] = await Promise.all([cli(['--help']), cli(['--help'])]);
    expect(a.stdout).toContain('(edited twice)');
    expect(b.stdout).toContain('(edited twice)');
    expect(builds()).toHaveLength(3);
    expect(builds().every((d) => existsSync(path.join(dist(), d, 'complete')))).toBe(true);
  });

  it('what a build killed midway left behind is removed by the next build, and never loaded', async () => {
    const killed = path.join(dist(), 'deadbeefdeadbeef.tmp-999999-1');
    mkdirSync(killed);
    writeFileSync(path.join(killed, 'cli.js'), 'throw new Error("half-written")\n');
    const main = path.join(copy, 'src', 'cli', 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace('(edited twice)', '(edited thrice)'));
    const r = await cli(['--help']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('(edited thrice)');
    expect(existsSync(killed)).toBe(false);
  });

  it('CHARTKIT_FROM_SOURCE=1 runs the TypeScript sources through tsx instead', async () => {
    const main = path.join(copy, 'src', 'cli', 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace('(edited thrice)', '(from source)'));
    const count = builds().length;
    const r = await cli(['--help'], { CHARTKIT_FROM_SOURCE: '1' });
    expect(r.stdout).toContain('(from source)');
    expect(builds()).toHaveLength(count);
  });

  it('a reader that goes away (`chartkit --help | head -1`) ends the run quietly', async () => {
    // `true` exits without reading: chartkit's write fails with EPIPE
    const r = await execa('sh', ['-c', `node ${path.join(copy, 'bin', 'chartkit.mjs')} --help | true; echo "status \${PIPESTATUS:-done}"`], { reject: false });
    expect(String(r.stderr)).toBe('');
  });
});
