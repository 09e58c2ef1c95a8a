import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';

/**
 * Artifact Hub's formats as JSON Schema (draft-07), checked with ajv. Artifact Hub publishes no
 * schema of its own: these are written from its documentation and checked against what its tracker
 * accepts.
 */

/** A UUID, as Artifact Hub checks repositoryID (uuid.FromString). */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+$';
const URL_PATTERN = '^https?://\\S+$';

/**
 * A container image reference as Docker's reference grammar (github.com/distribution/reference)
 * defines it, which Artifact Hub checks with go-containerregistry's name.ParseReference:
 * [domain[:port]/]path[/path…][:tag][@digest].
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
export const IMAGE_PATTERN =
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*` +
  '(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$';

/**
 * An SPDX license expression (https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/):
 * ids such as Apache-2.0, LicenseRef-…, optionally with `+`, joined by AND / OR / WITH, in parentheses.
 */
const SPDX_ID = '(?:LicenseRef-|DocumentRef-[A-Za-z0-9.-]+:LicenseRef-)?[A-Za-z0-9][A-Za-z0-9.-]*\\+?';
export const SPDX_PATTERN = `^\\(*${SPDX_ID}\\)*(?: (?:AND|OR|WITH) \\(*${SPDX_ID}\\)*)*$`;

const text = { type: 'string', minLength: 1 };
const link = { type: 'object', required: ['name', 'url'], additionalProperties: false, properties: { name: text, url: { type: 'string', pattern: URL_PATTERN } } };

/**
 * artifacthub-repo.yml, the repository metadata file:
 * https://github.com/artifacthub/hub/blob/master/docs/metadata/artifacthub-repo.yml (linked from
 * https://artifacthub.io/docs/topics/repositories/helm-charts/). Every key is optional there;
 * chartkit writes one only to say something, so it has at least one key. An owner without an
 * email cannot claim the repository, so owners need one.
 */
export const REPOSITORY_METADATA_SCHEMA = {
  $comment: 'https://github.com/artifacthub/hub/blob/master/docs/metadata/artifacthub-repo.yml',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    repositoryID: { type: 'string', pattern: UUID_PATTERN },
    owners: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['email'], additionalProperties: false, properties: { name: text, email: { type: 'string', pattern: EMAIL_PATTERN } } },
    },
    ignore: {
      type: 'array',
      minItems: 1,
      // version: a regular expression; without it every version of the package is ignored
      items: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: text, version: text } },
    },
  },
} as const;

export const REPOSITORY_METADATA_KEYS = Object.keys(REPOSITORY_METADATA_SCHEMA.properties);

/**
 * The values of the Chart.yaml annotations chartkit writes or checks, each a YAML string:
 * https://artifacthub.io/docs/topics/annotations/helm/ (docs/helm_annotations.md in
 * github.com/artifacthub/hub).
 */
