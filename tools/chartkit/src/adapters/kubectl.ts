import { ChartkitError } from '../core/errors.ts';
import { run, type RunResult } from './exec.ts';
import { resolveTool } from './toolchain.ts';

/** The environment kubectl needs: no registry credentials or other secrets of the caller. */
function kubectlEnv(kubeconfig: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', KUBECONFIG: kubeconfig };
}

/** kubectl's reason for a failure: the last line it wrote to stderr (else stdout). */
export function kubectlReason(result: RunResult): string {
  const last = (text: string): string | undefined => text.trim().split('\n').filter(Boolean).pop();
  return (last(result.stderr) ?? last(result.stdout) ?? `exit code ${result.exitCode}`).trim();
}

/** Run kubectl against a cluster; a failure is a ChartkitError with kubectl's own last line. */
export async function kubectl(kubeconfig: string, args: string[], options: { input?: string; allowFailure?: boolean } = {}): Promise<RunResult> {
  const tool = await resolveTool('kubectl');
  const result = await run(tool.path, ['--kubeconfig', kubeconfig, ...args], { env: kubectlEnv(kubeconfig), isolatedEnv: true, ...(options.input === undefined ? {} : { input: options.input }), timeoutMs: 300_000 });
  if (result.exitCode !== 0 && !options.allowFailure) {
    throw new ChartkitError('TOOL_FAILED', `kubectl ${args.slice(0, 2).join(' ')}: ${kubectlReason(result)}`, { details: [result.all] });
  }
  return result;
}
