import path from 'node:path';
import { DEFAULT_PACKAGE_DIR, packageCharts } from '../../package/package.ts';
import { loadContext, selectOrdered } from '../context.ts';
import { ok, dim, elapsed, info } from '../output.ts';

export { DEFAULT_PACKAGE_DIR, packageCharts, sha256, type PackagedChart } from '../../package/package.ts';

export async function packageCommand(names: string[], options: { destination?: string }): Promise<number> {
  const { ws, root } = loadContext(names);
  const destination = path.resolve(root, options.destination ?? DEFAULT_PACKAGE_DIR);
  const started = Date.now();
  for (const p of await packageCharts(ws, selectOrdered(ws, names), destination)) {
    ok(`${p.chart.name} ${p.chart.version} → ${path.relative(root, p.file)} sha256:${p.sha256.slice(0, 12)}`);
  }
  info(dim(`packaged in ${elapsed(started)}`));
  return 0;
}
