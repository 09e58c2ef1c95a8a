import { pinnedVersion, resolveTool, toolVersion, kubernetesOpenApiDir, PINS, cacheDir, type ToolName } from '../../adapters/toolchain.ts';
import { ChartkitError } from '../../core/errors.ts';
import { info, table, red } from '../output.ts';

/** Print every tool chartkit uses: version, path and where it came from. Provisions what is missing. */
export async function doctor(options: { tools?: ToolName[] } = {}): Promise<number> {
  const names: ToolName[] = options.tools ?? ['helm', 'helm3', 'helm-unittest'];
  const rows: string[][] = [['tool', 'version', 'pinned', 'source', 'path']];
  let failed = 0;
  for (const name of names) {
    try {
      const tool = await resolveTool(name);
      rows.push([name, await toolVersion(tool), pinnedVersion(name), tool.source, tool.path]);
    } catch (error) {
      failed++;
      rows.push([name, red('missing'), pinnedVersion(name), '-', error instanceof ChartkitError ? error.message : String(error)]);
    }
  }
  try {
    const dir = await kubernetesOpenApiDir();
    rows.push(['kubernetes-schemas', PINS.kubernetes.version, PINS.kubernetes.version, `${PINS.kubernetes.module} (Go module proxy)`, dir]);
  } catch (error) {
    failed++;
    rows.push(['kubernetes-schemas', red('missing'), PINS.kubernetes.version, '-', error instanceof ChartkitError ? error.message : String(error)]);
  }
  info(table(rows));
  info(`cache: ${cacheDir()}`);
  return failed === 0 ? 0 : 1;
}
