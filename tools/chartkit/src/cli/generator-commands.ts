import path from 'node:path';
import type { Command } from 'commander';
import type { Action } from './action.ts';
import { loadContext } from './context.ts';
import { info, ok } from './output.ts';

// Loaded when a command runs, not at start-up.
const generators = {
  subchart: () => import('../generators/subchart.ts'),
  workstation: () => import('../generators/workstation.ts'),
  ownership: () => import('../generators/ownership.ts'),
  vendor: () => import('../generators/vendor.ts'),
  assets: () => import('../adapters/packed-assets.ts'),
};

/** `chartkit new …` and `chartkit chaimeleon vendor`. */
export function registerGeneratorCommands(cmd: Command, action: Action): void {
  const create = cmd.command('new').description('generate a new chart package');
  create
    .command('subchart')
    .argument('<name>', 'chart name (DNS-1123 label)')
    .description('a subchart package registered in the umbrella (dependency, condition, schema, values, README row)')
    .option('--enabled-by-default', 'switch it on in the umbrella by default')
    .option('--description <text>', 'one-line description (Chart.yaml, package table)')
    .option('--umbrella <chart>', 'umbrella chart to register in (default: the chart annotated chartkit.dev/umbrella)')
    .action(
      action(async (name: string, o: { enabledByDefault?: boolean; description?: string; umbrella?: string }) => {
        const { ws, root } = loadContext();
        const { newSubchart } = await generators.subchart();
        const written = await newSubchart(ws, { name, enabledByDefault: o.enabledByDefault ?? false, ...(o.description ? { description: o.description } : {}), ...(o.umbrella ? { umbrella: o.umbrella } : {}) });
        for (const f of written) info(`wrote ${path.relative(root, f.file)}`);
        ok(`created subchart ${name}; run "npx nx run-many -t lint test -p ${name}" then "npm install" to link the new package`);
        return 0;
      }),
    );
  create
    .command('workstation')
    .argument('<name>', 'chart name (DNS-1123 label)')
    .description('a CHAIMELEON workstation chart that honours the operator contract')
    .requiredOption('--type <type>', 'desktop (Guacamole remote desktop) or webapp (Jupyter inside the desktop)')
    .option('--image <name>', 'image name under the CHAIMELEON library URL')
    .option('--group <dir>', 'packages/<group> directory', 'chaimeleon')
    .option('--maintainer <who>', 'a maintainer, "Name <email>" (repeatable; default: "chartkit.maintainers" of the workspace package.json)', (v: string, all: string[] = []) => [...all, v])
    .option('--home <url>', 'the project home page (default: "chartkit.home" of the workspace package.json)')
    .option('--icon <url>', 'an icon URL for catalogues such as Kubeapps and Artifact Hub (default: "chartkit.icon")')
    .action(
      action(async (name: string, o: { type: string; image?: string; group: string; maintainer?: string[]; home?: string; icon?: string }) => {
        const { ws, root } = loadContext();
        const [{ newWorkstation }, { parseMaintainer }] = await Promise.all([generators.workstation(), generators.ownership()]);
        const written = await newWorkstation(ws, {
          name,
          type: o.type,
          group: o.group,
          ...(o.image ? { image: o.image } : {}),
          ...(o.maintainer ? { maintainers: o.maintainer.map(parseMaintainer) } : {}),
          ...(o.home ? { home: o.home } : {}),
          ...(o.icon ? { icon: o.icon } : {}),
        });
        for (const f of written) info(`wrote ${path.relative(root, f.file)}`);
        ok(`created workstation chart ${name}; run "npx nx run-many -t lint test -p ${name}" then "npm install" to link the new package`);
        return 0;
      }),
    );
  cmd
    .command('chaimeleon')
    .description('CHAIMELEON helpers')
    .command('vendor')
    .argument('<chartDir>', 'chart directory to copy the helpers into')
    .description("copy chaimeleon-common's helpers file into a chart's templates/ and update its .helmignore")
    .action(
      action(async (chartDir: string) => {
        const { ws, root } = loadContext();
        const [{ vendorHelpers }, { packedChaimeleonHelpers }] = await Promise.all([generators.vendor(), generators.assets()]);
        const written = vendorHelpers(ws, path.resolve(process.cwd(), chartDir), packedChaimeleonHelpers());
        for (const f of written) info(`wrote ${path.relative(root, f.file)}`);
        ok(`vendored the CHAIMELEON helpers into ${path.relative(root, path.resolve(chartDir))}`);
        return 0;
      }),
    );
}
