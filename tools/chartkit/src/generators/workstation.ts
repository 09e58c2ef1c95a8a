import path from 'node:path';
import type { Chart } from '../core/chart.ts';
import { ChartkitError } from '../core/errors.ts';
import type { PlannedFile } from '../adapters/file-set.ts';
import { type Workspace } from '../core/workspace.ts';
import { CHAIMELEON_LIBRARY } from '../lint/rules/chaimeleon.ts';
import { validateNewChartName } from './names.ts';
import { writePlan } from './transaction.ts';
import { withGeneratedFiles, type GeneratorPlan } from './plan.ts';
import { chartOwnership } from './ownership.ts';

/**
 * The workstation types. Both are a remote desktop reached through Guacamole (Deployment, Service
 * and Secret of one name, ports sshd 2222 and vnc-gui 5900); a webapp also runs Jupyter Notebook
 * inside the desktop, which reads the platform's jobman token. The repository's desktop-tensorflow
 * and jupyter-tensorflow are charts of these two types (the generator tests check that a generated
 * chart renders the same objects as they do), but nothing is read from them.
 */
export interface WorkstationType {
  /** Default image name under the CHAIMELEON library URL (`--image` replaces it). */
  image: string;
  /** The chart's appVersion: the tag of the image to pull. */
  tag: string;
  /** Runs Jupyter Notebook inside the desktop (JOBMAN_SERVICE_API_TOKEN, notes, jobman-service-auth prerequisite). */
  jupyter: boolean;
  /** Chart.yaml keyword that names the type. */
  keyword: string;
  /** What the user gets, in a few words: "a graphical desktop", … */
  what: string;
}

export const WORKSTATION_TYPES: Readonly<Record<string, WorkstationType>> = {
  desktop: { image: 'ubuntu-python-tensorflow-desktop', tag: '3.14', jupyter: false, keyword: 'desktop', what: 'a graphical desktop' },
  webapp: { image: 'ubuntu-python-tensorflow-desktop-jupyter', tag: '3.16', jupyter: true, keyword: 'jupyter', what: 'Jupyter Notebook in a graphical desktop' },
};

export interface Maintainer {
  name: string;
  email?: string;
  url?: string;
}

/** Who publishes the chart: from the options, else from the workspace's package.json "chartkit" key. */
export interface ChartOwnership {
  maintainers?: Maintainer[];
  home?: string;
  icon?: string;
}

export interface WorkstationOptions extends ChartOwnership {
  name: string;
  type: string;
  image?: string;
  group?: string;
}

/** What the file templates need to know. */
export interface WorkstationSpec extends ChartOwnership {
  name: string;
  type: WorkstationType;
  image: string;
  /** chaimeleon-common's version and its directory relative to the new chart's (file:// path). */
  library: { version: string; relDir: string };
}

const IMAGE_NAME = /^[a-z0-9]+([._/-][a-z0-9]+)*$/;
const GROUP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The test values every suite pins, so that bumping the chart or its image never breaks them. */
const TEST_VERSION = '0.0.0-test';
const TEST_TAG = 'test-tag';
const DEFAULT_LIBRARY_URL = 'harbor.chaimeleon-eu.i3m.upv.es/chaimeleon-library';

const yamlString = (s: string): string => JSON.stringify(s);

/**
 * The release name of the suites: "my", unless the chart name is part of it (then the chart's
 * fullname would be the release name alone). The candidates share no character, so one fits.
 */
const releaseOf = (name: string): string => ['my', 'rel', 'ab'].find((r) => !r.includes(name))!;
/** A release name long enough to truncate the fullname of most charts, and not containing the chart name. */
const longReleaseOf = (name: string): string => ['a-very-long-release-name-for-a-workstation-of-user-x', 'q'.repeat(52), 'z'.repeat(52)].find((r) => !r.includes(name))!;

function chartYaml(s: WorkstationSpec): string {
  return `apiVersion: v2
name: ${s.name}
description: ${yamlString(description(s))}
type: application
version: 0.1.0
# appVersion is the tag of the workstation image to pull (<chaimeleon.library-url>/${s.image}:<appVersion>).
appVersion: ${yamlString(s.type.tag)}
${ownershipYaml(s)}keywords:
  - chaimeleon
  - workstation
  - ${s.type.keyword}
annotations:
  chartkit.dev/kind-install: "false"
  chartkit.dev/kind-install-skip-reason: "its image lives in the CHAIMELEON Harbor and the operator must mutate the pod"
  chartkit.dev/display-name: ${yamlString(`CHAIMELEON ${s.name}`)}
  # The CHAIMELEON operator sets resources, securityContext and volumes of these pods.
  chartkit.dev/operator-managed-pods: "true"
dependencies:
  - name: ${CHAIMELEON_LIBRARY}
    version: ${s.library.version}
    repository: file://${s.library.relDir}
`;
}

