{{/*
chaimeleon-common: named templates for charts that run on the CHAIMELEON platform.

Every template takes the calling chart's root context (.), so .Chart, .Values and .Release are
the caller's. The file is self-contained: it works as the templates of the chaimeleon-common
library chart and also when copied ("vendored") into a chart's templates/ directory with no
dependency, in which case .Values.chaimeleon and .Values.datasets_list may be missing.

Platform settings can be overridden under .Values.chaimeleon (host, libraryUrl, dockerhubProxy,
guacamoleUrl, mountPoints.{datalake,persistentHome,persistentSharedFolder,datasets}); a missing
or empty key gives the platform default written in this file.
*/}}

{{/*
chaimeleon.internal.setting: a string value at a path under the caller's .Values, or a default
when the value is missing, empty or not a string. Never fails on a missing key or a missing
.Values. Call: include "chaimeleon.internal.setting" (dict "context" . "path" (list "a" "b") "default" "x")
*/}}
{{- define "chaimeleon.internal.setting" -}}
{{- $node := dict -}}
{{- if kindIs "map" .context -}}
{{- $node = index .context "Values" | default dict -}}
{{- end -}}
{{- range .path -}}
{{- if kindIs "map" $node -}}
{{- $node = index $node . -}}
{{- else -}}
{{- $node = "" -}}
{{- end -}}
{{- end -}}
{{- $value := "" -}}
{{- if kindIs "string" $node -}}
{{- $value = $node -}}
{{- end -}}
{{- $value | default .default -}}
{{- end -}}

{{/* ===== Deployment annotations read by the CHAIMELEON operator ===== */}}

{{/*
chaimeleon.annotations.tool_info: toolName and toolVersion, the two annotations the operator
requires. toolVersion is the chart version (not appVersion): it is what the Tracer logs.
*/}}
{{- define "chaimeleon.annotations.tool_info" -}}
chaimeleon.eu/toolName: {{ .Chart.Name | quote }}
chaimeleon.eu/toolVersion: {{ .Chart.Version | quote }}
{{- end -}}

{{/*
chaimeleon.annotations.mount_datasets: datasetsIDs and datasetsMountPoint, only when
.Values.datasets_list is not empty; otherwise nothing (no datasetsIDs: ""). As upstream, the
output starts with a newline so that it can be appended directly after another group. The list
is quoted, so a value holding " or \ cannot break the YAML; it is otherwise passed verbatim (the
operator strips spaces and splits on ",").
*/}}
{{- define "chaimeleon.annotations.mount_datasets" -}}
{{- $datasets := include "chaimeleon.internal.setting" (dict "context" . "path" (list "datasets_list") "default" "") -}}
{{- if $datasets }}
chaimeleon.eu/datasetsIDs: {{ $datasets | quote }}
chaimeleon.eu/datasetsMountPoint: {{ include "chaimeleon.datasets.mount_point" . | quote }}
{{- end }}
{{- end -}}

{{/* chaimeleon.annotations.mount_persistent_home_and_shared: ask the operator to mount the persistent home and the shared folder. */}}
{{- define "chaimeleon.annotations.mount_persistent_home_and_shared" -}}
chaimeleon.eu/persistentHomeMountPoint: {{ include "chaimeleon.persistent_home.mount_point" . | quote }}
chaimeleon.eu/persistentSharedFolderMountPoint: {{ include "chaimeleon.persistent_shared_folder.mount_point" . | quote }}
{{- end -}}

{{/*
chaimeleon.annotations.desktop_connection: ask the operator to create a Guacamole connection. The
chart must then render a Secret named like the Deployment with container-password, and a Service
of that name exposing 5900 (VNC) and 2222 (SSH/SFTP).
*/}}
{{- define "chaimeleon.annotations.desktop_connection" -}}
chaimeleon.eu/createGuacamoleConnection: "true"
{{- end -}}

{{/*
chaimeleon.annotations: every group above, for a desktop: tool_info, mount_datasets (when
datasets_list is set), mount_persistent_home_and_shared, desktop_connection. One annotation per
line with no blank lines in between (upstream left blank lines between the groups; the YAML is the
same). Use: annotations: {{- include "chaimeleon.annotations" . | nindent 4 }}
*/}}
{{- define "chaimeleon.annotations" -}}
{{- $groups := list -}}
{{- range $name := list "tool_info" "mount_datasets" "mount_persistent_home_and_shared" "desktop_connection" -}}
{{- $group := include (printf "chaimeleon.annotations.%s" $name) $ | trim -}}
{{- if $group -}}
{{- $groups = append $groups $group -}}
{{- end -}}
{{- end -}}
{{- join "\n" $groups -}}
{{- end -}}

{{/* ===== Mount points (overridable under .Values.chaimeleon.mountPoints) ===== */}}

