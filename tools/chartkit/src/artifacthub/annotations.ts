import { isMap, isScalar, parseDocument, stringify, type YAMLMap } from 'yaml';
import { ChartkitError } from '../core/errors.ts';
import type { Manifest } from '../core/manifests.ts';

/**
 * The Artifact Hub annotations chartkit writes into a packaged Chart.yaml
 * (https://artifacthub.io/docs/topics/annotations/helm/), built from what the chart renders with its
 * defaults and from the workspace's package.json files. Pure: the package step renders and reads
 * files, and hands the results in.
 */
export const IMAGES = 'artifacthub.io/images';
export const CRDS = 'artifacthub.io/crds';
export const CRDS_EXAMPLES = 'artifacthub.io/crdsExamples';
export const LICENSE = 'artifacthub.io/license';
export const LINKS = 'artifacthub.io/links';
export const SIGN_KEY = 'artifacthub.io/signKey';

/** Where a chart keeps example objects of its CRDs (left out of the package with the rest of ci/). */
export const CRD_EXAMPLES_DIR = 'ci/crd-examples';

export interface ContainerImage {
  name: string;
  image: string;
}

export interface CrdCard {
  kind: string;
  version: string;
  name: string;
  displayName: string;
  description: string;
}

export interface Link {
  name: string;
  url: string;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const isCrd = (o: Obj): boolean => o.kind === 'CustomResourceDefinition' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('apiextensions.k8s.io/');

/** A `helm test` hook: not part of what an install runs (Artifact Hub's own dry run skips hooks). */
function isTestHook(o: Obj): boolean {
  const hook = (isObject(o.metadata) && isObject(o.metadata.annotations) ? o.metadata.annotations['helm.sh/hook'] : undefined) as unknown;
  return typeof hook === 'string' && hook.split(',').some((h) => /^test(-success|-failure)?$/.test(h.trim()));
}

/**
 * Every container and init container image of the rendered objects (Deployments, DaemonSets,
 * Jobs, CronJobs, Pods, and custom resources with pod templates alike: any `containers` or
 * `initContainers` list), once each, named after the container. Two images under one container
 * name get the workload's name in parentheses. Sorted by name, then image.
 */
export function containerImages(manifests: readonly Manifest[]): ContainerImage[] {
  const byImage = new Map<string, { container: string; workload: string }>();
  const walk = (value: unknown, workload: string): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v, workload);
      return;
    }
    if (!isObject(value)) return;
    for (const key of ['initContainers', 'containers']) {
      const list = value[key];
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (!isObject(c) || typeof c.image !== 'string' || c.image.trim() === '') continue;
        const image = c.image.trim();
        if (!byImage.has(image)) byImage.set(image, { container: typeof c.name === 'string' && c.name ? c.name : workload, workload });
      }
    }
    for (const v of Object.values(value)) walk(v, workload);
  };
  for (const m of manifests) {
    if (isCrd(m.object) || isTestHook(m.object)) continue;
    const meta = isObject(m.object.metadata) ? m.object.metadata : {};
    walk(m.object, typeof meta.name === 'string' ? meta.name : String(m.object.kind ?? 'object'));
  }
  const counts = new Map<string, number>();
  for (const { container } of byImage.values()) counts.set(container, (counts.get(container) ?? 0) + 1);
  return [...byImage]
    .map(([image, { container, workload }]) => ({ name: counts.get(container)! > 1 && workload !== container ? `${container} (${workload})` : container, image }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.image.localeCompare(b.image, 'en'));
}

/** The first sentence-ish line of a CRD's schema description, or a plain one. */
function crdDescription(schema: unknown, kind: string, group: string): string {
  const description = isObject(schema) && typeof schema.description === 'string' ? schema.description.trim() : '';
  const first = description.split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim();
  return first || `${kind} custom resource (${group})`;
}

/**
 * One card per CustomResourceDefinition rendered: its kind, the version objects are stored in
 * (else the first served), its name (plural.group), the kind as display name, and the first
 * paragraph of its schema description. Sorted by name.
 */