/** home, icon and maintainers as given (never copied from another chart). */
function ownershipYaml(s: WorkstationSpec): string {
  const lines: string[] = [];
  if (s.home) lines.push(`home: ${yamlString(s.home)}`);
  if (s.icon) lines.push(`icon: ${yamlString(s.icon)}`);
  if (s.maintainers?.length) {
    lines.push('maintainers:');
    for (const m of s.maintainers) {
      lines.push(`  - name: ${yamlString(m.name)}`);
      if (m.email) lines.push(`    email: ${yamlString(m.email)}`);
      if (m.url) lines.push(`    url: ${yamlString(m.url)}`);
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

function description(s: WorkstationSpec): string {
  return `CHAIMELEON workstation: ${s.type.what} (image ${s.image}) reached through Guacamole.`;
}

function packageJson(s: WorkstationSpec): string {
  const pkg = { name: s.name, version: '0.1.0', private: true, type: 'module', description: description(s), dependencies: { [CHAIMELEON_LIBRARY]: s.library.version } };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const HELMIGNORE = `# Files Helm leaves out of the packaged chart.
.git/
tests/
ci/
package.json
values.schema.ts
CHANGELOG.md
node_modules/
*.tmp
*.bak
`;

const VALUES_SCHEMA = `import { defineValues, h } from '@chart-tools/chartkit/schema';

// Kubeapps builds its deploy form from the properties marked form: true (title = label,
// description = help text). Only the dataset list is shown there.
export default defineValues({
  datasets_list: h.datasetsList(),
  requests: h.workstationRequests(),
});
`;

function deployment(s: WorkstationSpec): string {
  return `{{- $fullname := include "chaimeleon.workstation.fullname" . -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "chaimeleon.workstation.labels" . | nindent 4 }}
  annotations:
    {{- include "chaimeleon.annotations" . | nindent 4 }}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: {{ $fullname | quote }}
  template:
    metadata:
      labels:
        app: {{ $fullname | quote }}
        {{- include "chaimeleon.workstation.selectorLabels" . | nindent 8 }}
    spec:
      # The CHAIMELEON operator adds securityContext, volumes, nodeSelector and resources.
      priorityClassName: processing-applications
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ include "chaimeleon.library-url" . }}/${s.image}:{{ .Chart.AppVersion }}"
          imagePullPolicy: IfNotPresent
          ports:
            - name: sshd
              containerPort: 2222
              protocol: TCP
            - name: vnc-gui
              containerPort: 5900
              protocol: TCP
          env:
            {{- include "chaimeleon.workstation.env" (dict "context" $ "jobman" ${s.type.jupyter}) | nindent 12 }}
          {{- with include "chaimeleon.workstation.resources" . }}
          {{- . | nindent 10 }}
          {{- end }}
`;
}

const SERVICE = `{{- $fullname := include "chaimeleon.workstation.fullname" . -}}
# Named like the Deployment: the operator connects Guacamole to <deployment>.<namespace>.svc:5900.
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "chaimeleon.workstation.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    app: {{ $fullname | quote }}
  ports:
    - name: sshd-svc
      port: 2222
      targetPort: sshd
      protocol: TCP
    - name: vnc-gui-svc
      port: 5900
      targetPort: vnc-gui
      protocol: TCP
`;

const SECRET = `# Named like the Deployment: the operator reads the credentials of the Guacamole connection here.
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "chaimeleon.workstation.fullname" . }}
  labels:
    {{- include "chaimeleon.workstation.labels" . | nindent 4 }}
type: Opaque
stringData:
  container-user: "chaimeleon"
  container-password: {{ include "chaimeleon.workstation.password" . | quote }}
`;

function notes(s: WorkstationSpec): string {
  return `Your desktop${s.type.jupyter ? ' with Jupyter Notebook' : ''} is starting.

Open Guacamole at {{ include "chaimeleon.guacamole-url" . }}
and choose the connection **{{ include "chaimeleon.workstation.connectionName" . }}**
(DATE-TIME is replaced by the moment the platform creates it). The connection can take a few
seconds to appear: refresh the page if it is not listed yet.

WARNING: a desktop that nobody connects to for 7 days may be removed automatically. Keep your
work in {{ include "chaimeleon.persistent_home.mount_point" . }}, which survives the desktop.

Inside the desktop, press CTRL+SHIFT+ALT to show or hide the Guacamole menu (clipboard, file
upload, input settings).
${
  s.type.jupyter
    ? `
Jupyter opens by itself in a browser inside the desktop. If you close it, reopen it with the
Jupyter shortcut on the desktop.
`
    : ''
}
Directories:
  - {{ include "chaimeleon.datasets.mount_point" . }}: the datasets you selected{{ with .Values.datasets_list }} ({{ . }}){{ end }}, read-only.
  - {{ include "chaimeleon.persistent_home.mount_point" . }}: your private persistent storage.
  - {{ include "chaimeleon.persistent_shared_folder.mount_point" . }}: public storage shared with the other users of the platform.
`;
}

/** The suite header every test file shares: the chart version and image tag are pinned. */
function suite(title: string, templates: string[], release: string): string {
  return `suite: ${title}
# The chart version and appVersion (the image tag) are pinned for this suite, so bumping either
# never breaks it.
chart:
  version: ${TEST_VERSION}
  appVersion: ${TEST_TAG}
templates:
${templates.map((t) => `  - ${t}\n`).join('')}release:
${release}tests:
`;
}

function deploymentTest(s: WorkstationSpec): string {
  const r = releaseOf(s.name);
  const n = s.name;
  const image = (registry: string, tag: string): string => `${registry}/${s.image}:${tag}`;
  const jobmanEnv = `            - name: JOBMAN_SERVICE_API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: jobman-service-auth
                  key: token
`;
  return `${suite(`${n} Deployment`, ['deployment.yaml'], `  name: ${r}\n`)}  - it: selects its pods with app=<fullname>
    asserts:
      - equal:
          path: spec.selector.matchLabels
          value:
            app: ${n}-${r}
      - equal:
          path: spec.template.metadata.labels.app
          value: ${n}-${r}
      - isSubset:
          path: spec.template.metadata.labels
          content:
            app.kubernetes.io/name: ${n}
            app.kubernetes.io/instance: ${r}
      - equal:
          path: spec.replicas
          value: 1
  - it: runs in the processing-applications priority class
    asserts:
      - equal:
          path: spec.template.spec.priorityClassName
          value: processing-applications
  - it: has a single container named after the chart, with the image tagged appVersion
    asserts:
      - lengthEqual:
          path: spec.template.spec.containers
          count: 1
      - equal:
          path: spec.template.spec.containers[0].name
          value: ${n}
      - equal:
          path: spec.template.spec.containers[0].image
          value: ${image(DEFAULT_LIBRARY_URL, TEST_TAG)}
      - equal:
          path: spec.template.spec.containers[0].imagePullPolicy
          value: IfNotPresent
  - it: takes the registry from chaimeleon.libraryUrl
    set:
      chaimeleon.libraryUrl: registry.example.org/library
    asserts:
      - equal:
          path: spec.template.spec.containers[0].image
          value: ${image('registry.example.org/library', TEST_TAG)}
  - it: exposes sshd 2222 and vnc-gui 5900
    asserts:
      - equal:
          path: spec.template.spec.containers[0].ports
          value:
            - name: sshd
              containerPort: 2222
              protocol: TCP
            - name: vnc-gui
              containerPort: 5900
              protocol: TCP
  - it: leaves securityContext, volumes, volumeMounts and resources to the operator
    asserts:
      - notExists:
          path: spec.template.spec.securityContext
      - notExists:
          path: spec.template.spec.volumes
      - notExists:
          path: spec.template.spec.containers[0].securityContext
      - notExists:
          path: spec.template.spec.containers[0].volumeMounts
      - notExists:
          path: spec.template.spec.containers[0].resources
  - it: carries the operator annotations for datasets_list=a,b
    set:
      datasets_list: a,b
    asserts:
      - equal:
          path: metadata.annotations
          value:
            chaimeleon.eu/toolName: ${n}
            chaimeleon.eu/toolVersion: "${TEST_VERSION}"
            chaimeleon.eu/datasetsIDs: a,b
            chaimeleon.eu/datasetsMountPoint: /home/chaimeleon/datasets
            chaimeleon.eu/persistentHomeMountPoint: /home/chaimeleon/persistent-home
            chaimeleon.eu/persistentSharedFolderMountPoint: /home/chaimeleon/persistent-shared-folder
            chaimeleon.eu/createGuacamoleConnection: "true"
  - it: leaves out the dataset annotations without datasets
    asserts:
      - equal:
          path: metadata.annotations
          value:
            chaimeleon.eu/toolName: ${n}
            chaimeleon.eu/toolVersion: "${TEST_VERSION}"
            chaimeleon.eu/persistentHomeMountPoint: /home/chaimeleon/persistent-home
            chaimeleon.eu/persistentSharedFolderMountPoint: /home/chaimeleon/persistent-shared-folder
            chaimeleon.eu/createGuacamoleConnection: "true"
  - it: keeps a datasets_list with quotes intact in the annotation and the env
    set:
      datasets_list: 'a"b,c'
    asserts:
      - equal:
          path: metadata.annotations["chaimeleon.eu/datasetsIDs"]
          value: 'a"b,c'
      - contains:
          path: spec.template.spec.containers[0].env
          content:
            name: DATASETS_LIST
            value: 'a"b,c'
  - it: passes the environment the image expects, in order
    set:
      datasets_list: a,b
    asserts:
      - equal:
          path: spec.template.spec.containers[0].env
          value:
            - name: PASSWORD
              valueFrom:
                secretKeyRef:
                  name: ${n}-${r}
                  key: container-password
            - name: VNC_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: ${n}-${r}
                  key: container-password
            - name: DATASETS_LIST
              value: a,b
${s.type.jupyter ? jobmanEnv : ''}            - name: EXTERNAL_SHARING_SERVICE_URL
              valueFrom:
                secretKeyRef:
                  name: external-sharing-service-auth
                  key: url
            - name: EXTERNAL_SHARING_SERVICE_API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: external-sharing-service-auth
                  key: token
            - name: HELM_APP_NAME
              value: ${r}
            - name: SSH_ENABLE_PASSWORD_AUTH
              value: "true"
            - name: GATEWAY_PORTS
              value: "true"
            - name: TCP_FORWARDING
              value: "true"
${
  s.type.jupyter
    ? `  - it: passes the jobman token from the platform's jobman-service-auth Secret
    asserts:
      - contains:
          path: spec.template.spec.containers[0].env
          content:
            name: JOBMAN_SERVICE_API_TOKEN
            valueFrom:
              secretKeyRef:
                name: jobman-service-auth
                key: token
`
    : `  - it: has no Jupyter token (desktop chart)
    asserts:
      - notContains:
          path: spec.template.spec.containers[0].env
          any: true
          content:
            name: JOBMAN_SERVICE_API_TOKEN
`
}  - it: requests one GPU in requests and limits when gpu is true
    set:
      requests.gpu: true
    asserts:
      - equal:
          path: spec.template.spec.containers[0].resources
          value:
            requests:
              nvidia.com/gpu: 1
            limits:
              nvidia.com/gpu: 1
  - it: sets no resources when gpu is false and cpu and memory are empty
    set:
      requests:
        gpu: false
        cpu: ""
        memory: ""
    asserts:
      - notExists:
          path: spec.template.spec.containers[0].resources
  - it: puts cpu and memory in requests
    set:
      requests.cpu: "1"
      requests.memory: 4Gi
    asserts:
      - equal:
          path: spec.template.spec.containers[0].resources
          value:
            requests:
              cpu: "1"
              memory: 4Gi
  - it: combines cpu, memory and GPU and keeps the image tag
    set:
      requests:
        cpu: "0.5"
        memory: 2Gi
        gpu: true
    asserts:
      - equal:
          path: spec.template.spec.containers[0].resources
          value:
            requests:
              cpu: "0.5"
              memory: 2Gi
              nvidia.com/gpu: 1
            limits:
              nvidia.com/gpu: 1
      - equal:
          path: spec.template.spec.containers[0].image
          value: ${image(DEFAULT_LIBRARY_URL, TEST_TAG)}
`;
}

function namesTest(s: WorkstationSpec): string {
  const r = releaseOf(s.name);
  const n = s.name;
  const long = longReleaseOf(n);
  return `${suite(`${n} object names (the operator pairs them by name)`, ['deployment.yaml', 'service.yaml', 'secret.yaml'], `  name: ${r}\n`)}  - it: names the Deployment, Service and Secret alike, chart first
    asserts:
      - equal:
          path: metadata.name
          value: ${n}-${r}
  - it: uses the release name alone when it already contains the chart name
    release:
      name: ${n}-1
    asserts:
      - equal:
          path: metadata.name
          value: ${n}-1
  - it: truncates long names to 63 characters and never ends them with "-"
    release:
      name: ${long}
    asserts:
      - matchRegex:
          path: metadata.name
          pattern: ^${n}-[a-z-]*[a-z]$
      - matchRegex:
          path: metadata.name
          pattern: ^.{1,63}$
  - it: puts the standard labels on every object
    asserts:
      - isSubset:
          path: metadata.labels
          content:
            app.kubernetes.io/name: ${n}
            app.kubernetes.io/instance: ${r}
            app.kubernetes.io/managed-by: Helm
            app.kubernetes.io/version: "${TEST_VERSION}"
            app.kubernetes.io/app-version: "${TEST_TAG}"
            helm.sh/chart: ${n}-${TEST_VERSION}
`;
}

function serviceTest(s: WorkstationSpec): string {
  const r = releaseOf(s.name);
  return `${suite(`${s.name} Service`, ['service.yaml'], `  name: ${r}\n`)}  - it: is a ClusterIP Service selecting the Deployment's pods
    asserts:
      - equal:
          path: spec.type
          value: ClusterIP
      - equal:
          path: spec.selector
          value:
            app: ${s.name}-${r}
  - it: exposes 2222 (SSH/SFTP) and 5900 (VNC) on the container ports
    asserts:
      - equal:
          path: spec.ports
          value:
            - name: sshd-svc
              port: 2222
              targetPort: sshd
              protocol: TCP
            - name: vnc-gui-svc
              port: 5900
              targetPort: vnc-gui
              protocol: TCP
`;
}

function secretTest(s: WorkstationSpec): string {
  const r = releaseOf(s.name);
  /** A Secret the fake cluster holds, as a kubernetesProvider object; its type and data follow. */
  const secret = (name: string, namespace: string): string => `        - apiVersion: v1
          kind: Secret
          metadata:
            name: ${name}
            namespace: ${namespace}
`;
  const existing = (objects: string): string => `    release:
      upgrade: true
    kubernetesProvider:
      scheme:
        v1/Secret:
          gvr:
            version: v1
            resource: secrets
          namespaced: true
      objects:
${objects}`;
  return `${suite(`${s.name} Secret (Guacamole credentials)`, ['secret.yaml'], `  name: ${r}\n  namespace: user-alice\n`)}  - it: holds the user chaimeleon and a 20-character random password
    asserts:
      - equal:
          path: type
          value: Opaque
      - equal:
          path: stringData["container-user"]
          value: chaimeleon
      - matchRegex:
          path: stringData["container-password"]
          pattern: ^[A-Za-z0-9]{20}$
  - it: keeps the password of the existing Secret on upgrade (data, base64)
${existing(`${secret(`${s.name}-${r}`, 'user-alice')}          type: Opaque
          data:
            container-user: Y2hhaW1lbGVvbg==
            container-password: S2VlcE1lQWNyb3NzVXBncmFkZXM=
`)}    asserts:
      - equal:
          path: stringData["container-password"]
          value: KeepMeAcrossUpgrades
  - it: keeps the password of an existing Secret written with stringData
${existing(`${secret(`${s.name}-${r}`, 'user-alice')}          type: Opaque
          stringData:
            container-password: PlainPassword1234567
`)}    asserts:
      - equal:
          path: stringData["container-password"]
          value: PlainPassword1234567
  - it: generates a new password when the existing Secret has none
${existing(`${secret(`${s.name}-${r}`, 'user-alice')}          type: Opaque
          data:
            other: eA==
`)}    asserts:
      - matchRegex:
          path: stringData["container-password"]
          pattern: ^[A-Za-z0-9]{20}$
  - it: ignores Secrets of other releases and namespaces
${existing(`${secret(`${s.name}-${r}`, 'user-bob')}          data:
            container-password: S2VlcE1lQWNyb3NzVXBncmFkZXM=
${secret(`${s.name}-other`, 'user-alice')}          data:
            container-password: S2VlcE1lQWNyb3NzVXBncmFkZXM=
`)}    asserts:
      - notEqual:
          path: stringData["container-password"]
          value: KeepMeAcrossUpgrades
      - matchRegex:
          path: stringData["container-password"]
          pattern: ^[A-Za-z0-9]{20}$
`;
}

function notesTest(s: WorkstationSpec): string {
  const n = s.name;
  const r = releaseOf(n);
  return `${suite(`${s.name} installation notes (shown by Kubeapps)`, ['NOTES.txt'], `  name: ${r}\n`)}  - it: points to Guacamole and names the connection
    asserts:
      - matchRegexRaw:
          pattern: 'Open Guacamole at https://chaimeleon-eu\\.i3m\\.upv\\.es/guacamole/\\n'
      - matchRegexRaw:
          pattern: '\\*\\*DATE-TIME---${n}-${r}\\*\\*'
      - matchRegexRaw:
          pattern: refresh the page
  - it: warns about removal after 7 days and explains the Guacamole menu
    asserts:
      - matchRegexRaw:
          pattern: 'for 7 days may be removed automatically'
      - matchRegexRaw:
          pattern: 'CTRL\\+SHIFT\\+ALT'
  - it: explains the three directories
    asserts:
      - matchRegexRaw:
          pattern: '/home/chaimeleon/datasets: the datasets you selected, read-only'
      - matchRegexRaw:
          pattern: '/home/chaimeleon/persistent-home: your private persistent storage'
      - matchRegexRaw:
          pattern: '/home/chaimeleon/persistent-shared-folder: public storage shared'
  - it: lists the selected datasets
    set:
      datasets_list: a,b
    asserts:
      - matchRegexRaw:
          pattern: 'the datasets you selected \\(a,b\\)'
  - it: follows overridden URLs and mount points
    set:
      chaimeleon:
        guacamoleUrl: https://test.example.org/guacamole/
        mountPoints:
          persistentHome: /home/u/home
    asserts:
      - matchRegexRaw:
          pattern: 'Open Guacamole at https://test\\.example\\.org/guacamole/'
      - matchRegexRaw:
          pattern: '/home/u/home: your private persistent storage'
${
  s.type.jupyter
    ? `  - it: tells that Jupyter opens in the desktop and how to reopen it
    asserts:
      - matchRegexRaw:
          pattern: 'with Jupyter Notebook is starting'
      - matchRegexRaw:
          pattern: 'Jupyter opens by itself in a browser inside the desktop'
      - matchRegexRaw:
          pattern: 'Jupyter shortcut on the desktop'
`
    : `  - it: does not mention Jupyter (desktop chart)
    asserts:
      - notMatchRegexRaw:
          pattern: Jupyter
`
}`;
}

const CI_MINIMAL = `# The defaults, as Kubeapps installs the chart when the user leaves the form empty.
datasets_list: ""
`;

const CI_ALL = `# Everything switched on: datasets, explicit requests and a GPU.
datasets_list: "dataset-1,dataset-2"
requests:
  cpu: "2"
  memory: 8Gi
  gpu: true
`;

function prerequisites(s: WorkstationSpec): string {
  const jobman = s.type.jupyter
    ? `  - apiVersion: v1
    kind: Secret
    metadata:
      name: jobman-service-auth
    stringData:
      token: test-token
`
    : '';
  return `# What the platform must provide before this chart installs; chartkit install-test creates it first.
# All of it belongs to the CHAIMELEON platform, not to this chart (every workstation uses it).
manifests:
  # The workstation pods run in the PriorityClass processing-applications: the API server refuses
  # pods that name a PriorityClass that does not exist, so the Deployment would never get a pod.
  - apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata:
      name: processing-applications
    value: 100
    description: CHAIMELEON processing applications (workstations); provided by the platform.
  # The platform provisions ${s.type.jupyter ? 'these Secrets' : 'this Secret'} in every user namespace (here: the release namespace); the
  # container reads ${s.type.jupyter ? 'them' : 'url and token from it'}. Test values.
${jobman}  - apiVersion: v1
    kind: Secret
    metadata:
      name: external-sharing-service-auth
    stringData:
      url: https://external-sharing.example.invalid
      token: test-token
`;
}

function readme(s: WorkstationSpec, libraryReadme: string): string {
  const n = s.name;
  const secrets = s.type.jupyter ? 'the Secrets `jobman-service-auth` (`token`) and `external-sharing-service-auth` (`url`, `token`)' : 'the Secret `external-sharing-service-auth` (`url`, `token`)';
  return `# ${n}

A CHAIMELEON workstation: ${s.type.what}, reached in the browser through Guacamole.
Users install it from the Kubeapps catalogue in their \`user-<name>\` namespace.

The container runs the image \`${s.image}\` of the CHAIMELEON Harbor library, tagged with
the chart's \`appVersion\`.${
    s.type.jupyter
      ? `
Jupyter opens by itself in a browser inside the desktop (a desktop shortcut reopens it); it is not
exposed outside the desktop, since users cannot create Ingresses on the platform.`
      : ''
  }

> Generated by \`chartkit new workstation\`. Before publishing: say here what the image offers.

The chart renders three objects with the same name (\`${n}-<release>\`, or the release name
when it already contains \`${n}\`), because the CHAIMELEON operator pairs them by name:

| Object | What it is for |
| --- | --- |
| Deployment | One container, ports \`sshd\` 2222 and \`vnc-gui\` 5900, priority class \`processing-applications\`. Its \`chaimeleon.eu/*\` annotations (from [chaimeleon-common](${libraryReadme})) tell the operator which datasets to check and mount, where to mount the persistent home and the shared folder, and to create a Guacamole connection. |
| Service | ClusterIP on 2222 (SSH/SFTP) and 5900 (VNC): the operator points Guacamole at \`<name>.<namespace>.svc:5900\`. |
| Secret | \`container-user: chaimeleon\` and \`container-password\` (20 random characters): the credentials of the OS user, of VNC and of the Guacamole connection. The password is generated at install and **kept on \`helm upgrade\`** (the chart reads it back from the existing Secret). |

The chart sets no \`securityContext\`, volumes or volume mounts: the operator adds them (uid/gid
1000, the user's supplemental group, the cephfs volumes of the datalake, the selected datasets,
the persistent home and the shared folder), together with a nodeSelector and the resources of its
\`desktop\` flavour. That is why Chart.yaml carries \`chartkit.dev/operator-managed-pods: "true"\`.
The container also reads ${secrets},
which the platform provisions in every user namespace.

After installation the notes (Kubeapps: "Installation Notes") give the Guacamole address, the
connection name, the 7-day inactivity warning, the CTRL+SHIFT+ALT menu shortcut, ${s.type.jupyter ? 'how Jupyter opens, ' : ''}and
the three directories.

## What the platform must provide

The chart relies on objects of the CHAIMELEON platform that it does not create, because they are
shared by every workstation and belong to the platform:

- the **PriorityClass \`processing-applications\`** (cluster-wide). The Deployment's pods name it in
  \`priorityClassName\`, and the API server refuses a pod whose PriorityClass does not exist: the
  chart installs, but the ReplicaSet never gets a pod until the platform has created it;
- ${secrets} in the user
  namespace, which the container reads.

They are declared in \`ci/prerequisites.yaml\`, which \`chartkit install-test\` creates before it
installs the chart; on a cluster of your own, create them first, for example as that file does.

## The Kubeapps form

Kubeapps builds its deploy form from \`values.schema.json\`: every property marked \`"form": true\`
is shown, with \`title\` as the label and \`description\` as the help text. This chart shows one field,
**Dataset list** (\`datasets_list\`), a comma-separated list of dataset IDs (it can be empty). The
schema is generated from \`values.schema.ts\`, so edit that file, never the JSON.

## Install it alone

\`\`\`bash
npx chartkit package ${n}        # helm dependency build + helm package
helm install my-workstation dist/charts/${n}-<version>.tgz \\
  --namespace user-alice --set-string 'datasets_list=dataset-1\\,dataset-2'
\`\`\`

(\`--set\` splits on commas; escape them or use a values file.)

## Notable values

- \`datasets_list\`: the datasets to mount under \`/home/chaimeleon/datasets/<id>\`. Empty means no
  dataset annotations at all (and no datalake mount).
- \`requests.cpu\`, \`requests.memory\` (strings, e.g. \`"1"\`, \`4Gi\`; use \`--set-string\`) and
  \`requests.gpu\` (adds \`nvidia.com/gpu: 1\` to requests and limits). All unset by default, which
  lets the operator decide. **The operator currently overwrites the resources of every container**
  with its desktop flavour, so these values only matter on a cluster whose operator does not.
- \`chaimeleon.*\`: platform addresses and mount points, from chaimeleon-common; empty means the
  platform default.

## Values

<!-- chartkit:values:begin (generated by \`npx chartkit docs\`; do not edit) -->
<!-- chartkit:values:end -->
`;
}

/** Every file of a new workstation chart in `dir`, written from the templates above. */
export function workstationFiles(dir: string, s: WorkstationSpec, libraryDir: string): PlannedFile[] {
  const f = (rel: string, content: string): PlannedFile => ({ file: path.join(dir, rel), content });
  const libraryReadme = path.relative(dir, path.join(libraryDir, 'README.md')).split(path.sep).join('/');
  return [
    f('Chart.yaml', chartYaml(s)),
    f('package.json', packageJson(s)),
    f('.helmignore', HELMIGNORE),
    f('CHANGELOG.md', `# ${s.name}\n`),
    f('values.schema.ts', VALUES_SCHEMA),
    f('templates/deployment.yaml', deployment(s)),
    f('templates/service.yaml', SERVICE),
    f('templates/secret.yaml', SECRET),
    f('templates/NOTES.txt', notes(s)),
    f('tests/deployment_test.yaml', deploymentTest(s)),
    f('tests/names_test.yaml', namesTest(s)),
    f('tests/service_test.yaml', serviceTest(s)),
    f('tests/secret_test.yaml', secretTest(s)),
    f('tests/notes_test.yaml', notesTest(s)),
    f('ci/minimal-values.yaml', CI_MINIMAL),
    f('ci/all-values.yaml', CI_ALL),
    f('ci/prerequisites.yaml', prerequisites(s)),
    f('README.md', readme(s, libraryReadme)),
  ];
}

function chaimeleonLibrary(ws: Workspace): Chart {
  const library = ws.byName.get(CHAIMELEON_LIBRARY);
  if (!library || library.type !== 'library') {
    throw new ChartkitError('GENERATOR', `a workstation chart depends on the library chart ${CHAIMELEON_LIBRARY}, which is not in this workspace; add packages/chaimeleon/${CHAIMELEON_LIBRARY} first`);
  }
  return library;
}

/**
 * `chartkit new workstation <name> --type desktop|webapp`: a new chart written from the templates
 * of this module (Deployment, Service and Secret of one name taken from chaimeleon-common's
 * helpers, operator annotations, datasets form, helm-unittest suites, ci/ scenarios), at version
 * 0.1.0, depending on chaimeleon-common; then its values.schema.json, values.yaml and README
 * values table are generated. On any error nothing is written.
 */
export async function newWorkstation(ws: Workspace, o: WorkstationOptions): Promise<PlannedFile[]> {
  return writePlan(await planWorkstation(ws, o));
}

/**
 * Every file `chartkit new workstation` writes, with its content (the generated values.schema.json,
 * values.yaml and README values table included); nothing is written (the Nx generator puts these
 * files in its tree, so `nx g … --dry-run` lists them).
 */
export async function planWorkstation(ws: Workspace, o: WorkstationOptions): Promise<GeneratorPlan> {
  const type = Object.hasOwn(WORKSTATION_TYPES, o.type) ? WORKSTATION_TYPES[o.type] : undefined;
  if (!type) throw new ChartkitError('GENERATOR', `--type ${o.type}: use desktop (remote desktop through Guacamole) or webapp (Jupyter in the desktop)`);
  if (o.image !== undefined && !IMAGE_NAME.test(o.image)) {
    throw new ChartkitError('GENERATOR', `--image ${o.image}: an image name is lower-case letters, digits and . _ - / (no registry, no tag: the tag is the chart appVersion)`);
  }
  const group = o.group ?? 'chaimeleon';
  if (!GROUP_NAME.test(group)) throw new ChartkitError('GENERATOR', `--group ${group}: a group is one directory under packages/ (lower-case letters, digits and "-"), e.g. chaimeleon`);
  const library = chaimeleonLibrary(ws);
  const dir = path.join(ws.root, 'packages', group, o.name);
  validateNewChartName(ws, o.name, dir);
  const ownership = chartOwnership(o, ws.root);
  const spec: WorkstationSpec = {
    ...ownership,
    name: o.name,
    type,
    image: o.image ?? type.image,
    library: { version: library.version, relDir: path.relative(dir, library.dir).split(path.sep).join('/') },
  };
  // The README is planned, then its values table generated: each file once, with its final content.
  return { files: await withGeneratedFiles(ws, workstationFiles(dir, spec, library.dir), [o.name]), newDirs: [dir] };
}