export const ANNOTATION_SCHEMAS: Record<string, Record<string, unknown>> = {
  // "a list of containers images … whitelisted … platforms"; Artifact Hub checks each reference.
  'artifacthub.io/images': {
    type: 'array',
    items: {
      type: 'object',
      required: ['name', 'image'],
      additionalProperties: false,
      properties: { name: text, image: { type: 'string', pattern: IMAGE_PATTERN }, whitelisted: { type: 'boolean' }, platforms: { type: 'array', items: text } },
    },
  },
  // "list the operator's CRDs": kind, version, name, displayName, description (the CRD cards).
  'artifacthub.io/crds': {
    type: 'array',
    items: {
      type: 'object',
      required: ['kind', 'version', 'name'],
      additionalProperties: false,
      properties: { kind: text, version: text, name: text, displayName: text, description: text },
    },
  },
  // "a list of example CRs for the operator's CRDs": Kubernetes objects.
  'artifacthub.io/crdsExamples': {
    type: 'array',
    items: { type: 'object', required: ['apiVersion', 'kind', 'metadata'], properties: { apiVersion: text, kind: text, metadata: { type: 'object' } } },
  },
  // "It must be a valid SPDX identifier."
  'artifacthub.io/license': { type: 'string', pattern: SPDX_PATTERN },
  'artifacthub.io/links': { type: 'array', items: link },
  // "The url field … is mandatory when a sign key entry is provided."
  'artifacthub.io/signKey': {
    type: 'object',
    required: ['url'],
    additionalProperties: false,
    properties: { fingerprint: { type: 'string', pattern: '^[0-9A-Fa-f]{40}$' }, url: { type: 'string', pattern: URL_PATTERN } },
  },
  // "a plain list of strings … or a list of objects" with kinds added, changed, deprecated, removed, fixed, security.
  'artifacthub.io/changes': {
    type: 'array',
    items: {
      if: { type: 'string' },
      then: text,
      else: {
        type: 'object',
        required: ['kind', 'description'],
        additionalProperties: false,
        properties: { kind: { enum: ['added', 'changed', 'deprecated', 'removed', 'fixed', 'security', 'Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'] }, description: text, links: { type: 'array', items: link } },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateRepository = ajv.compile(REPOSITORY_METADATA_SCHEMA);
const annotationValidators = new Map(Object.entries(ANNOTATION_SCHEMAS).map(([key, schema]) => [key, ajv.compile(schema)]));

const PATTERN_WORDS: Record<string, string> = {
  [UUID_PATTERN]: 'must be a UUID (the repository ID Artifact Hub shows in the repository settings)',
  [EMAIL_PATTERN]: 'must be an email address',
  [URL_PATTERN]: 'must be an http(s) URL',
  [IMAGE_PATTERN]: 'must be an image reference ([registry/]repository[:tag][@digest])',
  [SPDX_PATTERN]: 'must be an SPDX license identifier or expression (e.g. Apache-2.0)',
};

/** One problem of an ajv error, as `where what`, with `where` in dotted form under `prefix`. */
export function describeSchemaProblem(e: ErrorObject, prefix = ''): string {
  const parts = e.instancePath.split('/').filter(Boolean);
  const at = [prefix, ...parts].filter(Boolean).join('.');
  const where = at || '(the value)';
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    return `${at ? `${at}.` : ''}${key} is not a known key`;
  }
  if (e.keyword === 'required') return `${where} needs "${(e.params as { missingProperty: string }).missingProperty}"`;
  if (e.keyword === 'pattern') return `${where} ${PATTERN_WORDS[(e.params as { pattern: string }).pattern] ?? e.message ?? 'is invalid'}`;
  if (e.keyword === 'minLength') return `${where} must be a non-empty string`;
  if (e.keyword === 'enum') return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.filter((v) => typeof v === 'string' && v === v.toLowerCase()).join(', ')}`;
  if (e.keyword === 'minProperties') return `${where} must set at least one of ${REPOSITORY_METADATA_KEYS.join(', ')}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

function problemsOf(errors: readonly ErrorObject[] | null | undefined, prefix: string): string[] {
  // if/then/else: the branch's own errors say more than "must match the else schema".
  return [...new Set((errors ?? []).filter((e) => e.keyword !== 'if').map((e) => describeSchemaProblem(e, prefix)))];
}

/** Problems of an artifacthub-repo.yml (as parsed), each `where what`; empty when it is valid. */
export function repositoryMetadataProblems(value: unknown, prefix = ''): string[] {
  return validateRepository(value) ? [] : problemsOf(validateRepository.errors, prefix);
}

/**
 * Problems of a chart's Artifact Hub annotations (the Chart.yaml `annotations` map), each naming
 * the annotation. Only the annotations chartkit knows a format for are checked.
 */
export function annotationProblems(annotations: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [key, validate] of annotationValidators) {
    const raw = annotations[key];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') {
      problems.push(`${key} must be a string (Chart.yaml annotations are strings)`);
      continue;
    }
    let value: unknown = raw;
    if (key !== 'artifacthub.io/license') {
      try {
        value = parseYaml(raw) as unknown;
      } catch (error) {
        problems.push(`${key} is not YAML (${(error as Error).message.split('\n')[0]})`);
        continue;
      }
    }
    if (!validate(value)) problems.push(...problemsOf(validate.errors, key));
  }
  return problems;
}
