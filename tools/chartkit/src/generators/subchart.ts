import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, YAMLSeq } from 'yaml';
import type { Chart } from '../core/chart.ts';
import { ChartkitError } from '../core/errors.ts';
import type { PlannedFile } from '../adapters/file-set.ts';
import { type Workspace } from '../core/workspace.ts';
import { loadWorkspace } from '../adapters/workspace-files.ts';
import { compileWorkspace, docsFile, schemaFiles } from '../schema/generate.ts';
import { UMBRELLA_ANNOTATION } from '../schema/compile.ts';
import { validateNewChartName } from './names.ts';
import { applyAll } from './transaction.ts';

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

/** The files of a new subchart: a ServiceAccount-only component that lints and tests clean from the start. */
/** A library chart whose labels and namespace helpers a generated subchart uses instead of its own. */
export interface SharedLibrary {
  name: string;
  version: string;
}

/** The umbrella's library dependency, when it defines `<library>.labels` and `<library>.namespace`. */
export function sharedLibraryOf(ws: Workspace, umbrella: Chart): SharedLibrary | undefined {
  for (const dep of umbrella.dependencies) {
    const lib = ws.byName.get(dep.name);
    if (!lib || lib.type !== 'library' || !dep.repository?.startsWith('file://')) continue;
    const dir = path.join(lib.dir, 'templates');
    const text = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tpl')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n') : '';
    if (text.includes(`define "${lib.name}.labels"`) && text.includes(`define "${lib.name}.namespace"`)) return { name: lib.name, version: lib.version };
  }
  return undefined;
}

export function subchartFiles(
  dir: string,
  o: Required<Pick<SubchartOptions, 'name' | 'description'>> & { enabledByDefault: boolean; home: string; library?: SharedLibrary },
): PlannedFile[] {
  const n = o.name;
  const lib = o.library;
  const helpers = lib ? lib.name : n;
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
    f('values.schema.ts', `import { defineValues, h } from 'chartkit/schema';

export default defineValues({
  namespace: h.string('', 'Namespace of the objects; empty means the release namespace.'),
  serviceAccount: h.serviceAccount({ create: true, name: '${n}' }),
});
`),
    ...(lib
      ? []
      : [
    f('templates/_helpers.tpl', `{{/* Standard labels of ${n}. */}}
{{- define "${n}.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Namespace of the namespaced objects: values, else the release namespace. */}}
{{- define "${n}.namespace" -}}
{{- .Values.namespace | default .Release.Namespace -}}
{{- end -}}
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
templates:
  - serviceaccount.yaml
tests:
  - it: creates the ServiceAccount in the release namespace with the standard labels
    release:
      name: dependencies
      namespace: kube-system
    asserts:
      - isKind:
          of: ServiceAccount
      - equal:
          path: metadata.name
          value: ${n}
      - equal:
          path: metadata.namespace
          value: kube-system
      - equal:
          path: metadata.labels["app.kubernetes.io/instance"]
          value: dependencies
  - it: takes the namespace and annotations from values
    set:
      namespace: team-a
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
    f('ci/minimal-values.yaml', 'serviceAccount:\n  create: false\n'),
    f('ci/all-values.yaml', `namespace: kube-system\nserviceAccount:\n  create: true\n  name: ${n}\n  annotations:\n    example.com/owner: platform\n`),
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

/** Register a subchart in the umbrella's Chart.yaml (comments and order kept) and package.json. */
export function registerInUmbrella(umbrella: Chart, name: string): PlannedFile[] {
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
  ];
}

/**
 * `chartkit new subchart <name>`: the package and its registration in the umbrella (dependency,
 * condition flag, schema, values, README row) in one step; on any error nothing is written.
 */
export async function newSubchart(ws: Workspace, options: SubchartOptions): Promise<PlannedFile[]> {
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
    ...registerInUmbrella(umbrella, options.name),
  ];
  return applyAll(files, [dir], async () => {
    const next = loadWorkspace(ws.root);
    const compiled = await compileWorkspace(next, [options.name, umbrella.name].map((n) => next.byName.get(n)!));
    const generated = [options.name, umbrella.name].flatMap((n) => {
      const c = compiled.get(n)!;
      return [...schemaFiles(c), docsFile(next, c)];
    });
    return generated.map((g) => ({ file: g.file, content: g.content }));
  });
}
