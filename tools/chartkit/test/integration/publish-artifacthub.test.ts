import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRegistry, type LocalRegistry } from '../../src/adapters/docker-registry.ts';
import { httpGet, httpRequest } from '../../src/adapters/registry-http.ts';
import { resolveTool } from '../../src/adapters/toolchain.ts';
import { annotationProblems, repositoryMetadataProblems } from '../../src/artifacthub/schema.ts';
import { pushRepositoryMetadata } from '../../src/publish/artifacthub.ts';
import { packageMetadata } from '../../src/publish/helm-repo.ts';
import { chartkit, edit, isolatedHelmEnv, removeScratch, scratchCopy } from '../helpers.ts';

/**
 * Artifact Hub support through the real CLI: the annotations in the packaged Chart.yaml, the
 * repository metadata written next to index.yaml, and pushed to a real registry (Debian's
 * docker-registry) as `<chart>:artifacthub.io` with Artifact Hub's media types; fetched back over
 * the registry's HTTP API, as Artifact Hub does.
 */
const REPOSITORY_ID = '9f6a1c1e-3b7d-4c1a-9a52-0d2f4e6b8c10';
const CHARTS = ['base', 'worker', 'stack'];

let ws: string;
let registry: LocalRegistry;
let home: string;
let env: Record<string, string>;

const OWNERS = [{ name: 'Charts team', email: 'charts@example.com' }];

function writeConfig(dir: string, config: unknown): void {
  writeFileSync(path.join(dir, 'chartkit.publish.json'), JSON.stringify(config, null, 2));
}

const config = (owners: unknown = OWNERS): unknown => ({
  artifactHub: { owners: [{ email: 'default@example.com' }] },
  targets: {
    oci: { registry: registry.ref(), plainHttp: true, artifactHub: { repositoryID: REPOSITORY_ID, owners } },
    pages: { repo: 'dist/repo' },
  },
});

/** The artifacthub.io manifest of a chart's repository, over plain HTTP. */
async function metadataManifest(chart: string): Promise<{ status: number; digest: string | undefined; manifest: Record<string, any> | undefined }> {
  const r = await httpGet(`http://${registry.address}/v2/charts/${chart}/manifests/artifacthub.io`, { Accept: 'application/vnd.oci.image.manifest.v1+json' }, {});
  return { status: r.status, digest: r.headers['docker-content-digest'] as string | undefined, manifest: r.status === 200 ? (JSON.parse(r.body) as Record<string, any>) : undefined };
}

async function blob(chart: string, digest: string): Promise<Buffer> {
  const r = await httpRequest('GET', `http://${registry.address}/v2/charts/${chart}/blobs/${digest}`, {}, {});
  expect(r.status).toBe(200);
  return r.body;
}

beforeAll(async () => {
  ws = scratchCopy('release');
  edit(path.join(ws, 'package.json'), (t) => JSON.stringify({ ...JSON.parse(t), license: 'Apache-2.0', repository: { type: 'git', url: 'git+https://github.com/acme/charts.git' } }, null, 2));
  registry = await startLocalRegistry();
  home = mkdtempSync(path.join(os.tmpdir(), 'chartkit-publish-artifacthub-'));
  env = isolatedHelmEnv(home);
  writeConfig(ws, config());
});

afterAll(async () => {
  await registry?.stop();
  removeScratch(ws);
  rmSync(home, { recursive: true, force: true });
});

