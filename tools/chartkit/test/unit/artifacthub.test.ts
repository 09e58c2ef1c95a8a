import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ociImageManifest } from '../../src/adapters/registry-http.ts';
import { addAnnotations, artifactHubAnnotations, containerImages, crdCards, repositoryWebUrl, sourceDirectoryUrl } from '../../src/artifacthub/annotations.ts';
import { CONFIG_MEDIA_TYPE, LAYER_MEDIA_TYPE, repositoryMetadataYaml } from '../../src/artifacthub/repository.ts';
import { annotationProblems, IMAGE_PATTERN, repositoryMetadataProblems } from '../../src/artifacthub/schema.ts';
import type { Manifest } from '../../src/core/manifests.ts';
import { resolveTargets } from '../../src/publish/targets.ts';

const m = (object: Record<string, unknown>): Manifest => ({ source: 'x/templates/y.yaml', object });
const pod = (containers: unknown[], initContainers: unknown[] = []): Record<string, unknown> => ({ containers, ...(initContainers.length ? { initContainers } : {}) });

const crd = (name: string, kind: string, versions: Record<string, unknown>[]): Manifest =>
  m({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name }, spec: { group: name.slice(name.indexOf('.') + 1), names: { kind, plural: name.split('.')[0] }, versions } });

describe('artifacthub.io/images', () => {
  it('lists every container and init container image of every workload once, named after its container', () => {
    const manifests = [
      m({ kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { template: { spec: pod([{ name: 'agent', image: 'r.example/agent:1.0' }], [{ name: 'init', image: 'busybox:1.36' }]) } } }),
      m({ kind: 'DaemonSet', metadata: { name: 'agent-neuron' }, spec: { template: { spec: pod([{ name: 'agent', image: 'r.example/agent:1.0' }]) } } }),
      m({ kind: 'CronJob', metadata: { name: 'cleanup' }, spec: { jobTemplate: { spec: { template: { spec: pod([{ name: 'cleanup', image: 'r.example/tools@sha256:' + 'a'.repeat(64) }]) } } } } }),
      // a custom resource with pod templates (an MPIJob, a PyTorchJob): found the same way
      m({ kind: 'PyTorchJob', metadata: { name: 'train' }, spec: { pytorchReplicaSpecs: { Master: { template: { spec: pod([{ name: 'pytorch', image: 'pytorch/pytorch:2.3' }]) } } } } }),
      // a helm test hook is not part of an install
      m({ kind: 'Pod', metadata: { name: 'test', annotations: { 'helm.sh/hook': 'test' } }, spec: pod([{ name: 'curl', image: 'curl:8' }]) }),
      // a CRD's schema mentions containers, but holds none
      crd('things.example.com', 'Thing', [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { properties: { containers: { type: 'array' } } } } }]),
    ];
    expect(containerImages(manifests)).toEqual([
      { name: 'agent', image: 'r.example/agent:1.0' },
      { name: 'cleanup', image: `r.example/tools@sha256:${'a'.repeat(64)}` },
      { name: 'init', image: 'busybox:1.36' },
      { name: 'pytorch', image: 'pytorch/pytorch:2.3' },
    ]);
  });

  it('two images under one container name are told apart by their workload', () => {
    const manifests = [
      m({ kind: 'Deployment', metadata: { name: 'a-operator' }, spec: { template: { spec: pod([{ name: 'manager', image: 'a/op:1' }]) } } }),
      m({ kind: 'Deployment', metadata: { name: 'b-operator' }, spec: { template: { spec: pod([{ name: 'manager', image: 'b/op:2' }]) } } }),
    ];
    expect(containerImages(manifests).map((i) => i.name)).toEqual(['manager (a-operator)', 'manager (b-operator)']);
  });
});

describe('artifacthub.io/crds', () => {
  it('one card per CRD: kind, storage version, name, display name and the first paragraph of its description', () => {
    const cards = crdCards([
      crd('pytorchjobs.kubeflow.org', 'PyTorchJob', [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { description: 'PyTorchJob Represents a\nPyTorchJob resource.\n\nMore text.' } } }]),
      crd('mpijobs.kubeflow.org', 'MPIJob', [
        { name: 'v1', served: true, storage: false },
        { name: 'v2beta1', served: true, storage: true, schema: { openAPIV3Schema: { properties: {} } } },
      ]),
    ]);
    expect(cards).toEqual([
      { kind: 'MPIJob', version: 'v2beta1', name: 'mpijobs.kubeflow.org', displayName: 'MPIJob', description: 'MPIJob custom resource (kubeflow.org)' },
      { kind: 'PyTorchJob', version: 'v1', name: 'pytorchjobs.kubeflow.org', displayName: 'PyTorchJob', description: 'PyTorchJob Represents a PyTorchJob resource.' },
    ]);
  });
});

