import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_DIR } from '../adapters/package-dir.ts';
import { Command, CommanderError } from 'commander';
import { isChartkitError } from '../core/errors.ts';
import { settings } from '../adapters/environment.ts';
import { installSignalHandlers } from '../adapters/temp.ts';
import type { TestCommandOptions } from './commands/test.ts';
import { registerCompatCommand } from './commands/compat.ts';
import { registerExtraCommands } from './extra.ts';
import { timed, timingReport } from '../adapters/timings.ts';

/** chartkit's own version: the "version" of tools/chartkit/package.json. */
export function chartkitVersion(): string {
  return String((JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version?: unknown }).version);
}

/** After the command list in `chartkit --help`; README.md has the same (section "Exit codes and --json"). */
export const HELP_EPILOG = `
Exit codes:
  0              success
  1              lint, test, compat or publish found problems, or a user error (a bad flag,
                 chart name, setting or file: one line on stderr; --verbose adds the cause)
  2              internal error, a bug in chartkit (the stack trace is on stderr)
  129, 130, 143  interrupted by SIGHUP, SIGINT (Ctrl-C) or SIGTERM; temporary files are removed
  chartkit helm …, chartkit kubectl …: the tool's own exit code

--json (lint, test, compat, publish): stdout carries exactly one JSON document and nothing else;
progress goes to stderr. On exit 1 or 2 without results it is {"error": {"code", "message"}}.
`;

function program(setExit: (code: number) => void): Command {
  const cmd = new Command('chartkit')
    .description('Lint, test, document, version and publish Helm charts.')
    .version(chartkitVersion(), '-V, --version', 'print the chartkit version')
    .option('--verbose', 'print the cause of errors, and where the time went (phases, child processes)')
    .addHelpText('after', HELP_EPILOG)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const action =
    <A extends unknown[]>(fn: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      setExit(await fn(...args));
    };

  cmd
    .command('doctor')
    .description('show (and provision) Helm 4, Helm 3, helm-unittest, kubectl, cosign, the Kubernetes schemas and the control plane of install-test: version, path, source')
    .option('--no-control-plane', 'skip the control-plane binaries (kube-apiserver, etcd, kwok, …)')
    .action(action(async (o: { controlPlane?: boolean }) => (await import('./commands/doctor.ts')).doctor({ controlPlane: o.controlPlane !== false })));
  cmd
    .command('lint')
    .argument('[charts...]', 'chart names (default: all)')
    .description('Chart.yaml contract, generated files, values, helm lint --strict (Helm 4 and 3), Kubernetes schema, rules')
    .option('--kube-version <version>', 'Kubernetes version whose OpenAPI schemas validate rendered manifests')
    .option('--helm <which>', 'lint with Helm 4, 3 or both', 'both')
    .option('-j, --concurrency <n>', 'charts linted at once (default: cores)')
    .option('--json', 'print the results as JSON on stdout: per chart pass/fail and findings (rule, file, line, message)')
    .action(action(async (names: string[], o: { kubeVersion?: string; helm?: '4' | '3' | 'both'; concurrency?: string; json?: boolean }) => (await timed('load the lint modules', () => import('./commands/lint.ts'))).lint(names, o)));
  registerCompatCommand(cmd, action);
  cmd
    .command('test')
    .argument('[charts...]', 'chart names (default: all)')
    .description('run the helm-unittest suites of each chart with the real plugin')
    .option('-u, --update-snapshots', 'rewrite changed snapshots')
    .option('-j, --concurrency <n>', 'charts tested at once (default: cores)')
    .option('--json', 'print the results as JSON on stdout: per chart and per test case (suite, name, status, message)')
    .option('--junit <file>', 'also write one JUnit XML report with the suites of every chart')
    .action(action(async (names: string[], o: TestCommandOptions) => (await timed('load the test modules', () => import('./commands/test.ts'))).test(names, o)));
  cmd
    .command('package')
    .argument('[charts...]', 'chart names (default: all)')
    .description('helm package every chart, in dependency order, its file:// dependencies from their packages; reproducible')
    .option('-d, --destination <dir>', 'output directory', 'dist/charts')
    .action(action(async (names: string[], o: { destination?: string }) => (await import('./commands/package.ts')).packageCommand(names, o)));
  cmd
    .command('schema')
    .argument('[charts...]', 'chart names (default: all)')
    .description('generate values.schema.json and values.yaml from values.schema.ts')
    .option('--check', 'fail if a generated file is stale')
    .action(action(async (names: string[], o: { check?: boolean }) => (await import('./commands/generate.ts')).generate('schema', names, o)));
  cmd
    .command('docs')
    .argument('[charts...]', 'chart names (default: all)')
    .description('refresh the generated tables in each chart README')
    .option('--check', 'fail if a README is stale')
    .action(action(async (names: string[], o: { check?: boolean }) => (await import('./commands/generate.ts')).generate('docs', names, o)));
  registerExtraCommands(cmd, action);
  // Handled in main() before parsing, so every flag reaches the tool; listed here for --help.
  cmd.command('helm [args...]').description('run the pinned Helm 4 (CHARTKIT_HELM overrides it), e.g. chartkit helm install …');
  cmd.command('kubectl [args...]').description('run the pinned kubectl (CHARTKIT_KUBECTL overrides it)');
  return cmd;
}

