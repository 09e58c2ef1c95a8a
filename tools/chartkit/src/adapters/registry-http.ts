import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { OciOptions } from './registry-reference.ts';
import { RegistryError } from './registry-errors.ts';

/** The bits of the OCI distribution API chartkit reads directly: manifests, auth challenges, tags. */

/** The media type of the layer holding the chart package in a Helm OCI artifact. */
export const CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

/** The chart package digest (sha256 hex) of a Helm OCI manifest, or undefined if it is not a chart. */
export function chartDigestOfManifest(body: string): string | undefined {
  let manifest: { layers?: { mediaType?: string; digest?: string }[] };
  try {
    manifest = JSON.parse(body) as typeof manifest;
  } catch {
    return undefined;
  }
  const layer = manifest.layers?.find((l) => l.mediaType === CHART_LAYER);
  const m = /^sha256:([0-9a-f]{64})$/.exec(layer?.digest ?? '');
  return m?.[1];
}

/** Parse a WWW-Authenticate header: scheme and parameters. */
export function parseChallenge(header: string | undefined): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/(\w+)="([^"]*)"/g)) params[p[1]!.toLowerCase()] = p[2]!;
  return { scheme: m[1]!.toLowerCase(), params };
}

/** An OCI tag for a chart version (`+` is not allowed in tags; Helm uses `_`). */
export function tagOf(version: string): string {
  return version.replace(/\+/g, '_');
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One GET with the target's TLS settings (CA file, insecure); the answer whatever its status, as text. */
export async function httpGet(url: string, headers: Record<string, string>, tls: Pick<OciOptions, 'caFile' | 'insecure'>, timeoutMs = 30_000): Promise<HttpAnswer> {
  const answer = await httpRequest('GET', url, headers, tls, undefined, timeoutMs);
  return { ...answer, body: answer.body.toString('utf8') };
}

/* ----- Pushing an OCI artifact: blob uploads and a manifest (OCI distribution spec, "Push"). ----- */

/** The media type of an OCI image manifest (what oras writes for an artifact with a config). */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export interface HttpBytesAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request with any method and an optional body, with the target's TLS settings; the answer whatever its status. */
export function httpRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  tls: Pick<OciOptions, 'caFile' | 'insecure'>,
  body?: Buffer,
  timeoutMs = 30_000,
): Promise<HttpBytesAnswer> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const all: Record<string, string> = { 'User-Agent': 'chartkit', ...headers };
  if (body !== undefined || method === 'PUT' || method === 'POST') all['Content-Length'] = String(body?.length ?? 0);
  const options: https.RequestOptions = { method, headers: all, timeout: timeoutMs };
  if (secure) {
    if (tls.caFile) options.ca = readFileSync(path.resolve(tls.caFile));
    if (tls.insecure) options.rejectUnauthorized = false;
  }
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(u, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms (${u.host})`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A blob of an artifact: its media type, its bytes and the descriptor's annotations. */
export interface OciBlob {
  mediaType: string;
  data: Buffer;
  annotations?: Record<string, string>;
}

export interface OciPushTarget {
  /** host[:port] */
  host: string;
  /** The repository below the host, e.g. `charts/worker`. */
  repository: string;
  plainHttp?: boolean;
  caFile?: string;
  insecure?: boolean;
  /** Used for Basic authentication and for bearer tokens; never printed. */
  credentials?: { username: string; password: string };
  timeoutMs?: number;
}

const sha256Digest = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function descriptor(blob: OciBlob): Record<string, unknown> {
  return { mediaType: blob.mediaType, digest: sha256Digest(blob.data), size: blob.data.length, ...(blob.annotations && Object.keys(blob.annotations).length > 0 ? { annotations: blob.annotations } : {}) };
}

/** The OCI image manifest of an artifact, byte for byte the same for the same blobs (no timestamps). */
export function ociImageManifest(config: OciBlob, layers: readonly OciBlob[]): Buffer {
  return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: layers.map(descriptor) }));
}

/**
 * A short-lived client for one repository: it answers the registry's 401 challenges (a bearer
 * token for pull and push, or Basic with the credentials) once and reuses the answer.
 */
class PushClient {
  private authorization: string | undefined;
  constructor(private readonly target: OciPushTarget) {}

  get base(): string {
    return `${this.target.plainHttp ? 'http' : 'https'}://${this.target.host}/v2/${this.target.repository}`;
  }

  private basic(): string | undefined {
    const c = this.target.credentials;
    return c ? `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` : undefined;
  }

  private async send(method: string, url: string, headers: Record<string, string>, body?: Buffer, withAuthorization = true): Promise<HttpBytesAnswer> {
    const withAuth = withAuthorization && this.authorization ? { ...headers, Authorization: this.authorization } : headers;
    try {
      return await httpRequest(method, url, withAuth, this.target, body, this.target.timeoutMs);
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const words: Record<string, string> = { ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset by peer', ETIMEDOUT: 'i/o timeout', EHOSTUNREACH: 'no route to host', EPIPE: 'broken pipe', ENOTFOUND: 'no such host' };
      const reason = `${method} ${new URL(url).pathname}: ${words[code] ?? (error as Error).message}`;
      throw new RegistryError(code === 'ENOTFOUND' ? 'fatal' : 'transient', reason, reason);
    }
  }

  private async authorize(answer: HttpBytesAnswer): Promise<boolean> {
    const challenge = parseChallenge(answer.headers['www-authenticate'] as string | undefined);
    if (challenge?.scheme === 'basic') {
      this.authorization = this.basic();
      return this.authorization !== undefined;
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) return false;
    const url = new URL(challenge.params.realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? `repository:${this.target.repository}:pull,push`);
    const basic = this.basic();
    const token = await this.send('GET', url.toString(), basic ? { Authorization: basic } : {}, undefined, false);
    if (token.status !== 200) return false;
    try {
      const json = JSON.parse(token.body.toString('utf8')) as { token?: string; access_token?: string };
      const value = json.token ?? json.access_token;
      if (!value) return false;
      this.authorization = `Bearer ${value}`;
      return true;
    } catch {
      return false;
    }
  }

  /** A request; on 401 the challenge is answered once and the request repeated. */
  async request(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer): Promise<HttpBytesAnswer> {
    let answer = await this.send(method, url, headers, body);
    if (answer.status === 401 && (await this.authorize(answer))) answer = await this.send(method, url, headers, body);
    return answer;
  }

  failure(what: string, answer: HttpBytesAnswer): RegistryError {
    let detail = '';
    try {
      const json = JSON.parse(answer.body.toString('utf8')) as { errors?: { code?: string; message?: string }[] };
      detail = (json.errors ?? []).map((e) => [e.code, e.message].filter(Boolean).join(' ')).join('; ');
    } catch {
      // not a registry error document
    }
    const reason = `${what}: ${answer.status}${detail ? ` ${detail}` : ''}`;
    const kind = answer.status === 401 || answer.status === 403 ? 'auth' : answer.status >= 500 || answer.status === 429 ? 'transient' : 'fatal';
    return new RegistryError(kind, reason, reason);
  }
}