describe('artifactHubAnnotations', () => {
  const chart = { name: 'operator', relDir: 'packages/hyperpod/operator', home: 'https://example.com/home' };
  const manifests = [
    crd('widgets.example.com', 'Widget', [{ name: 'v1', served: true, storage: true }]),
    m({ kind: 'Deployment', metadata: { name: 'op' }, spec: { template: { spec: pod([{ name: 'manager', image: 'example.com/op:1.0' }]) } } }),
  ];

  it('writes images, CRDs, license and links; examples only when there are some; nothing empty', () => {
    const out = artifactHubAnnotations({ chart, manifests, license: 'Apache-2.0', repository: 'github:acme/charts' });
    expect(Object.keys(out).sort()).toEqual(['artifacthub.io/crds', 'artifacthub.io/images', 'artifacthub.io/license', 'artifacthub.io/links']);
    expect(parse(out['artifacthub.io/links']!)).toEqual([
      { name: 'Chart source', url: 'https://github.com/acme/charts/tree/HEAD/packages/hyperpod/operator' },
      { name: 'Homepage', url: 'https://example.com/home' },
    ]);
    expect(annotationProblems(out)).toEqual([]);
    const library = artifactHubAnnotations({ chart: { name: 'lib', relDir: 'lib' } });
    expect(library).toEqual({});
  });

  it('takes crdsExamples from ci/crd-examples objects of the CRDs the chart renders, and refuses others', () => {
    const example = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } };
    const out = artifactHubAnnotations({ chart, manifests, examples: [{ file: 'ci/crd-examples/widget.yaml', objects: [example] }] });
    expect(parse(out['artifacthub.io/crdsExamples']!)).toEqual([example]);
    expect(annotationProblems(out)).toEqual([]);
    expect(() => artifactHubAnnotations({ chart, manifests, examples: [{ file: 'ci/crd-examples/gadget.yaml', objects: [{ ...example, kind: 'Gadget' }] }] })).toThrow(
      'ci/crd-examples/gadget.yaml: Gadget is not a kind of the CRDs operator renders (Widget); remove the file or fix its kind',
    );
  });

  it('reads package.json repository in its usual forms', () => {
    expect(repositoryWebUrl('https://github.com/acme/charts.git')).toEqual({ url: 'https://github.com/acme/charts' });
    expect(repositoryWebUrl({ type: 'git', url: 'git+https://github.com/acme/charts.git', directory: 'helm/' })).toEqual({ url: 'https://github.com/acme/charts', directory: 'helm' });
    expect(repositoryWebUrl('git@github.com:acme/charts.git')).toEqual({ url: 'https://github.com/acme/charts' });
    expect(repositoryWebUrl('acme/charts')).toEqual({ url: 'https://github.com/acme/charts' });
    expect(repositoryWebUrl('gitlab:acme/charts')).toEqual({ url: 'https://gitlab.com/acme/charts' });
    expect(repositoryWebUrl(undefined)).toBeUndefined();
    expect(sourceDirectoryUrl({ url: 'https://gitlab.com/acme/charts' }, 'packages/x')).toBe('https://gitlab.com/acme/charts/-/tree/HEAD/packages/x');
    expect(sourceDirectoryUrl({ url: 'https://github.com/acme/charts', directory: 'helm' }, 'packages/x')).toBe('https://github.com/acme/charts/tree/HEAD/helm/packages/x');
  });
});

