import { run, type RunResult } from './exec.ts';
import { resolveTool, type ToolName } from './toolchain.ts';

/** Running the pinned Helm and reading its reason for a failure: what every Helm adapter shares. */

export type HelmMajor = 'helm' | 'helm3';

export const HELM_LABEL: Record<HelmMajor, string> = { helm: 'Helm 4', helm3: 'Helm 3' };

export async function helm(major: HelmMajor, args: string[], cwd?: string): Promise<RunResult> {
  const tool = await resolveTool(major as ToolName);
  return run(tool.path, args, cwd === undefined ? {} : { cwd });
}

/** The last meaningful line of Helm's output: Helm puts the reason there. */
export function helmReason(result: RunResult): string {
  const lines = result.all
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('WARNING: This chart is deprecated') && !/^Use --debug flag/.test(l));
  const at = lines.findIndex((l) => /^(Error|error):/.test(l));
  if (at === -1) return lines[lines.length - 1] ?? `exit code ${result.exitCode}`;
  // Helm puts the reason on the Error line and, for schema and template errors, on the lines after it.
  return lines.slice(at).join(' ').replace(/^Error: /, '');
}
