import { pinnedVersion, resolveTool, toolVersion, kubernetesOpenApiDir, PINS, cacheDir, type ToolName } from '../../adapters/toolchain.ts';
import { ChartkitError } from '../../core/errors.ts';
import { CONTROL_PLANE_TOOLS, controlPlanePin, kwokStageFiles, resolveControlPlaneTool } from '../../adapters/control-plane-tools.ts';
import { run } from '../../adapters/exec.ts';
import { info, table, red } from '../output.ts';
import { settings } from '../../adapters/environment.ts';

/** The first line a control-plane binary prints for --version, e.g. "Kubernetes v1.35.4". */
async function binaryVersion(file: string): Promise<string> {
  const r = await run(file, ['--version']);
  const text = `${r.stdout}\n${r.stderr}`;
  return /v?\d+\.\d+\.\d+/.exec(text)?.[0] ?? 'unknown';
}

/** Print every tool chartkit uses: version, path and where it came from. Provisions what is missing. */
export async function doctor(options: { tools?: ToolName[]; controlPlane?: boolean } = {}): Promise<number> {
  const names: ToolName[] = options.tools ?? ['helm', 'helm3', 'helm-unittest', 'kubectl', 'cosign'];
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
  if (options.controlPlane !== false) {
    for (const name of CONTROL_PLANE_TOOLS) {
      try {
        const tool = await resolveControlPlaneTool(name);
        rows.push([name, await binaryVersion(tool.path), tool.pinned, tool.source, tool.path]);
      } catch (error) {
        failed++;
        rows.push([name, red('missing'), controlPlanePin(name), '-', error instanceof ChartkitError ? error.message : String(error)]);
      }
    }
    try {
      const stages = await kwokStageFiles();
      rows.push(['kwok-stages', `${stages.length} files`, controlPlanePin('kwok'), settings().CHARTKIT_KWOK_STAGES_DIR ? 'env CHARTKIT_KWOK_STAGES_DIR' : 'Go module proxy', stages[0]!.replace(/\/[^/]+$/, '')]);
    } catch (error) {
      failed++;
      rows.push(['kwok-stages', red('missing'), controlPlanePin('kwok'), '-', error instanceof ChartkitError ? error.message : String(error)]);
    }
  }
  info(table(rows));
  info(`cache: ${cacheDir()}`);
  return failed === 0 ? 0 : 1;
}
