import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ChartkitError } from '../core/errors.ts';
import { run, type RunResult } from './exec.ts';
import { helmReason } from './helm.ts';
import { resolveTool } from './toolchain.ts';
import { tempDir } from './temp.ts';
import { redact } from './redact.ts';
import { classifyRegistryOutput, RegistryError } from './registry-errors.ts';
import { chartDigestOfManifest, CHART_LAYER, httpGet, parseChallenge, tagOf, type HttpAnswer } from './registry-http.ts';
import { parseOciRef, type OciOptions, type OciReference, type RegistryCredentials } from './registry-reference.ts';
import { settings } from './environment.ts';

export { redact } from './redact.ts';
export { classifyRegistryOutput, RegistryError, type FailureKind } from './registry-errors.ts';
export { chartDigestOfManifest, CHART_LAYER, parseChallenge, tagOf } from './registry-http.ts';
export { credentialsFromEnv, parseOciRef, type OciOptions, type OciReference, type RegistryCredentials } from './registry-reference.ts';

/**
 * An OCI registry reached through Helm 4 (`helm registry login`, `helm pull`, `helm push`), so
 * every way Helm authenticates works: its registry config, credential helpers, token flows.
 * Credentials given to chartkit go to Helm on stdin, into a private registry config that is
 * deleted afterwards; they never appear on a command line, in output or in an error.
 *
 * Lookups ("is <chart>:<version> there, and what is its package digest?") first ask the
 * registry's HTTP API for the manifest — one request instead of a `helm pull` — and read the digest
 * of the chart content layer, which is the sha256 of the .tgz. When the registry wants credentials
 * chartkit does not hold (Helm's own login), they fall back to `helm pull` and hashing the package.
 */