/** `chartkit helm …` / `chartkit kubectl …`: the pinned tools, every argument passed through as written. */
async function passThrough(tool: 'helm' | 'kubectl', args: string[]): Promise<number> {
  const [{ resolveTool }, { runAttached }] = await Promise.all([import('../adapters/toolchain.ts'), import('../adapters/exec.ts')]);
  const { path: file } = await resolveTool(tool);
  return runAttached(file, args);
}

/** With --json, an error that ends the run before any result is the JSON document too. */
function jsonError(argv: string[], code: string, message: string): void {
  if (argv.includes('--json') && argv[0] !== 'helm' && argv[0] !== 'kubectl') process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
}

export async function main(argv: string[]): Promise<number> {
  installSignalHandlers();
  // Every CHARTKIT_* variable is checked before any work starts, and all bad ones are named at once.
  if (!argv.some((a) => ['--help', '-h', '--version', '-V'].includes(a))) {
    try {
      settings();
    } catch (error) {
      if (!isChartkitError(error)) throw error;
      process.stderr.write(`chartkit: ${error.message}\n`);
      jsonError(argv, error.code, error.message);
      return 1;
    }
  }
  if (argv[0] === 'helm' || argv[0] === 'kubectl') {
    try {
      return await passThrough(argv[0], argv.slice(1));
    } catch (error) {
      if (!isChartkitError(error)) throw error;
      process.stderr.write(`chartkit: ${error.message}\n`);
      return 1;
    }
  }
  const verbose = argv.includes('--verbose');
  try {
    return await runProgram(argv, verbose);
  } finally {
    if (verbose) process.stderr.write(`timings:\n${timingReport().join('\n')}\n`);
  }
}

async function runProgram(argv: string[], verbose: boolean): Promise<number> {
  let code = 0;
  try {
    await program((c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0) jsonError(argv, 'USAGE', error.message.replace(/^error: /, ''));
      return error.exitCode;
    }
    if (isChartkitError(error)) {
      process.stderr.write(`chartkit: ${error.message}\n`);
      jsonError(argv, error.code, error.message);
      if (verbose) {
        for (const d of error.details) process.stderr.write(`${d}\n`);
        if (error.cause) process.stderr.write(`cause: ${String((error.cause as Error).stack ?? error.cause)}\n`);
      }
      return 1;
    }
    // Not a user error: a bug in chartkit. Exit 2 with the stack, and ask for a report.
    process.stderr.write(`chartkit: internal error (a bug in chartkit; please report it with the command and this output):\n${(error as Error).stack ?? String(error)}\n`);
    jsonError(argv, 'INTERNAL', `internal error (a bug in chartkit): ${(error as Error).message ?? String(error)}`);
    return 2;
  }
}
