import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, YAMLSeq } from 'yaml';
import type { Chart } from '../core/chart.ts';
import { ChartkitError } from '../core/errors.ts';
import type { PlannedFile } from '../adapters/file-set.ts';
import { type Workspace } from '../core/workspace.ts';
import { UMBRELLA_ANNOTATION } from '../schema/compile.ts';
import { validateNewChartName } from './names.ts';
import { writePlan } from './transaction.ts';
import { withGeneratedFiles, type GeneratorPlan } from './plan.ts';

export { UMBRELLA_ANNOTATION };

export interface SubchartOptions {
  name: string;
  enabledByDefault?: boolean;
  description?: string;
  umbrella?: string;
}

export function findUmbrella(ws: Workspace, name?: string): Chart {
  if (name) {
    const chart = ws.byName.get(name);
    if (!chart) throw new ChartkitError('GENERATOR', `--umbrella ${name}: no such chart in this workspace`);
    return chart;
  }
  const umbrellas = ws.charts.filter((c) => c.annotations[UMBRELLA_ANNOTATION] === 'true');
  if (umbrellas.length !== 1) {
    throw new ChartkitError('GENERATOR', `found ${umbrellas.length} charts annotated ${UMBRELLA_ANNOTATION}: "true"; name the umbrella with --umbrella <chart>`);
  }
  return umbrellas[0]!;
}

const titleOf = (name: string): string => name.split('-').map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');

/** A library chart whose labels and namespace helpers a generated subchart uses instead of its own. */
export interface SharedLibrary {
  name: string;
  version: string;
}

/**
 * The helpers a generated subchart takes from the library: labels, the namespace of its objects and
 * the namespace convention (docs/chart-conventions.md, Templates): `<chart>.namespaces` entries,
 * the Namespace object and the check that a namespace the chart does not create exists.
 */
const LIBRARY_HELPERS = ['labels', 'namespace', 'namespaceUse', 'renderNamespace', 'requireNamespaces'];

/** The umbrella's library dependency, when it defines every one of LIBRARY_HELPERS (`<library>.labels`, …). */
export function sharedLibraryOf(ws: Workspace, umbrella: Chart): SharedLibrary | undefined {
  for (const dep of umbrella.dependencies) {
    const lib = ws.byName.get(dep.name);
    if (!lib || lib.type !== 'library' || !dep.repository?.startsWith('file://')) continue;
    const dir = path.join(lib.dir, 'templates');
    const text = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tpl')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n') : '';
    if (LIBRARY_HELPERS.every((h) => text.includes(`define "${lib.name}.${h}"`))) return { name: lib.name, version: lib.version };
  }
  return undefined;
}

/**
 * The files of a new subchart: a ServiceAccount-only component that lints and tests clean from the
 * start, with `namespace: {name, create}` values (empty name: the release namespace) and the
 * Namespace object (docs/chart-conventions.md). With the library, namespace.create is null (create
 * the namespace when installed alone, not inside the umbrella) and the chart defines
 * `<name>.namespaces` for the library's checks; without it, the chart creates the namespace only with
 * namespace.create true (its default is false).
 */