export function crdCards(manifests: readonly Manifest[]): CrdCard[] {
  const cards = new Map<string, CrdCard>();
  for (const m of manifests) {
    if (!isCrd(m.object)) continue;
    const spec = isObject(m.object.spec) ? m.object.spec : {};
    const names = isObject(spec.names) ? spec.names : {};
    const meta = isObject(m.object.metadata) ? m.object.metadata : {};
    const kind = typeof names.kind === 'string' ? names.kind : undefined;
    const group = typeof spec.group === 'string' ? spec.group : '';
    const name = typeof meta.name === 'string' ? meta.name : kind && group ? `${String(names.plural ?? kind.toLowerCase())}.${group}` : undefined;
    if (!kind || !name) continue;
    const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isObject);
    const version = versions.find((v) => v.storage === true) ?? versions.find((v) => v.served !== false) ?? versions[0];
    const versionName = typeof version?.name === 'string' ? version.name : typeof spec.version === 'string' ? spec.version : undefined;
    if (!versionName) continue;
    const schema = isObject(version?.schema) ? version.schema.openAPIV3Schema : isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
    cards.set(name, { kind, version: versionName, name, displayName: kind, description: crdDescription(schema, kind, group) });
  }
  return [...cards.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/**
 * Example objects for the crdsExamples annotation, from the chart's ci/crd-examples/*.yaml. Each
 * must be an object of a CRD the chart ships (`apiVersion` group/version and `kind`), with
 * metadata; the first problem is an error naming the file.
 */
export function crdExamples(files: readonly { file: string; objects: readonly unknown[] }[], cards: readonly CrdCard[], chartName: string): Obj[] {
  const out: Obj[] = [];
  for (const { file, objects } of files) {
    for (const [i, o] of objects.entries()) {
      const where = `${file}${objects.length > 1 ? ` (document ${i + 1})` : ''}`;
      if (!isObject(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || !isObject(o.metadata)) {
        throw new ChartkitError('CHART_CONTRACT', `${where}: an example needs apiVersion, kind and metadata; write a ${chartName} custom resource there`);
      }
      const card = cards.find((c) => c.kind === o.kind && o.apiVersion === `${c.name.slice(c.name.indexOf('.') + 1)}/${c.version}`) ?? cards.find((c) => c.kind === o.kind);
      if (!card) {
        const known = cards.map((c) => c.kind).join(', ') || 'none';
        throw new ChartkitError('CHART_CONTRACT', `${where}: ${o.kind} is not a kind of the CRDs ${chartName} renders (${known}); remove the file or fix its kind`);
      }
      out.push(o);
    }
  }
  return out;
}

/** A package.json `repository` (string, shorthand or object) as a web URL and a directory in it. */
export function repositoryWebUrl(repository: unknown): { url: string; directory?: string } | undefined {
  let raw: string | undefined;
  let directory: string | undefined;
  if (typeof repository === 'string') raw = repository;
  else if (isObject(repository) && typeof repository.url === 'string') {
    raw = repository.url;
    if (typeof repository.directory === 'string' && repository.directory.trim()) directory = repository.directory.trim().replace(/^\/+|\/+$/g, '');
  }
  if (!raw?.trim()) return undefined;
  raw = raw.trim();
  const shorthand = /^(?:(github|gitlab|bitbucket):)?([\w.-]+)\/([\w.-]+)$/.exec(raw);
  let url: string;
  if (shorthand) {
    const host = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' }[shorthand[1] ?? 'github'] ?? 'github.com';
    url = `https://${host}/${shorthand[2]}/${shorthand[3]}`;
  } else {
    const ssh = /^(?:git\+)?(?:ssh:\/\/)?git@([^:/]+)[:/](.+)$/.exec(raw);
    if (ssh) url = `https://${ssh[1]}/${ssh[2]}`;
    else {
      const m = /^(?:git\+)?(?:https?|git):\/\/(?:[^@/]+@)?(.+)$/.exec(raw);
      if (!m) return undefined;
      url = `https://${m[1]}`;
    }
  }
  url = url.replace(/\.git$/, '').replace(/\/+$/, '');
  return directory ? { url, directory } : { url };
}

/** The web address of a directory of the repository on its default branch (HEAD). */
export function sourceDirectoryUrl(repository: { url: string; directory?: string }, relDir: string): string {
  const dir = [repository.directory, relDir].filter(Boolean).join('/');
  const host = new URL(repository.url).host;
  if (host.includes('gitlab')) return `${repository.url}/-/tree/HEAD/${dir}`;
  if (host.includes('bitbucket')) return `${repository.url}/src/HEAD/${dir}`;
  return `${repository.url}/tree/HEAD/${dir}`;
}

export interface AnnotationInput {
  chart: { name: string; relDir: string; home?: string };
  /** The chart's default render; undefined for a library chart (nothing to render). */
  manifests?: readonly Manifest[];
  /** The chart's ci/crd-examples/*.yaml, parsed: file (relative, for messages) and its documents. */
  examples?: readonly { file: string; objects: readonly unknown[] }[];
  /** SPDX id: the chart's package.json `license`, else the workspace root's. */
  license?: string;
  /** The workspace root package.json `repository`. */
  repository?: unknown;
  /** The key a signed package is signed with, when its public part is published. */
  signKey?: { fingerprint: string; url: string };
}

const yamlList = (value: unknown): string => stringify(value, { lineWidth: 0 });

/**
 * The generated annotations (key → string value). Lists that would be empty are left out, as is
 * crdsExamples when the chart has no examples.
 */
export function artifactHubAnnotations(input: AnnotationInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.manifests) {
    const images = containerImages(input.manifests);
    if (images.length > 0) out[IMAGES] = yamlList(images);
    const cards = crdCards(input.manifests);
    if (cards.length > 0) out[CRDS] = yamlList(cards);
    const examples = crdExamples(input.examples ?? [], cards, input.chart.name);
    if (examples.length > 0) out[CRDS_EXAMPLES] = yamlList(examples);
  } else if ((input.examples ?? []).some((f) => f.objects.length > 0)) {
    throw new ChartkitError('CHART_CONTRACT', `${input.chart.relDir}/${CRD_EXAMPLES_DIR}: ${input.chart.name} renders no CRDs for the examples to belong to; remove the directory`);
  }
  if (input.license) out[LICENSE] = input.license;
  const links: Link[] = [];
  const repo = repositoryWebUrl(input.repository);
  if (repo) links.push({ name: 'Chart source', url: sourceDirectoryUrl(repo, input.chart.relDir) });
  if (input.chart.home && /^https?:\/\//.test(input.chart.home)) links.push({ name: 'Homepage', url: input.chart.home });
  if (links.length > 0) out[LINKS] = yamlList(links);
  if (input.signKey) out[SIGN_KEY] = stringify(input.signKey, { lineWidth: 0 });
  return out;
}

/**
 * Chart.yaml text with the generated annotations added. An annotation the chart already sets (by
 * hand, or artifacthub.io/changes from `chartkit version`) is kept as it is. Returns the text
 * unchanged when there is nothing to add.
 */
export function addAnnotations(text: string, file: string, generated: Readonly<Record<string, string>>): string {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw new ChartkitError('CHART_YAML', `${file}: not a valid Chart.yaml mapping; fix the syntax`);
  const root = doc.contents as YAMLMap;
  let annotations: unknown = root.get('annotations', true);
  if (annotations === undefined || annotations === null || (isScalar(annotations) && annotations.value === null)) {
    annotations = doc.createNode({});
    root.set('annotations', annotations);
  }
  if (!isMap(annotations)) throw new ChartkitError('CHART_YAML', `${file}: "annotations" must be a mapping of strings`);
  let changed = false;
  for (const [key, value] of Object.entries(generated)) {
    if (annotations.has(key)) continue;
    annotations.set(key, value);
    changed = true;
  }
  return changed ? doc.toString({ lineWidth: 0 }) : text;
}
