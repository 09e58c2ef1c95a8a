import type { Command } from 'commander';
import type { Action } from './action.ts';
import type { PublishCommandOptions } from './commands/publish.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

/** `chartkit version`, `chartkit publish`, `chartkit bench`. */
export function registerReleaseCommands(cmd: Command, action: Action): void {
  cmd
    .command('version')
    .argument('[charts...]', 'chart names (default: all)')
    .description('carry package.json versions into Chart.yaml, file:// pins, Chart.lock and artifacthub.io/changes (run after changeset version)')
    .option('--check', 'change nothing; list every disagreement and exit non-zero if there is one')
    .action(action(async (names: string[], o: { check?: boolean }) => (await import('./commands/version.ts')).versionCommand(names, o)));
  cmd
    .command('publish')
    .argument('[charts...]', 'chart names (default: all)')
    .description('lint, test, package and push charts in dependency order; published versions are never overwritten')
    .option('--registry <oci-ref>', 'push to an OCI registry, e.g. oci://ghcr.io/OWNER/charts')
    .option('--target <name>', 'a target from chartkit.publish.json (repeatable, or comma-separated)', collect)
    .option('--repo-dir <dir>', 'Helm repository directory target (default dist/repo when no other target is given)')
    .option('--repo-url <url>', 'base URL of the Helm repository, written into index.yaml')
    .option('--plain-http', 'OCI: use HTTP instead of HTTPS')
    .option('--ca-file <file>', 'OCI: verify the registry certificate with this CA bundle')
    .option('--insecure', 'OCI: skip TLS certificate verification')
    .option('--no-build', 'publish the packages already in dist/charts (no lint, test or package)')
    .option('--skip-checks', 'package but do not run lint and test first')
    .option('--dry-run', 'print the plan; push, copy and tag nothing')
    .option('--sign', 'sign and verify what is published: GPG provenance (CHARTKIT_SIGN_KEY, CHARTKIT_SIGN_KEYRING) and/or cosign on OCI targets (CHARTKIT_COSIGN_KEY)')
    .option('--tag', 'create git tags <chart>@<version> for published charts (existing tags are kept)')
    .option('--retries <n>', 'attempts per push or lookup on transient errors (default 4)')
    .option('-j, --concurrency <n>', 'lookups at once (default: cores, at most 8)')
    .option('--json', 'print the plan (chart, version, target, decision, reason) and the results (status, digest, ms, error) as JSON on stdout')
    .action(action(async (names: string[], o: PublishCommandOptions) => (await import('./commands/publish.ts')).publishCommand(names, o)));
}