function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export class OciRegistry {
  readonly options: OciOptions;
  readonly reference: OciReference;
  private registryConfig: string | undefined;
  private privateDir: string | undefined;
  private secrets: string[] = [];
  private credentials: RegistryCredentials | undefined;
  private readonly timeoutMs: number;

  private constructor(options: OciOptions) {
    this.options = options;
    this.reference = parseOciRef(options.ref);
    this.timeoutMs = settings().CHARTKIT_PUBLISH_TIMEOUT_MS || 300_000;
  }

  /** The target as users write it, without a trailing slash. */
  get display(): string {
    return `oci://${this.reference.host}${this.reference.path ? `/${this.reference.path}` : ''}`;
  }

  /**
   * Open a registry. With credentials, log in once into a private registry config (the password on
   * stdin); without, Helm's own registry config (`helm registry login`, HELM_REGISTRY_CONFIG) is used.
   */
  static async open(options: OciOptions, credentials?: RegistryCredentials): Promise<OciRegistry> {
    const registry = new OciRegistry(options);
    await registry.probe();
    if (credentials) await registry.login(credentials);
    return registry;
  }

  private tlsArgs(kind: 'login' | 'transfer'): string[] {
    const args: string[] = [];
    if (this.options.plainHttp) args.push('--plain-http');
    if (this.options.caFile) args.push('--ca-file', path.resolve(this.options.caFile));
    if (this.options.insecure) args.push(kind === 'login' ? '--insecure' : '--insecure-skip-tls-verify');
    if (this.registryConfig) args.push('--registry-config', this.registryConfig);
    return args;
  }

  private async helm(args: string[], input?: string): Promise<RunResult> {
    const tool = await resolveTool('helm');
    try {
      const result = await run(tool.path, args, {
        // The password reaches Helm on stdin only: run() never passes a secret variable to a child (exec.ts).
        timeoutMs: this.timeoutMs,
        ...(input === undefined ? {} : { input }),
      });
      return { ...result, stdout: this.redact(result.stdout), stderr: this.redact(result.stderr), all: this.redact(result.all) };
    } catch (error) {
      if (error instanceof ChartkitError && /timed out/.test(error.message)) {
        throw new RegistryError('transient', `helm ${args[0]}: timed out after ${this.timeoutMs} ms`, `timed out after ${this.timeoutMs} ms`);
      }
      throw error;
    }
  }

  redact(text: string): string {
    return redact(text, this.secrets);
  }

  private failure(what: string, result: RunResult): RegistryError {
    const reason = this.redact(helmReason(result));
    return new RegistryError(classifyRegistryOutput(result.all), `${what}: ${reason}`, reason, [this.redact(result.all)]);
  }

  private async login(credentials: RegistryCredentials): Promise<void> {
    this.secrets = [credentials.password, `${credentials.username}:${credentials.password}`];
    this.credentials = credentials;
    // removed on exit and on SIGINT/SIGTERM/SIGHUP (adapters/temp.ts)
    this.privateDir = tempDir('chartkit-registry-');
    chmodSync(this.privateDir, 0o700);
    this.registryConfig = path.join(this.privateDir, 'config.json');
    const result = await this.helm(['registry', 'login', this.reference.host, '--username', credentials.username, '--password-stdin', ...this.tlsArgs('login')], credentials.password);
    if (result.exitCode !== 0) {
      this.close();
      const error = this.failure(`registry login to ${this.reference.host} as ${credentials.username} failed`, result);
      const hint = error.kind === 'auth' ? `; check ${credentials.source}` : error.kind === 'transient' ? '' : '; check the registry address and TLS options (--plain-http, --ca-file, --insecure)';
      throw new RegistryError(error.kind, `${error.message}${hint}`, error.reason, [...error.details]);
    }
  }

  /** The oci:// reference of one chart (without version). */
  chartRef(name: string): string {
    return `${this.display}/${name}`;
  }

  /**
   * Pull `<name>:<version>` into `destination`. Returns the .tgz path, or undefined when the
   * registry does not have that version.
   */
  async pull(name: string, version: string, destination: string, options: { prov?: boolean } = {}): Promise<string | undefined> {
    const args = ['pull', this.chartRef(name), '--version', version, '--destination', destination, ...this.tlsArgs('transfer')];
    if (options.prov) args.push('--prov');
    const result = await this.helm(args);
    if (result.exitCode !== 0) {
      const error = this.failure(`helm pull ${this.chartRef(name)}:${version} failed`, result);
      if (error.kind === 'not-found') return undefined;
      throw error;
    }
    const file = readdirSync(destination).find((f) => f.endsWith('.tgz'));
    if (!file) throw new RegistryError('fatal', `helm pull ${this.chartRef(name)}:${version} wrote no .tgz`, 'no package');
    return path.join(destination, file);
  }

  /** Whether `<name>:<version>` exists, and the sha256 of its chart package (the content layer). */
  async lookup(name: string, version: string): Promise<{ exists: false } | { exists: true; digest: string }> {
    const viaApi = await this.lookupViaApi(name, version);
    if (viaApi !== 'fallback') return viaApi;
    const dir = tempDir('chartkit-lookup-');
    try {
      const file = await this.pull(name, version, dir);
      return file ? { exists: true, digest: sha256File(file) } : { exists: false };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /**
   * Is the registry there? One `GET /v2/` with the target's TLS settings and a short timeout, no
   * retry: any HTTP answer (401 included) means yes. A refused connection, an unknown host, a TLS
   * failure or silence is a fatal RegistryError (never retried) with the cause in one line. Skipped
   * behind an HTTP(S) proxy, which Helm honours and Node's client does not.
   */
  async probe(timeoutMs = 5_000): Promise<void> {
    if (process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy || process.env.ALL_PROXY) return;
    const url = `${this.options.plainHttp ? 'http' : 'https'}://${this.reference.host}/v2/`;
    try {
      await httpGet(url, {}, this.options, timeoutMs);
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const words: Record<string, string> = { ECONNREFUSED: 'connection refused', ENOTFOUND: 'no such host', EAI_AGAIN: 'no such host (DNS lookup failed)', EHOSTUNREACH: 'no route to host', ECONNRESET: 'connection reset by peer' };
      const reason = words[code] ?? (error as Error).message.split('\n')[0] ?? String(error);
      throw new RegistryError('fatal', `cannot reach ${this.display} (${reason})`, reason);
    }
  }

  /** A bearer token from the registry's token service (anonymous, or with chartkit's credentials). */
  private async bearerToken(params: Record<string, string>, scope: string): Promise<string | undefined> {
    if (!params.realm) return undefined;
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? scope);
    const headers: Record<string, string> = {};
    if (this.credentials) headers.Authorization = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    const answer = await httpGet(url.toString(), headers, this.options);
    if (answer.status !== 200) return undefined;
    try {
      const json = JSON.parse(answer.body) as { token?: string; access_token?: string };
      return json.token ?? json.access_token;
    } catch {
      return undefined;
    }
  }

  /**
   * The manifest through the registry's HTTP API. Returns 'fallback' when the answer needs Helm
   * (credentials only Helm's registry config holds, an unexpected status); network failures and
   * 5xx are transient RegistryErrors.
   */
  private async lookupViaApi(name: string, version: string): Promise<{ exists: false } | { exists: true; digest: string } | 'fallback'> {
    const repository = `${this.reference.path ? `${this.reference.path}/` : ''}${name}`;
    const url = `${this.options.plainHttp ? 'http' : 'https'}://${this.reference.host}/v2/${repository}/manifests/${encodeURIComponent(tagOf(version))}`;
    const accept = { Accept: 'application/vnd.oci.image.manifest.v1+json' };
    const attempt = async (auth?: string): Promise<HttpAnswer> => {
      try {
        return await httpGet(url, auth ? { ...accept, Authorization: auth } : accept, this.options);
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        const words: Record<string, string> = { ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset by peer', ETIMEDOUT: 'i/o timeout', EHOSTUNREACH: 'no route to host', EPIPE: 'broken pipe' };
        const reason = this.redact(`GET ${url}: ${words[code] ?? (error as Error).message}`);
        const kind = classifyRegistryOutput(reason);
        if (kind === 'transient' || /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|socket hang up/.test(reason)) throw new RegistryError('transient', reason, reason);
        return { status: -1, headers: {}, body: reason };
      }
    };
    let answer = await attempt();
    // A 404 is only believed from a registry that needs no credentials or that got ours: some
    // registries answer 404 to anonymous clients for private repositories, and pushing on that
    // answer would overwrite a published version.
    let definitive = true;
    if (answer.status === 401) {
      const challenge = parseChallenge(answer.headers['www-authenticate'] as string | undefined);
      if (challenge?.scheme === 'bearer') {
        const token = await this.bearerToken(challenge.params, `repository:${repository}:pull`).catch(() => undefined);
        if (token) answer = await attempt(`Bearer ${token}`);
        definitive = this.credentials !== undefined;
      } else if (challenge?.scheme === 'basic' && this.credentials) {
        answer = await attempt(`Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`);
      }
    }
    if (answer.status === 200) {
      const digest = chartDigestOfManifest(answer.body);
      if (!digest) throw new RegistryError('fatal', `${this.chartRef(name)}:${version} is not a Helm chart (no ${CHART_LAYER} layer)`, 'not a Helm chart');
      return { exists: true, digest };
    }
    if (answer.status === 404 && definitive) return { exists: false };
    if (answer.status >= 500) {
      const reason = `GET ${url}: response status code ${answer.status}`;
      throw new RegistryError('transient', reason, reason);
    }
    return 'fallback';
  }

  /**
   * `helm push` a package (and its .prov when given; Helm uploads a .prov lying next to the
   * package, so the package is pushed from a staging directory holding only what was asked for).
   * Returns the manifest digest Helm reports.
   */
  async push(file: string, prov?: string): Promise<{ manifestDigest?: string }> {
    const stage = tempDir('chartkit-push-');
    try {
      const staged = path.join(stage, path.basename(file));
      copyFileSync(file, staged);
      if (prov) {
        if (!existsSync(prov)) throw new RegistryError('fatal', `${prov}: provenance file not found`, 'missing .prov');
        copyFileSync(prov, `${staged}.prov`);
      }
      const result = await this.helm(['push', staged, this.display, ...this.tlsArgs('transfer')]);
      if (result.exitCode !== 0) throw this.failure(`helm push ${path.basename(file)} ${this.display} failed`, result);
      const digest = /Digest:\s*(sha256:[0-9a-f]{64})/.exec(result.all)?.[1];
      return digest ? { manifestDigest: digest } : {};
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  }

  /** Delete the private registry config, if any. */
  close(): void {
    if (this.privateDir) {
      rmSync(this.privateDir, { recursive: true, force: true });
      this.privateDir = undefined;
      this.registryConfig = undefined;
    }
    this.credentials = undefined;
  }
}