describe('Artifact Hub', () => {
  it('publishes, pushing artifacthub.io to every chart repository and writing dist/repo/artifacthub-repo.yml', async () => {
    const r = await chartkit(ws, ['publish', '--skip-checks', '--target', 'oci', '--target', 'pages'], env);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    for (const chart of CHARTS) expect(r.stdout).toMatch(new RegExp(`^✓ ${chart}:artifacthub\\.io → oci \\(oci://127\\.0\\.0\\.1:\\d+/charts\\): pushed artifacthub-repo\\.yml sha256:[0-9a-f]{12} `, 'm'));
    expect(r.stdout).toContain('✓ pages: wrote artifacthub-repo.yml');

    // The repo target: the top-level default, next to index.yaml.
    const written = readFileSync(path.join(ws, 'dist/repo/artifacthub-repo.yml'), 'utf8');
    expect(parse(written)).toEqual({ owners: [{ email: 'default@example.com' }] });
    expect(repositoryMetadataProblems(parse(written))).toEqual([]);
    expect(existsSync(path.join(ws, 'dist/repo/index.yaml'))).toBe(true);
  });

  it('the artifact is what Artifact Hub pulls: an OCI manifest with its config and layer media types and the metadata', async () => {
    for (const chart of CHARTS) {
      const { status, digest, manifest } = await metadataManifest(chart);
      expect(status).toBe(200);
      expect(manifest).toMatchObject({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.cncf.artifacthub.config.v1+yaml', size: 0, digest: `sha256:${createHash('sha256').update('').digest('hex')}` },
        layers: [{ mediaType: 'application/vnd.cncf.artifacthub.repository-metadata.layer.v1.yaml', annotations: { 'org.opencontainers.image.title': 'artifacthub-repo.yml' } }],
      });
      expect(manifest!.layers).toHaveLength(1);
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      const layer = await blob(chart, manifest!.layers[0].digest as string);
      expect(layer.length).toBe(manifest!.layers[0].size);
      const metadata = parse(layer.toString('utf8')) as unknown;
      expect(metadata).toEqual({ repositoryID: REPOSITORY_ID, owners: OWNERS });
      expect(repositoryMetadataProblems(metadata)).toEqual([]);
      expect((await blob(chart, manifest!.config.digest as string)).length).toBe(0);
    }
  });

  it('the packages carry the annotations built from the default render; the sources do not', async () => {
    const worker = (await packageMetadata(path.join(ws, 'dist/charts/worker-0.2.0.tgz'))).annotations as Record<string, string>;
    const stack = (await packageMetadata(path.join(ws, 'dist/charts/stack-1.0.0.tgz'))).annotations as Record<string, string>;
    const base = (await packageMetadata(path.join(ws, 'dist/charts/base-0.1.0.tgz'))).annotations as Record<string, string>;
    for (const a of [worker, stack, base]) expect(annotationProblems(a)).toEqual([]);
    expect(parse(worker['artifacthub.io/images']!)).toEqual([{ name: 'worker', image: 'example.com/worker:3.1.0' }]);
    // the umbrella: what its defaults enable (worker.enabled: true)
    expect(parse(stack['artifacthub.io/images']!)).toEqual([{ name: 'worker', image: 'example.com/worker:3.1.0' }]);
    expect(worker['artifacthub.io/license']).toBe('Apache-2.0');
    expect(parse(worker['artifacthub.io/links']!)).toEqual([
      { name: 'Chart source', url: 'https://github.com/acme/charts/tree/HEAD/packages/demo/worker' },
      { name: 'Homepage', url: 'https://example.com/worker' },
    ]);
    // kept: the chart's own annotations
    expect(worker['chartkit.dev/display-name']).toBe('Worker');
    // a library renders nothing: no images, no CRDs
    expect(base['artifacthub.io/images']).toBeUndefined();
    expect(base['artifacthub.io/license']).toBe('Apache-2.0');
    for (const a of [worker, stack, base]) {
      expect(a['artifacthub.io/crds']).toBeUndefined();
      expect(a['artifacthub.io/crdsExamples']).toBeUndefined();
      expect(a['artifacthub.io/signKey']).toBeUndefined();
    }
    expect(readFileSync(path.join(ws, 'packages/demo/worker/Chart.yaml'), 'utf8')).not.toContain('artifacthub.io');
  });

  it('a rerun pushes and writes nothing: the metadata is there unchanged', async () => {
    const before = await Promise.all(CHARTS.map(async (c) => (await metadataManifest(c)).digest));
    const r = await chartkit(ws, ['publish', '--no-build', '--target', 'oci', '--target', 'pages'], env);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/pushed artifacthub-repo\.yml|wrote artifacthub-repo\.yml/);
    for (const chart of CHARTS) expect(r.stdout).toContain(`  ${chart}:artifacthub.io → oci (${registry.ref()}): artifacthub-repo.yml unchanged`);
    expect(r.stdout).toContain('  pages: artifacthub-repo.yml unchanged');
    expect(await Promise.all(CHARTS.map(async (c) => (await metadataManifest(c)).digest))).toEqual(before);
  });

  it('a changed configuration is pushed again on the next publish', async () => {
    const owners = [...OWNERS, { name: 'Release bot', email: 'bot@example.com' }];
    writeConfig(ws, config(owners));
    try {
      const r = await chartkit(ws, ['publish', '--no-build', '--target', 'oci'], env);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^✓ worker:artifacthub\.io → oci .*: pushed artifacthub-repo\.yml/m);
      const { manifest } = await metadataManifest('worker');
      expect(parse((await blob('worker', manifest!.layers[0].digest as string)).toString('utf8'))).toEqual({ repositoryID: REPOSITORY_ID, owners });
    } finally {
      writeConfig(ws, config());
    }
  });

  it('--dry-run writes and pushes nothing', async () => {
    const dir = scratchCopy('release');
    try {
      writeConfig(dir, { targets: { pages: { repo: 'dist/repo', artifactHub: { owners: OWNERS } } } });
      const r = await chartkit(dir, ['publish', '--skip-checks', '--dry-run', '--target', 'pages'], env);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('  pages: would write artifacthub-repo.yml');
      expect(existsSync(path.join(dir, 'dist/repo/artifacthub-repo.yml'))).toBe(false);
    } finally {
      removeScratch(dir);
    }
  });

  it('a chart that renders CRDs lists them, and its ci/crd-examples objects as crdsExamples; an example of another kind stops the package', async () => {
    const dir = scratchCopy('release');
    try {
      const worker = (...p: string[]): string => path.join(dir, 'packages/demo/worker', ...p);
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
          scope: 'Namespaced',
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', description: 'A Widget is a thing the worker makes.' } } }],
        },
      };
      writeFileSync(worker('templates/crd.yaml'), stringify(crd));
      mkdirSync(worker('ci/crd-examples'), { recursive: true });
      const example = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'small' }, spec: { size: 1 } };
      writeFileSync(worker('ci/crd-examples/widget.yaml'), stringify(example));
      const r = await chartkit(dir, ['package', 'worker', '-d', 'dist/x'], env);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const annotations = (await packageMetadata(path.join(dir, 'dist/x/worker-0.2.0.tgz'))).annotations as Record<string, string>;
      expect(annotationProblems(annotations)).toEqual([]);
      expect(parse(annotations['artifacthub.io/crds']!)).toEqual([{ kind: 'Widget', version: 'v1', name: 'widgets.example.com', displayName: 'Widget', description: 'A Widget is a thing the worker makes.' }]);
      expect(parse(annotations['artifacthub.io/crdsExamples']!)).toEqual([example]);

      writeFileSync(worker('ci/crd-examples/gadget.yaml'), stringify({ ...example, kind: 'Gadget' }));
      const bad = await chartkit(dir, ['package', 'worker', '-d', 'dist/y'], env);
      expect(bad.exitCode).toBe(1);
      expect(bad.stderr.trim()).toBe('chartkit: packages/demo/worker/ci/crd-examples/gadget.yaml: Gadget is not a kind of the CRDs worker renders (Widget); remove the file or fix its kind');
    } finally {
      removeScratch(dir);
    }
  });

  it('a wrong artifactHub configuration is one line naming every problem, before anything is built', async () => {
    const dir = scratchCopy('release');
    try {
      writeConfig(dir, {
        artifactHub: { owner: [] },
        targets: {
          oci: { registry: registry.ref(), plainHttp: true, artifactHub: { repositoryID: 'not-a-uuid', owners: [{ name: 'x' }] } },
          pages: { repo: 'dist/repo', artifactHub: true },
        },
      });
      const r = await chartkit(dir, ['publish', '--skip-checks', '--target', 'oci'], env);
      expect(r.exitCode).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      for (const problem of [
        'artifactHub.owner is not a known key; use one of repositoryID, owners, ignore',
        'targets.oci.artifactHub.repositoryID must be a UUID',
        'targets.oci.artifactHub.owners.0 needs "email"',
        'targets.pages.artifactHub must be an object with repositoryID, owners, ignore, or false for no artifacthub-repo.yml',
      ]) {
        expect(lines[0]).toContain(problem);
      }
      expect(lines[0]).toMatch(/^chartkit: chartkit\.publish\.json: /);
      expect(existsSync(path.join(dir, 'dist/charts'))).toBe(false);
    } finally {
      removeScratch(dir);
    }
  });
});