describe('addAnnotations', () => {
  const generated = { 'artifacthub.io/license': 'Apache-2.0', 'artifacthub.io/images': '- name: a\n  image: a:1\n' };

  it("adds what is missing and keeps the chart's own annotations, including hand-written artifacthub.io ones", () => {
    const text = 'apiVersion: v2\nname: x\nversion: 1.0.0\nannotations:\n  # changes\n  artifacthub.io/changes: |\n    - Fixed it\n  artifacthub.io/license: MIT\n';
    const out = parse(addAnnotations(text, 'x/Chart.yaml', generated)) as { annotations: Record<string, string> };
    expect(out.annotations).toEqual({ 'artifacthub.io/changes': '- Fixed it\n', 'artifacthub.io/license': 'MIT', 'artifacthub.io/images': generated['artifacthub.io/images'] });
  });

  it('creates the annotations map, and leaves the text alone when there is nothing to add', () => {
    expect((parse(addAnnotations('name: x\nversion: 1.0.0\n', 'x/Chart.yaml', generated)) as { annotations: unknown }).annotations).toEqual(generated);
    expect((parse(addAnnotations('name: x\nannotations:\n', 'x/Chart.yaml', generated)) as { annotations: unknown }).annotations).toEqual(generated);
    expect(addAnnotations('name: x\n', 'x/Chart.yaml', {})).toBe('name: x\n');
  });
});

describe("Artifact Hub's documented formats", () => {
  it("accepts the example of Artifact Hub's Helm annotations page", () => {
    // https://artifacthub.io/docs/topics/annotations/helm/ (Example)
    const example = {
      'artifacthub.io/changes': '- kind: added\n  description: Cool feature\n  links:\n    - name: GitHub Issue\n      url: https://github.com/issue-url\n- kind: fixed\n  description: Minor bug\n',
      'artifacthub.io/images': '- name: img1\n  image: repo/img1:1.0.0\n  platforms:\n    - linux/amd64\n- name: img2\n  image: repo/img2:2.0.0\n  whitelisted: true\n',
      'artifacthub.io/crds': '- kind: MyKind\n  version: v1\n  name: mykind\n  displayName: My Kind\n  description: Some nice description\n',
      'artifacthub.io/crdsExamples': '- apiVersion: v1\n  kind: MyKind\n  metadata:\n    name: mykind\n  spec:\n    replicas: 1\n',
      'artifacthub.io/license': 'Apache-2.0',
      'artifacthub.io/links': '- name: link1\n  url: https://link1.url\n',
      'artifacthub.io/signKey': 'fingerprint: C874011F0AB405110D02105534365D9472D7468F\nurl: https://keybase.io/hashicorp/pgp_keys.asc\n',
    };
    expect(annotationProblems(example)).toEqual([]);
    expect(annotationProblems({ 'artifacthub.io/changes': '- Added cool feature\n- Fixed minor bug\n' })).toEqual([]);
  });

  it('names every annotation that does not match', () => {
    expect(
      annotationProblems({
        'artifacthub.io/images': '- name: a\n  image: Not A/Reference\n- image: b:1\n',
        'artifacthub.io/license': 'Apache 2',
        'artifacthub.io/links': '- name: x\n  url: ftp://x\n',
        'artifacthub.io/signKey': 'fingerprint: C874011F0AB405110D02105534365D9472D7468F\n',
        'artifacthub.io/crds': '- version: v1\n  name: x\n',
        'artifacthub.io/changes': '- kind: improved\n  description: x\n',
        'artifacthub.io/crdsExamples': '[unclosed',
        'chartkit.dev/anything': 'is not checked',
      }),
    ).toEqual([
      'artifacthub.io/images.0.image must be an image reference ([registry/]repository[:tag][@digest])',
      'artifacthub.io/images.1 needs "name"',
      'artifacthub.io/crds.0 needs "kind"',
      expect.stringMatching(/^artifacthub\.io\/crdsExamples is not YAML/),
      'artifacthub.io/license must be an SPDX license identifier or expression (e.g. Apache-2.0)',
      'artifacthub.io/links.0.url must be an http(s) URL',
      'artifacthub.io/signKey needs "url"',
      'artifacthub.io/changes.0.kind must be one of added, changed, deprecated, removed, fixed, security',
    ]);
  });

  it('image references follow the Docker reference grammar', () => {
    const re = new RegExp(IMAGE_PATTERN);
    for (const ok of ['nginx', 'nginx:1.27.0', 'mpioperator/mpi-operator:0.5', '127.0.0.1:5000/a/b:v1', '767398015722.dkr.ecr.us-east-1.amazonaws.com/hyperpod-health-monitoring-agent:1.0.1892.0_1.0.424.0', `r.io/x@sha256:${'0'.repeat(64)}`, `r.io/x:1@sha256:${'0'.repeat(64)}`]) {
      expect(re.test(ok), ok).toBe(true);
    }
    for (const bad of ['Nginx/Upper', 'a b', 'x:', ':1', 'x@sha256:12']) expect(re.test(bad), bad).toBe(false);
  });

  it('artifacthub-repo.yml: the documented keys, a UUID repositoryID, owners with emails', () => {
    expect(repositoryMetadataProblems({ repositoryID: '9f6a1c1e-3b7d-4c1a-9a52-0d2f4e6b8c10', owners: [{ name: 'a', email: 'a@example.com' }], ignore: [{ name: 'p', version: 'beta' }] })).toEqual([]);
    expect(repositoryMetadataProblems({ repositoryID: 'x', owners: [{ name: 'a' }], colour: 1 })).toEqual([
      'colour is not a known key',
      'repositoryID must be a UUID (the repository ID Artifact Hub shows in the repository settings)',
      'owners.0 needs "email"',
    ]);
    expect(repositoryMetadataProblems({})).toEqual(['(the value) must set at least one of repositoryID, owners, ignore']);
    const yaml = repositoryMetadataYaml({ owners: [{ email: 'a@example.com', name: 'A' }], repositoryID: '9f6a1c1e-3b7d-4c1a-9a52-0d2f4e6b8c10' }, 'here');
    expect(yaml).toBe('# Artifact Hub repository metadata, written by chartkit publish from chartkit.publish.json (artifactHub).\nrepositoryID: 9f6a1c1e-3b7d-4c1a-9a52-0d2f4e6b8c10\nowners:\n  - name: A\n    email: a@example.com\n');
    expect(() => repositoryMetadataYaml({ repositoryID: 'x' }, 'chartkit.publish.json: artifactHub')).toThrow('chartkit.publish.json: artifactHub: repositoryID must be a UUID');
  });

  it('the OCI manifest of the metadata is the same bytes for the same content', () => {
    const blobs = [{ mediaType: CONFIG_MEDIA_TYPE, data: Buffer.alloc(0) }, [{ mediaType: LAYER_MEDIA_TYPE, data: Buffer.from('owners: []\n'), annotations: { 'org.opencontainers.image.title': 'artifacthub-repo.yml' } }]] as const;
    const a = ociImageManifest(blobs[0], blobs[1]);
    expect(a.equals(ociImageManifest(blobs[0], blobs[1]))).toBe(true);
    expect(JSON.parse(a.toString())).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: CONFIG_MEDIA_TYPE, digest: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', size: 0 },
      layers: [{ mediaType: LAYER_MEDIA_TYPE, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), size: 11, annotations: { 'org.opencontainers.image.title': 'artifacthub-repo.yml' } }],
    });
  });
});

