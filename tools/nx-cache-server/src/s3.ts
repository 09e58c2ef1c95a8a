import { Readable } from 'node:stream';
import { AwsClient } from 'aws4fetch';
import { XMLParser } from 'fast-xml-parser';
import type { StoreConfig } from './config.ts';

/**
 * The few S3 calls the cache needs (HeadBucket, HeadObject, GetObject, PutObject, DeleteObject,
 * ListObjectsV2), signed with SigV4 by aws4fetch and sent with Node's fetch. Bodies stream both
 * ways: PUT sends the request body as it arrives, with x-amz-content-sha256 UNSIGNED-PAYLOAD
 * (the payload is not hashed before sending; TLS protects it in transit).
 */
export class S3Error extends Error {
  override name = 'S3Error';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'Contents' });

async function errorOf(response: Response, what: string): Promise<S3Error> {
  const text = await response.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `HTTP ${response.status}`;
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  return new S3Error(`${what}: S3 answered ${response.status} ${code}${message ? ` (${message})` : ''}`, response.status, code);
}

/** A network failure (refused, reset, DNS) as one line that names the endpoint. */
function unreachable(error: unknown, endpoint: string, what: string): S3Error {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return new S3Error(`${what}: cannot reach S3 at ${endpoint} (${cause?.code ?? cause?.message ?? (error as Error).message})`, 0, 'Unreachable');
}

export class S3Store {
  private readonly client: AwsClient;

  constructor(private readonly config: StoreConfig) {
    this.client = new AwsClient({
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      sessionToken: config.sessionToken,
      service: 's3',
      region: config.region,
      retries: 0,
    });
  }

  get bucket(): string {
    return this.config.bucket;
  }

  keyOf(hash: string): string {
    return `${this.config.prefix}${hash}`;
  }

  private url(key: string, query?: Record<string, string>): string {
    const endpoint = new URL(this.config.endpoint);
    const path = key
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/');
    const base = endpoint.pathname.replace(/\/+$/, '');
    if (this.config.pathStyle) endpoint.pathname = `${base}/${this.config.bucket}/${path}`;
    else {
      endpoint.hostname = `${this.config.bucket}.${endpoint.hostname}`;
      endpoint.pathname = `${base}/${path}`;
    }
    for (const [k, v] of Object.entries(query ?? {})) endpoint.searchParams.set(k, v);
    return endpoint.toString();
  }

  private async send(url: string, init: RequestInit & { duplex?: 'half' }, what: string): Promise<Response> {
    try {
      const signed = await this.client.sign(url, init);
      return await fetch(signed, init.signal ? { signal: init.signal } : undefined);
    } catch (error) {
      if (error instanceof S3Error || (error as Error).name === 'AbortError') throw error;
      throw unreachable(error, this.config.endpoint, what);
    }
  }

  /** Throws an S3Error that says what is wrong when the bucket cannot be used with these credentials. */
  async check(): Promise<void> {
    const what = `bucket "${this.config.bucket}"`;
    const response = await this.send(this.url(''), { method: 'HEAD' }, what);
    if (response.ok) return;
    if (response.status === 404) throw new S3Error(`${what} does not exist at ${this.config.endpoint}; create it, or fix --bucket/--endpoint`, 404, 'NoSuchBucket');
    if (response.status === 403 || response.status === 401) {
      throw new S3Error(`${what}: S3 at ${this.config.endpoint} refused the credentials (${response.status}); check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and --region`, response.status, 'AccessDenied');
    }
    if (response.status === 301) throw new S3Error(`${what} is in another region than ${this.config.region}; set --region`, 301, 'PermanentRedirect');
    throw await errorOf(response, what);
  }

  async head(hash: string): Promise<{ size: number } | undefined> {
    const response = await this.send(this.url(this.keyOf(hash)), { method: 'HEAD' }, `HEAD ${hash}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await errorOf(response, `HEAD ${hash}`);
    return { size: Number(response.headers.get('content-length') ?? 0) };
  }

  async get(hash: string, signal?: AbortSignal): Promise<{ size: number | undefined; body: Readable } | undefined> {
    const response = await this.send(this.url(this.keyOf(hash)), { method: 'GET', ...(signal ? { signal } : {}) }, `GET ${hash}`);
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok || !response.body) throw await errorOf(response, `GET ${hash}`);
    const length = response.headers.get('content-length');
    return { size: length === null ? undefined : Number(length), body: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>) };
  }

  /**
   * Store a body of `size` bytes unless the key exists: 'exists' when it does (checked first, and
   * by If-None-Match: * where the server supports conditional writes).
   */
  async put(hash: string, body: Readable, size: number): Promise<'created' | 'exists'> {
    const response = await this.send(
      this.url(this.keyOf(hash)),
      {
        method: 'PUT',
        headers: { 'content-length': String(size), 'content-type': 'application/octet-stream', 'if-none-match': '*', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        body: Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>,
        duplex: 'half',
      },
      `PUT ${hash}`,
    );
    if (response.status === 412 || response.status === 409) {
      await response.body?.cancel();
      return 'exists';
    }
    if (!response.ok) throw await errorOf(response, `PUT ${hash}`);
    await response.body?.cancel();
    return 'created';
  }

  async delete(key: string): Promise<void> {
    const response = await this.send(this.url(key), { method: 'DELETE' }, `DELETE ${key}`);
    await response.body?.cancel();
    if (!response.ok && response.status !== 404) throw await errorOf(response, `DELETE ${key}`);
  }

  /** Every object under the prefix, a page (up to 1000) at a time. */
  async *list(): AsyncGenerator<StoredObject> {
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix: this.config.prefix };
      if (token) query['continuation-token'] = token;
      const response = await this.send(this.url('', query), { method: 'GET' }, 'ListObjectsV2');
      if (!response.ok) throw await errorOf(response, 'ListObjectsV2');
      const result = (xml.parse(await response.text()) as { ListBucketResult?: { Contents?: { Key: string; Size: string; LastModified: string }[]; IsTruncated?: string; NextContinuationToken?: string } }).ListBucketResult;
      for (const c of result?.Contents ?? []) yield { key: c.Key, size: Number(c.Size), lastModified: new Date(c.LastModified) };
      token = result?.IsTruncated === 'true' ? result.NextContinuationToken : undefined;
    } while (token);
  }
}