export function subchartFiles(
  dir: string,
  o: Required<Pick<SubchartOptions, 'name' | 'description'>> & { enabledByDefault: boolean; home: string; library?: SharedLibrary },
): PlannedFile[] {
  const n = o.name;
  const lib = o.library;
  const helpers = lib ? lib.name : n;
  // namespace.create: null ("yes when installed alone, no inside the umbrella") needs the library,
  // which knows when the chart renders inside the umbrella, and the umbrella's check that one
  // component creates each shared namespace; a chart of its own creates it only when told to.
  const createNamespace = lib
    ? 'Create the namespace (when it is not the release namespace) with this release. null: yes when the chart is installed alone, no inside the umbrella, where it must exist or another component must create it. A namespace that already exists and belongs to no release or to another one is used, never taken over. false: it must exist, or the install stops naming it.'
    : 'Create the namespace (when it is not the release namespace) with this release, which then owns it. false: it must exist already.';
  const f = (rel: string, content: string): PlannedFile => ({ file: path.join(dir, rel), content });
  return [
    f('Chart.yaml', `apiVersion: v2
name: ${n}
description: ${JSON.stringify(o.description)}
type: application
version: 0.1.0
appVersion: "0.1.0"
home: ${o.home}
annotations:
  chartkit.dev/display-name: ${JSON.stringify(titleOf(n))}
  chartkit.dev/enabled-by-default: "${o.enabledByDefault}"
${lib ? `dependencies:\n  - name: ${lib.name}\n    version: ${lib.version}\n    repository: file://../${lib.name}\n` : ''}`),
    f('package.json', `${JSON.stringify({ name: n, version: '0.1.0', private: true, type: 'module', description: o.description, ...(lib ? { dependencies: { [lib.name]: lib.version } } : {}) }, null, 2)}\n`),
    f('.helmignore', '# Files Helm leaves out of the packaged chart.\n.git/\ntests/\nci/\npackage.json\nvalues.schema.ts\nCHANGELOG.md\nnode_modules/\n'),
    f('CHANGELOG.md', `# ${n}\n`),
    f('values.schema.ts', `import { defineValues, h } from '@chart-tools/chartkit/schema';

export default defineValues({
  namespace: h.namespace(
    {
      name: '',
      create: ${lib ? 'null' : 'false'},
      releaseNamespace: true,
      createDescription:
        '${createNamespace}',
    },
    { description: 'Namespace of the ServiceAccount.' },
  ),
  serviceAccount: h.serviceAccount({ create: true, name: '${n}' }),
});
`),
    ...(lib
      ? [
    f('templates/_helpers.tpl', `{{/* Named templates of the ${n} chart; labels, namespaces and the Namespace object come from ${lib.name}. */}}

{{/*
${n}.namespaces: the namespaces the chart puts objects in (JSON list, see ${lib.name}.namespaceUse).
Installed alone, templates/namespace.yaml checks them; inside the umbrella, the umbrella checks
every component's at once (its templates/namespaces.yaml lists this chart).
*/}}
{{- define "${n}.namespaces" -}}
{{- list (include "${lib.name}.namespaceUse" (dict "name" .Values.namespace.name "create" .Values.namespace.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}
`),
    f('templates/namespace.yaml', `{{- /* The Namespace of namespace.name, when it is not the release namespace and namespace.create allows it (null: when installed alone). */}}
{{- include "${lib.name}.requireNamespaces" . }}
{{- $ns := first (include "${n}.namespaces" . | fromJsonArray) }}
{{- if include "${lib.name}.renderNamespace" (dict "name" $ns.name "create" $ns.create "context" .) }}
apiVersion: v1
kind: Namespace
metadata:
  name: {{ $ns.name }}
  labels:
    {{- include "${lib.name}.labels" . | nindent 4 }}
{{- end }}
`),
        ]
      : [
    f('templates/_helpers.tpl', `{{/* Standard labels of ${n}. */}}
{{- define "${n}.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Namespace of the namespaced objects: namespace.name, or the release namespace when it is empty. */}}
{{- define "${n}.namespace" -}}
{{- .Values.namespace.name | default .Release.Namespace -}}
{{- end -}}
`),
    f('templates/namespace.yaml', `{{- /* The Namespace of namespace.name, when namespace.create is true and it is not the release namespace (which exists before the release). */}}
{{- $ns := include "${n}.namespace" . }}
{{- if and .Values.namespace.create (ne $ns .Release.Namespace) }}
apiVersion: v1
kind: Namespace
metadata:
  name: {{ $ns }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
{{- end }}
`),
        ]),
    f('templates/serviceaccount.yaml', `{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .Values.serviceAccount.name }}
  namespace: {{ include "${helpers}.namespace" . }}
  labels:
    {{- include "${helpers}.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
`),
    f('tests/serviceaccount_test.yaml', `suite: ${n} service account
# The chart version is pinned for this suite, so a version bump never breaks it.
chart:
  version: 0.0.0-test
templates:
  - serviceaccount.yaml
release:
  name: dependencies
  namespace: kube-system
tests:
  - it: creates the ServiceAccount in the release namespace with the standard labels
    asserts:
      - isKind:
          of: ServiceAccount
      - equal:
          path: metadata.name
          value: ${n}
      - equal:
          path: metadata.namespace
          value: kube-system
      - isSubset:
          path: metadata.labels
          content:
            app.kubernetes.io/name: ${n}
            app.kubernetes.io/instance: dependencies
            app.kubernetes.io/managed-by: Helm
            helm.sh/chart: ${n}-0.0.0-test
  - it: takes the namespace and annotations from values
    set:
      namespace:
        name: team-a
      serviceAccount.annotations:
        eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/example
    asserts:
      - equal:
          path: metadata.namespace
          value: team-a
      - equal:
          path: metadata.annotations["eks.amazonaws.com/role-arn"]
          value: arn:aws:iam::111122223333:role/example
  - it: renders nothing when serviceAccount.create is false
    set:
      serviceAccount.create: false
    asserts:
      - hasDocuments:
          count: 0
`),
    f('tests/namespace_test.yaml', `suite: ${n} Namespace
# The chart version is pinned for this suite, so a version bump never breaks it.
chart:
  version: 0.0.0-test
templates:
  - namespace.yaml
release:
  name: dependencies
  namespace: kube-system
${lib ? `# Fake cluster for the tests that list kubernetesProvider objects; the others render without a cluster, as helm template does.
kubernetesProvider:
  scheme:
    v1/Namespace:
      gvr: {version: v1, resource: namespaces}
      namespaced: false
` : ''}tests:
  - it: renders no Namespace by default (the objects go to the release namespace)
    asserts:
      - hasDocuments:
          count: 0
  - it: creates a namespace other than the release's when namespace.create is true, with the standard labels
    set:
      namespace:
        name: team-a
        create: true
    asserts:
      - hasDocuments:
          count: 1
      - isKind:
          of: Namespace
      - equal:
          path: metadata.name
          value: team-a
      - isSubset:
          path: metadata.labels
          content:
            app.kubernetes.io/name: ${n}
            app.kubernetes.io/instance: dependencies
            app.kubernetes.io/managed-by: Helm
            helm.sh/chart: ${n}-0.0.0-test
${lib ? `  - it: creates it when installed alone with namespace.create null, the default
    set:
      namespace:
        name: team-a
    asserts:
      - hasDocuments:
          count: 1
  - it: renders no Namespace with namespace.create false
` : `  - it: renders no Namespace with namespace.create false, the default
`}    set:
      namespace:
        name: team-a
${lib ? '        create: false\n' : ''}    asserts:
      - hasDocuments:
          count: 0
  - it: never renders the release namespace, which exists before the release
    set:
      namespace:
        name: kube-system
        create: true
    asserts:
      - hasDocuments:
          count: 0
${lib ? `  - it: uses, without rendering it, a namespace that exists and belongs to another release or to none
    set:
      namespace:
        name: team-a
        create: true
    kubernetesProvider:
      objects:
        - {apiVersion: v1, kind: Namespace, metadata: {name: kube-system}}
        - {apiVersion: v1, kind: Namespace, metadata: {name: team-a}}
    asserts:
      - hasDocuments:
          count: 0
  - it: stops with one line naming the namespace and the flag when namespace.create is false and it does not exist
    set:
      namespace:
        name: team-a
        create: false
    kubernetesProvider:
      objects:
        - {apiVersion: v1, kind: Namespace, metadata: {name: kube-system}}
    asserts:
      - failedTemplate:
          errorPattern: '${n}: namespace "team-a" does not exist: set namespace.create=true'
` : ''}`),
    f('ci/minimal-values.yaml', 'serviceAccount:\n  create: false\n'),
    f('ci/all-values.yaml', `namespace:\n  name: team-a\n  create: true\nserviceAccount:\n  create: true\n  name: ${n}\n  annotations:\n    example.com/owner: platform\n`),
    f('README.md', `# ${n}

${o.description}

Part of the umbrella chart; switch it on with \`--set ${n}.enabled=true\`, or install it alone:

\`\`\`bash
helm install ${n} packages/${path.basename(path.dirname(dir))}/${n} --namespace kube-system
\`\`\`

## Values

<!-- chartkit:values:begin (generated by \`npx chartkit docs\`; do not edit) -->
<!-- chartkit:values:end -->
`),
  ];
}

/** The components whose namespaces an umbrella checks: `{{- $components := list "a" "b" -}}` in its templates/namespaces.yaml. */
const COMPONENTS_LIST = /(\$components\s*:=\s*list)((?:\s+"[^"\s]*")*)/;

/**
 * Add a subchart, last, to the umbrella's namespace check (templates/namespaces.yaml), which calls
 * the `<name>.namespaces` of every component listed; the rest of the file is kept as it is. Nothing
 * when the umbrella has no such check.
 */
function registerNamespaces(umbrella: Chart, name: string): PlannedFile[] {
  const file = path.join(umbrella.dir, 'templates', 'namespaces.yaml');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  if (!text.includes('$components')) return [];
  if (!COMPONENTS_LIST.test(text)) {
    throw new ChartkitError('GENERATOR', `${umbrella.relDir}/templates/namespaces.yaml: cannot find the components list (\`$components := list "…" "…"\`) to add ${name} to`);
  }
  return [{ file, content: text.replace(COMPONENTS_LIST, (_m, head: string, items: string) => `${head}${items} "${name}"`) }];
}

/**
 * Register a subchart in the umbrella's Chart.yaml (comments and order kept) and package.json, and,
 * with `namespaces` (the subchart defines `<name>.namespaces`: it uses the umbrella's library), in
 * the umbrella's namespace check.
 */
export function registerInUmbrella(umbrella: Chart, name: string, options: { namespaces?: boolean } = {}): PlannedFile[] {
  const chartFile = path.join(umbrella.dir, 'Chart.yaml');
  const doc = parseDocument(readFileSync(chartFile, 'utf8'));
  let deps = doc.get('dependencies');
  if (!(deps instanceof YAMLSeq)) {
    deps = new YAMLSeq();
    doc.set('dependencies', deps);
  }
  (deps as YAMLSeq).add(doc.createNode({ name, version: '0.1.0', repository: `file://../${name}`, condition: `${name}.enabled` }));
  const pkgFile = path.join(umbrella.dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { dependencies?: Record<string, string> };
  pkg.dependencies = Object.fromEntries(Object.entries({ ...(pkg.dependencies ?? {}), [name]: '0.1.0' }).sort(([a], [b]) => a.localeCompare(b)));
  return [
    { file: chartFile, content: doc.toString({ lineWidth: 0 }) },
    { file: pkgFile, content: `${JSON.stringify(pkg, null, 2)}\n` },
    ...(options.namespaces ? registerNamespaces(umbrella, name) : []),
  ];
}

/**
 * `chartkit new subchart <name>`: the package and its registration in the umbrella (dependency,
 * condition flag, schema, values, README row and, with the umbrella's library, its namespace
 * check) in one step; on any error nothing is written.
 */
export async function newSubchart(ws: Workspace, options: SubchartOptions): Promise<PlannedFile[]> {
  return writePlan(await planSubchart(ws, options));
}

/**
 * Every file `chartkit new subchart` writes, with its content, the generated values.schema.json,
 * values.yaml and README tables of the subchart and the umbrella included; nothing is written (the
 * Nx generator puts these files in its tree, so `nx g … --dry-run` lists them).
 */
export async function planSubchart(ws: Workspace, options: SubchartOptions): Promise<GeneratorPlan> {
  const umbrella = findUmbrella(ws, options.umbrella);
  const dir = path.join(path.dirname(umbrella.dir), options.name);
  validateNewChartName(ws, options.name, dir);
  const description = options.description ?? `${titleOf(options.name)} component of ${umbrella.name}.`;
  const library = sharedLibraryOf(ws, umbrella);
  const files = [
    ...subchartFiles(dir, {
      name: options.name,
      description,
      enabledByDefault: options.enabledByDefault ?? false,
      home: String(umbrella.raw.home ?? 'https://example.com'),
      ...(library ? { library } : {}),
    }),
    ...registerInUmbrella(umbrella, options.name, { namespaces: library !== undefined }),
  ];
  return { files: await withGeneratedFiles(ws, files, [options.name, umbrella.name]), newDirs: [dir] };
}
