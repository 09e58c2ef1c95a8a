import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { loadContext } from './context.ts';
import type { Action } from './action.ts';
import { info, ok } from './output.ts';

interface BenchOptions {
  output: string;
  only?: string;
  scale: string;
  charts?: string;
}

/**
 * `chartkit bench`: the speed and memory figures of docs/benchmarks.md, in named sections. Each
 * section's results go to docs/benchmarks.json with the day and the command that measured them, and
 * the report is rendered from all of them, so `--only scale` re-measures one and keeps the others.
 */
export function registerBenchCommand(cmd: Command, action: Action): void {
  cmd
    .command('bench')
    .description('measure start-up, raw Helm vs chartkit vs Nx, npm test cold/warm, lint/test/package cost, publishing, install tests and Nx at scale; write docs/benchmarks.md')
    .option('-o, --output <file>', 'where to write the report (its data goes beside it, .json)', 'docs/benchmarks.md')
    .option('--only <sections>', 'run only these sections, comma-separated: startup, side-by-side, npm-test, commands, publish, install, scale')
    .option('--scale <sizes>', 'generated subcharts of the scale section, comma-separated', '50,100,200')
    .addOption(new Option('--charts <names>', 'only these charts (comma-separated), for a reduced run').hideHelp())
    .action(
      action(async (o: BenchOptions) => {
        const { root } = loadContext();
        const [sections, store, report, install, side, memory, npmTest, scale, startup, publish] = await Promise.all([
          import('../bench/sections.ts'),
          import('../bench/store.ts'),
          import('../bench/report.ts'),
          import('../bench/install.ts'),
          import('../bench/side-by-side.ts'),
          import('../bench/memory.ts'),
          import('../bench/npm-test.ts'),
          import('../bench/scale.ts'),
          import('../bench/startup.ts'),
          import('../publish/bench.ts'),
        ]);
        const only = sections.parseOnly(o.only);
        const sizes = sections.parseSizes(o.scale);
        const charts = (o.charts ?? '').split(',').map((c) => c.trim()).filter(Boolean);
        const output = path.resolve(root, o.output);
        const storeFile = store.storeFileFor(output);
        let data = store.readStore(storeFile);
        const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
        const machine = `${os.availableParallelism()} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
        const log = (name: string) => (line: string) => info(`bench: ${name}: ${line}`);
        const measure: { [N in (typeof sections.SECTIONS)[number]]: () => Promise<import('../bench/sections.ts').SectionData[N]> } = {
          startup: () => startup.benchStartup(root),
          'side-by-side': () => side.benchSideBySide(root, { charts, log: log('side-by-side') }),
          'npm-test': () => npmTest.benchNpmTest(root, { projects: charts, log: log('npm-test') }),
          commands: async () => {
            const out = [];
            const { tempDir } = await import('../adapters/temp.ts');
            for (const args of [['lint'], ['test'], ['package', '--destination', tempDir('chartkit-bench-package-')]]) {
              info(`bench: commands: chartkit ${args[0]} …`);
              const cost = await memory.measureCommand(root, [...args.slice(0, 1), ...charts, ...args.slice(1)]);
              out.push({ ...cost, command: cost.command.replace(/ --destination \S+/, '') });
            }
            return out;
          },
          publish: () => publish.benchPublish({ workspace: root, ...(charts.length > 0 ? { charts } : {}) }),
          install: () => install.benchInstall(root, { charts, log: log('install') }),
          scale: () => scale.benchScale(root, { sizes, log: log('scale') }),
        };
        for (const name of only) {
          info(`bench: ${name} …`);
          const started = Date.now();
          const result = await measure[name]();
          data = sections.mergeSection(data, name, {
            date: new Date().toISOString().slice(0, 10),
            machine,
            command: sections.reproduceCommand(name, { scale: sizes, charts }),
            data: result,
          } as import('../bench/sections.ts').SectionEntry<typeof name>);
          // after every section: an interrupted or failed later section keeps this one
          store.writeStore(storeFile, data);
          writeFileSync(output, report.renderBenchmarks(data));
          ok(`bench: ${name} measured in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        }
        const shown = (f: string): string => (f.startsWith(`${root}${path.sep}`) ? path.relative(root, f) : f);
        ok(`wrote ${shown(output)} and ${shown(storeFile)}`);
        return 0;
      }),
    );
}