{{/* chaimeleon.datalake.mount_point: where the operator mounts the datalake (it hard-codes the same default). */}}
{{- define "chaimeleon.datalake.mount_point" -}}
{{- include "chaimeleon.internal.setting" (dict "context" . "path" (list "chaimeleon" "mountPoints" "datalake") "default" "/mnt/datalake") -}}
{{- end -}}

{{/* chaimeleon.persistent_home.mount_point: the user's private persistent storage. */}}
{{- define "chaimeleon.persistent_home.mount_point" -}}
{{- include "chaimeleon.internal.setting" (dict "context" . "path" (list "chaimeleon" "mountPoints" "persistentHome") "default" "/home/chaimeleon/persistent-home") -}}
{{- end -}}

{{/* chaimeleon.persistent_shared_folder.mount_point: storage shared with every user. */}}
{{- define "chaimeleon.persistent_shared_folder.mount_point" -}}
{{- include "chaimeleon.internal.setting" (dict "context" . "path" (list "chaimeleon" "mountPoints" "persistentSharedFolder") "default" "/home/chaimeleon/persistent-shared-folder") -}}
{{- end -}}

{{/* chaimeleon.datasets.mount_point: the directory each selected dataset is mounted under (<mount point>/<id>). */}}
{{- define "chaimeleon.datasets.mount_point" -}}
{{- include "chaimeleon.internal.setting" (dict "context" . "path" (list "chaimeleon" "mountPoints" "datasets") "default" "/home/chaimeleon/datasets") -}}
{{- end -}}

{{/* ===== User and group ===== */}}

{{/*
chaimeleon.user.name: key user.name of the ConfigMap "chaimeleon" in the release namespace.
Empty when the ConfigMap or the key is missing, and under `helm template`, `helm lint` or a
client-side dry run, where lookup finds nothing.
*/}}
{{- define "chaimeleon.user.name" -}}
{{- $cm := lookup "v1" "ConfigMap" .Release.Namespace "chaimeleon" | default dict -}}
{{- dig "data" "user.name" "" $cm -}}
{{- end -}}

{{/* chaimeleon.user.uid: the uid the operator runs workstation containers with. */}}
{{- define "chaimeleon.user.uid" -}}
1000
{{- end -}}

{{/* chaimeleon.group.name: key group.name of the ConfigMap "chaimeleon"; empty when not found (see chaimeleon.user.name). */}}
{{- define "chaimeleon.group.name" -}}
{{- $cm := lookup "v1" "ConfigMap" .Release.Namespace "chaimeleon" | default dict -}}
{{- dig "data" "group.name" "" $cm -}}
{{- end -}}

{{/* chaimeleon.group.gid: the gid (and fsGroup) the operator runs workstation containers with. */}}
{{- define "chaimeleon.group.gid" -}}
1000
{{- end -}}

{{/* ===== Platform addresses (overridable under .Values.chaimeleon) ===== */}}

{{/* chaimeleon.host: the platform's public host name. */}}
{{- define "chaimeleon.host" -}}
{{- include "chaimeleon.internal.setting" (dict "context" . "path" (list "chaimeleon" "host") "default" "chaimeleon-eu.i3m.upv.es") -}}
{{- end -}}

{{/* chaimeleon.library-url: registry path of the CHAIMELEON images: <library-url>/<image>:<tag>. */}}
{{- define "chaimeleon.library-url" -}}
{{- include "chaimeleon.internal.setting" (dict "context" . "path" (list "chaimeleon" "libraryUrl") "default" "harbor.chaimeleon-eu.i3m.upv.es/chaimeleon-library") -}}
{{- end -}}

{{/* chaimeleon.dockerhub-proxy: registry path of the Docker Hub proxy: <dockerhub-proxy>/library/postgres:<tag>. */}}
{{- define "chaimeleon.dockerhub-proxy" -}}
{{- include "chaimeleon.internal.setting" (dict "context" . "path" (list "chaimeleon" "dockerhubProxy") "default" "harbor.chaimeleon-eu.i3m.upv.es/dockerhub") -}}
{{- end -}}

{{/* chaimeleon.guacamole-url: the Guacamole web address users open (with the trailing slash). */}}
{{- define "chaimeleon.guacamole-url" -}}
{{- include "chaimeleon.internal.setting" (dict "context" . "path" (list "chaimeleon" "guacamoleUrl") "default" "https://chaimeleon-eu.i3m.upv.es/guacamole/") -}}
{{- end -}}

{{/* ===== Workstation names, labels and password (every workstation chart: desktop, Jupyter, …) ===== */}}