describe('Artifact Hub metadata on a registry that needs a password (htpasswd, TLS)', () => {
  const USER = 'release-bot';
  const PASSWORD = `Corr3ct-h0rse-${process.pid}`;
  let secure: LocalRegistry;
  let dir: string;

  beforeAll(async () => {
    secure = await startLocalRegistry({ auth: { username: USER, password: PASSWORD } });
    dir = scratchCopy('release');
    writeConfig(dir, { artifactHub: { repositoryID: REPOSITORY_ID }, targets: {} });
  });
  afterAll(async () => {
    await secure?.stop();
    removeScratch(dir);
  });

  it("pushes with chartkit's credentials (Basic), never showing the password", async () => {
    const r = await chartkit(dir, ['publish', '--skip-checks', '--registry', secure.ref(), '--ca-file', secure.caFile!], { ...env, CHARTKIT_REGISTRY_USERNAME: USER, CHARTKIT_REGISTRY_PASSWORD: PASSWORD });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^✓ stack:artifacthub\.io → oci:\/\/127\.0\.0\.1:\d+\/charts: pushed artifacthub-repo\.yml/m);
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
    const auth = { Accept: 'application/vnd.oci.image.manifest.v1+json', Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` };
    const answer = await httpGet(`https://${secure.address}/v2/charts/stack/manifests/artifacthub.io`, auth, { caFile: secure.caFile! });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ config: { mediaType: 'application/vnd.cncf.artifacthub.config.v1+yaml' } });
  });

  it("without chartkit's credentials (Helm's login only) the metadata push fails with a hint, and the charts are still published", async () => {
    // Helm holds the credentials (helm registry login), chartkit does not: lookups and pushes go through Helm.
    const helm = await execa((await resolveTool('helm')).path, ['registry', 'login', secure.address, '--username', USER, '--password-stdin', '--ca-file', secure.caFile!], { input: PASSWORD, env: { ...process.env, ...env }, reject: false, all: true });
    expect(helm.exitCode, String(helm.all)).toBe(0);
    const r = await chartkit(dir, ['publish', '--no-build', '--registry', secure.ref(), '--ca-file', secure.caFile!], env);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^3 skipped in /m);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^chartkit: base:artifacthub\.io → oci:\/\/127\.0\.0\.1:\d+\/charts: pushing artifacthub-repo\.yml failed: GET charts\/base:artifacthub\.io: 401.*; chartkit pushes it over the registry API with CHARTKIT_REGISTRY_USERNAME \/ CHARTKIT_REGISTRY_PASSWORD \(not Helm's registry login\): set them to credentials that may push$/,
      ),
    ]);
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
  });
});

