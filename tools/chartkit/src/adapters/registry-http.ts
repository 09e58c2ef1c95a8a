import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { OciOptions } from './registry-reference.ts';

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

/** One GET with the target's TLS settings (CA file, insecure); the answer whatever its status. */
export function httpGet(url: string, headers: Record<string, string>, tls: Pick<OciOptions, 'caFile' | 'insecure'>, timeoutMs = 30_000): Promise<HttpAnswer> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const options: https.RequestOptions = { method: 'GET', headers: { 'User-Agent': 'chartkit', ...headers }, timeout: timeoutMs };
  if (secure) {
    if (tls.caFile) options.ca = readFileSync(path.resolve(tls.caFile));
    if (tls.insecure) options.rejectUnauthorized = false;
  }
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(u, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms (${u.host})`)));
    req.on('error', reject);
    req.end();
  });
}
