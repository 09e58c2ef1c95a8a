import { describe, expect, it } from 'vitest';
import { chartDigestOfManifest, classifyRegistryOutput, credentialsFromEnv, parseChallenge, parseOciRef, redact, tagOf } from '../../src/adapters/registry.ts';

/** Helm 4's own messages, captured from a real docker-registry. */
describe('classifyRegistryOutput', () => {
  it('treats a missing tag or repository as not found', () => {
    expect(classifyRegistryOutput('Error: failed to perform "FetchReference" on source: 127.0.0.1:5055/charts/worker:0.2.0: not found')).toBe('not-found');
    expect(classifyRegistryOutput('Error: GET https://r/v2/x/manifests/1: MANIFEST_UNKNOWN: manifest unknown')).toBe('not-found');
  });

  it('treats refused or reset connections, timeouts and 5xx as transient', () => {
    for (const text of [
      'Error: failed to perform "FetchReference" on source: Get "http://127.0.0.1:5056/v2/charts/base/manifests/0.9.0": dial tcp 127.0.0.1:5056: connect: connection refused',
      'Error: Put "http://127.0.0.1:1/v2/x/blobs/uploads/": read tcp 127.0.0.1:4->127.0.0.1:1: read: connection reset by peer',
      'Error: Head "https://ghcr.io/v2/x/manifests/1": net/http: TLS handshake timeout',
      'Error: context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      'Error: unexpected EOF',
      'Error: response status code 503: Service Unavailable',
      'Error: PUT "https://r/v2/x/manifests/1": response status code 502: Bad Gateway',
      'Error: 429 Too Many Requests',
    ]) {
      expect(classifyRegistryOutput(text), text).toBe('transient');
    }
  });

  it('treats authentication and authorisation failures as auth, even when they mention other words', () => {
    for (const text of [
      'Error: authenticating to "127.0.0.1:5057": GET "https://127.0.0.1:5057/v2/": response status code 401: unauthorized: authentication required',
      'Error: failed to perform "Exists" on destination: HEAD "https://127.0.0.1:5057/v2/charts/base/manifests/sha256:e895": basic credential not found',
      'Error: denied: requested access to the resource is denied',
      'Error: response status code 403: Forbidden (connection reset afterwards)',
    ]) {
      expect(classifyRegistryOutput(text), text).toBe('auth');
    }
  });

  it('treats certificate and reference errors as fatal', () => {
    expect(classifyRegistryOutput('Error: tls: failed to verify certificate: x509: certificate signed by unknown authority')).toBe('fatal');
    expect(classifyRegistryOutput('Error: invalid reference: invalid repository')).toBe('fatal');
    expect(classifyRegistryOutput('Error: http: server gave HTTP response to HTTPS client')).toBe('fatal');
  });
});

describe('redact', () => {
  it('removes the password and its base64 and URL-encoded forms', () => {
    const password = 'p@ss w0rd!';
    const auth = Buffer.from(`alice:${password}`).toString('base64');
    const text = `login with ${password} failed; config {"auth":"${auth}"}; url https://alice:${encodeURIComponent(password)}@r`;
    const out = redact(text, [password, `alice:${password}`]);
    expect(out).not.toContain(password);
    expect(out).not.toContain(auth);
    expect(out).not.toContain(encodeURIComponent(password));
    expect(out).toContain('login with *** failed');
  });

  it('leaves text alone without secrets', () => {
    expect(redact('nothing secret', [])).toBe('nothing secret');
    expect(redact('nothing secret', [''])).toBe('nothing secret');
  });
});

describe('parseOciRef', () => {
  it('splits host and path, with or without port and trailing slash', () => {
    expect(parseOciRef('oci://ghcr.io/owner/charts')).toEqual({ host: 'ghcr.io', path: 'owner/charts' });
    expect(parseOciRef('oci://127.0.0.1:5000/charts/')).toEqual({ host: '127.0.0.1:5000', path: 'charts' });
    expect(parseOciRef('oci://localhost:5000')).toEqual({ host: 'localhost:5000', path: '' });
  });

  it('rejects anything else with the expected form', () => {
    expect(() => parseOciRef('https://ghcr.io/x')).toThrow('"https://ghcr.io/x" is not an OCI registry reference; use oci://host[:port]/path, e.g. oci://ghcr.io/OWNER/charts');
  });
});

describe('credentialsFromEnv', () => {
  it('takes both variables or none', () => {
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(credentialsFromEnv({ CHARTKIT_REGISTRY_USERNAME: 'u', CHARTKIT_REGISTRY_PASSWORD: 'p' })).toEqual({
      username: 'u',
      password: 'p',
      source: 'CHARTKIT_REGISTRY_USERNAME / CHARTKIT_REGISTRY_PASSWORD',
      passwordEnv: 'CHARTKIT_REGISTRY_PASSWORD',
    });
    expect(() => credentialsFromEnv({ CHARTKIT_REGISTRY_USERNAME: 'u' })).toThrow(
      'CHARTKIT_REGISTRY_USERNAME is set but CHARTKIT_REGISTRY_PASSWORD is not; set both, or neither to use Helm\'s registry login',
    );
  });

  it('reads per-target variable names', () => {
    expect(credentialsFromEnv({ GHCR_USER: 'bot', GHCR_TOKEN: 't' }, { username: 'GHCR_USER', password: 'GHCR_TOKEN' })?.source).toBe('GHCR_USER / GHCR_TOKEN');
  });
});

describe('OCI API helpers', () => {
  it('reads the chart package digest from a Helm manifest (as docker-registry served it)', () => {
    const manifest = JSON.stringify({
      schemaVersion: 2,
      config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: `sha256:${'b'.repeat(64)}`, size: 172 },
      layers: [
        { mediaType: 'application/vnd.cncf.helm.chart.provenance.v1.prov', digest: `sha256:${'c'.repeat(64)}`, size: 900 },
        { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: `sha256:${'4f4e43b0bca7'.padEnd(64, '0')}`, size: 1078 },
      ],
    });
    expect(chartDigestOfManifest(manifest)).toBe('4f4e43b0bca7'.padEnd(64, '0'));
    expect(chartDigestOfManifest(JSON.stringify({ layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${'d'.repeat(64)}` }] }))).toBeUndefined();
    expect(chartDigestOfManifest('not json')).toBeUndefined();
  });

  it('parses registry auth challenges', () => {
    expect(parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/c:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:o/c:pull' },
    });
    expect(parseChallenge('Basic realm="chartkit-test"')).toEqual({ scheme: 'basic', params: { realm: 'chartkit-test' } });
    expect(parseChallenge(undefined)).toBeUndefined();
  });

  it('writes semver build metadata as Helm does in tags', () => {
    expect(tagOf('1.2.3+build.5')).toBe('1.2.3_build.5');
    expect(tagOf('1.2.3-rc.1')).toBe('1.2.3-rc.1');
  });
});