describe('pushRepositoryMetadata against a registry with a token service (as ghcr.io and Harbor answer)', () => {
  it('answers the Bearer challenge with a pull,push token got with Basic credentials, then reruns as unchanged', async () => {
    const blobs = new Map<string, Buffer>();
    const manifests = new Map<string, Buffer>();
    const scopes: string[] = [];
    const tokenAuth: string[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const url = new URL(req.url!, 'http://x');
        if (url.pathname === '/token') {
          tokenAuth.push(req.headers.authorization ?? '');
          scopes.push(url.searchParams.get('scope') ?? '');
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: 'tok-123' }));
          return;
        }
        if (req.headers.authorization !== 'Bearer tok-123') {
          const port = (server.address() as { port: number }).port;
          res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="fake",scope="repository:org/charts/worker:pull,push"` }).end();
          return;
        }
        const m = /^\/v2\/(.+)\/(blobs\/uploads\/|blobs\/|manifests\/)(.*)$/.exec(url.pathname);
        if (!m) return void res.writeHead(404).end();
        const [, , kind, ref] = m;
        if (kind === 'manifests/') {
          if (req.method === 'PUT') {
            manifests.set(ref!, body);
            return void res.writeHead(201).end();
          }
          const found = manifests.get(ref!);
          return void (found ? res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end(found) : res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'));
        }
        if (kind === 'blobs/uploads/') {
          if (req.method === 'POST') return void res.writeHead(202, { Location: `/v2/${m[1]}/blobs/uploads/u1?_state=s` }).end();
          const digest = url.searchParams.get('digest')!;
          if (`sha256:${createHash('sha256').update(body).digest('hex')}` !== digest) return void res.writeHead(400).end();
          blobs.set(digest, body);
          return void res.writeHead(201).end();
        }
        return void res.writeHead(blobs.has(ref!) ? 200 : 404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const target = { host: `127.0.0.1:${port}`, path: 'org/charts', plainHttp: true, credentials: { username: 'bot', password: 's3cret' } };
      const first = await pushRepositoryMetadata(target, 'worker', 'owners:\n  - email: a@example.com\n');
      expect(first.status).toBe('pushed');
      expect(manifests.has('artifacthub.io')).toBe(true);
      expect(blobs.size).toBe(2);
      expect(scopes[0]).toBe('repository:org/charts/worker:pull,push');
      expect(tokenAuth[0]).toBe(`Basic ${Buffer.from('bot:s3cret').toString('base64')}`);
      const again = await pushRepositoryMetadata(target, 'worker', 'owners:\n  - email: a@example.com\n');
      expect(again).toEqual({ status: 'unchanged', digest: first.digest });
    } finally {
      server.close();
    }
  });
});