describe('artifactHub in chartkit.publish.json', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'chartkit-artifacthub-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const write = (json: unknown): void => writeFileSync(path.join(root, 'chartkit.publish.json'), JSON.stringify(json));
  const owners = [{ email: 'a@example.com' }];
  const own = { repositoryID: '9f6a1c1e-3b7d-4c1a-9a52-0d2f4e6b8c10' };

  it('a target takes its own, else the top-level default; false opts out; --registry and the default directory take the default', () => {
    write({ artifactHub: { owners }, targets: { a: { registry: 'oci://r/x', artifactHub: own }, b: { repo: 'public' }, c: { repo: 'other', artifactHub: false } } });
    const targets = resolveTargets(root, { target: ['a', 'b', 'c'], registry: 'oci://r2/y' });
    expect(targets.map((t) => [t.name, t.artifactHub])).toEqual([
      ['a', own],
      ['b', { owners }],
      ['c', undefined],
      ['oci://r2/y', { owners }],
    ]);
    expect(resolveTargets(root, {})).toEqual([{ kind: 'repo', name: 'dist/repo', dir: path.join(root, 'dist/repo'), artifactHub: { owners } }]);
  });

  it('without artifactHub, targets are as before', () => {
    write({ targets: { a: { registry: 'oci://r/x' } } });
    expect(resolveTargets(root, { target: ['a'] })[0]).not.toHaveProperty('artifactHub');
    expect(stringify(resolveTargets(root, {}))).not.toContain('artifactHub');
  });
});