/**
 * Push an artifact (a config blob and layers, in an OCI image manifest) as `<repository>:<tag>`:
 * each blob the registry lacks is uploaded (POST, then PUT with its digest), then the manifest is
 * PUT. When the tag already holds this very manifest nothing is uploaded: 'unchanged'. Network
 * failures, 5xx and 429 are transient RegistryErrors; refused credentials are 'auth'.
 */
export async function pushOciArtifact(target: OciPushTarget, tag: string, config: OciBlob, layers: readonly OciBlob[]): Promise<{ status: 'pushed' | 'unchanged'; digest: string }> {
  const client = new PushClient(target);
  const manifest = ociImageManifest(config, layers);
  const digest = sha256Digest(manifest);
  const manifestUrl = `${client.base}/manifests/${encodeURIComponent(tag)}`;
  const existing = await client.request('GET', manifestUrl, { Accept: OCI_MANIFEST });
  if (existing.status === 200 && sha256Digest(existing.body) === digest) return { status: 'unchanged', digest };
  if (existing.status !== 200 && existing.status !== 404) throw client.failure(`GET ${target.repository}:${tag}`, existing);
  for (const blob of [config, ...layers]) {
    const blobDigest = sha256Digest(blob.data);
    const head = await client.request('HEAD', `${client.base}/blobs/${blobDigest}`);
    if (head.status === 200) continue;
    const started = await client.request('POST', `${client.base}/blobs/uploads/`);
    if (started.status !== 202 || typeof started.headers.location !== 'string') throw client.failure(`POST ${target.repository} blob upload`, started);
    const location = new URL(started.headers.location, `${target.plainHttp ? 'http' : 'https'}://${target.host}`);
    location.searchParams.set('digest', blobDigest);
    const put = await client.request('PUT', location.toString(), { 'Content-Type': 'application/octet-stream' }, blob.data);
    if (put.status !== 201) throw client.failure(`PUT ${target.repository} blob ${blobDigest.slice(0, 19)}`, put);
  }
  const put = await client.request('PUT', manifestUrl, { 'Content-Type': OCI_MANIFEST }, manifest);
  if (put.status !== 201) throw client.failure(`PUT ${target.repository}:${tag} manifest`, put);
  return { status: 'pushed', digest };
}
