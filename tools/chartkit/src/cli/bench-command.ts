import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadContext } from './context.ts';
import type { Action } from './action.ts';
import { info, ok } from './output.ts';

/** `chartkit bench`: the speed and memory figures of docs/benchmarks.md. */
export function registerBenchCommand(cmd: Command, action: Action): void {
  cmd
    .command('bench')
    .description('measure Nx cache cold/warm runs, lint/test/package cost and publishing; write docs/benchmarks.md')
    .option('-o, --output <file>', 'where to write the report', 'docs/benchmarks.md')
    .action(
      action(async (o: { output: string }) => {
        const { root } = loadContext();
        info('bench: nx run-many -t lint test, cold then warm …');
        const [{ benchNxCache }, { measureCommand }, { renderBenchmarks }, { benchPublish }, { benchInstall }] = await Promise.all([
          import('../bench/nx-cache.ts'),
          import('../bench/memory.ts'),
          import('../bench/report.ts'),
          import('../publish/bench.ts'),
          import('../bench/install.ts'),
        ]);
        const nx = await benchNxCache(root);
        const commands = [];
        for (const args of [['lint'], ['test'], ['package', '--destination', path.join(os.tmpdir(), 'chartkit-bench-package')]]) {
          info(`bench: chartkit ${args[0]} …`);
          commands.push(await measureCommand(root, args));
        }
        info('bench: publish to a local registry …');
        const publish = await benchPublish({ workspace: root });
        info('bench: control-plane start and install-test of every chart, serial then -j 2 …');
        const install = await benchInstall(root);
        const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
        const text = renderBenchmarks({
          date: new Date().toISOString().slice(0, 10),
          machine: `${os.availableParallelism()} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
          nx,
          commands: commands.map((c) => ({ ...c, command: c.command.replace(/ --destination \S+/, '') })),
          publish,
          install,
        });
        writeFileSync(path.resolve(root, o.output), text);
        ok(`wrote ${o.output}`);
        return 0;
      }),
    );
}