{{/* chaimeleon.workstation.name: the chart name, truncated to 63 characters. */}}
{{- define "chaimeleon.workstation.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
chaimeleon.workstation.fullname: the name of the Deployment, Service and Secret (the operator needs
the three to be equal). The release name when it already contains the chart name, otherwise
"<chart>-<release>" (chart first, so the name always starts with a letter).
*/}}
{{- define "chaimeleon.workstation.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Chart.Name .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* chaimeleon.workstation.chart: name-version as used by the helm.sh/chart label. */}}
{{- define "chaimeleon.workstation.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* chaimeleon.workstation.selectorLabels: chart and release. */}}
{{- define "chaimeleon.workstation.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chaimeleon.workstation.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
chaimeleon.workstation.labels: labels of every object. As upstream, app.kubernetes.io/version is the
chart version (the version the operator reports as toolVersion) and app.kubernetes.io/app-version
the image tag.
*/}}
{{- define "chaimeleon.workstation.labels" -}}
helm.sh/chart: {{ include "chaimeleon.workstation.chart" . }}
{{ include "chaimeleon.workstation.selectorLabels" . }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/app-version: {{ . | quote }}
{{- end }}
{{- with .Chart.Version }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
chaimeleon.workstation.connectionName: the Guacamole connection name as the notes show it. The operator
names the connection "<YYYY-MM-DD-HH-MM-SS>---<deployment name>" when it creates it, so the date
part is a placeholder here.
*/}}
{{- define "chaimeleon.workstation.connectionName" -}}
{{- printf "DATE-TIME---%s" (include "chaimeleon.workstation.fullname" .) -}}
{{- end -}}

{{/*
chaimeleon.workstation.password: the container password. An upgrade keeps the password of the Secret
already in the cluster (read back from data, base64, or stringData); a new Secret gets 20 random
characters. Under helm template / lint, lookup finds nothing and a new password is generated.
*/}}
{{- define "chaimeleon.workstation.password" -}}
{{- $secret := lookup "v1" "Secret" .Release.Namespace (include "chaimeleon.workstation.fullname" .) | default dict -}}
{{- $password := "" -}}
{{- with dig "data" "container-password" "" $secret -}}
{{- $password = b64dec . -}}
{{- end -}}
{{- if not $password -}}
{{- $password = dig "stringData" "container-password" "" $secret -}}
{{- end -}}
{{- $password | default (include "utils.randomString" .) -}}
{{- end -}}

{{/*
chaimeleon.workstation.env: the container environment every workstation image reads, as a list of
env entries (indent it under `env:`): the OS/SSH and VNC password from the workstation Secret,
DATASETS_LIST, the jobman token with "jobman" true (Jupyter workstations), the external sharing
service, HELM_APP_NAME for delete-this-desktop, and the sshd settings. The order is fixed: a
change would roll the user's desktop on upgrade.
Call: include "chaimeleon.workstation.env" (dict "context" $ "jobman" false)
*/}}
{{- define "chaimeleon.workstation.env" -}}
{{- $fullname := include "chaimeleon.workstation.fullname" .context -}}
# Password of the OS and SSH user "chaimeleon".
- name: PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $fullname }}
      key: container-password
# VNC has no user name, only this password.
- name: VNC_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $fullname }}
      key: container-password
# Read by jobman.
- name: DATASETS_LIST
  value: {{ .context.Values.datasets_list | default "" | quote }}
{{- if .jobman }}
# Read by jobman; the platform provisions this Secret in every user namespace.
- name: JOBMAN_SERVICE_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: jobman-service-auth
      key: token
{{- end }}
# Read by upload-result; the platform provisions this Secret in every user namespace.
- name: EXTERNAL_SHARING_SERVICE_URL
  valueFrom:
    secretKeyRef:
      name: external-sharing-service-auth
      key: url
- name: EXTERNAL_SHARING_SERVICE_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: external-sharing-service-auth
      key: token
# Read by delete-this-desktop, which runs "helm uninstall $HELM_APP_NAME".
- name: HELM_APP_NAME
  value: {{ .context.Release.Name | quote }}
# Read by the image's sshd configuration.
- name: SSH_ENABLE_PASSWORD_AUTH
  value: "true"
- name: GATEWAY_PORTS
  value: "true"
- name: TCP_FORWARDING
  value: "true"
{{- end -}}

{{/*
chaimeleon.workstation.resources: the container's `resources` from .Values.requests (cpu, memory,
gpu: one nvidia.com/gpu in requests and limits); empty when none is set. The operator currently
overwrites them with its desktop flavour.
Call: {{- with include "chaimeleon.workstation.resources" . }}{{ . | nindent 10 }}{{- end }}
*/}}
{{- define "chaimeleon.workstation.resources" -}}
{{- with .Values.requests }}
{{- if or .cpu .memory .gpu -}}
# The operator currently overwrites these with its desktop flavour.
resources:
  requests:
    {{- with .cpu }}
    cpu: {{ . | quote }}
    {{- end }}
    {{- with .memory }}
    memory: {{ . | quote }}
    {{- end }}
    {{- if .gpu }}
    nvidia.com/gpu: 1
    {{- end }}
  {{- if .gpu }}
  limits:
    nvidia.com/gpu: 1
  {{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* ===== Utilities ===== */}}

{{/* utils.randomString: 20 random alphanumeric characters (a new value on every render). */}}
{{- define "utils.randomString" -}}
{{- randAlphaNum 20 -}}
{{- end -}}
