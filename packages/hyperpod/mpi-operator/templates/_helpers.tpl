{{/*
Named templates of the mpi-operator chart. Labels, namespaces, images and the node-health-status
toleration come from hyperpod-common; these add the release-scoped name and extraLabels.
*/}}

{{/*
mpi-operator.fullname: <release>-mpi-operator (or the release name when it already contains the
chart name), truncated to 63 characters. Names every object but the CRD.
*/}}
{{- define "mpi-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
mpi-operator.labels: the standard labels of hyperpod-common plus extraLabels. The standard labels
win over an extraLabels entry with the same key.
*/}}
{{- define "mpi-operator.labels" -}}
{{- $standard := include "hyperpod-common.labels" . | fromYaml -}}
{{- toYaml (merge $standard (.Values.extraLabels | default dict)) -}}
{{- end -}}

{{/*
mpi-operator.selectorLabels: the operator pods' selector. It is the upstream HyperPod chart's (and
the mpi-operator project's) selector: a Deployment's selector is immutable, so keeping it lets a
release of the upstream chart upgrade in place. Never change it within a major version.
*/}}
{{- define "mpi-operator.selectorLabels" -}}
{{ include "hyperpod-common.selectorLabels" . }}
app: mpi-operator
app.kubernetes.io/component: mpijob
kustomize.component: mpi-operator
{{- end -}}

{{/* mpi-operator.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "mpi-operator.namespaces" -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" .Values.namespace "create" .Values.createNamespace "flag" "createNamespace" "context" .) | fromJson) | toJson -}}
{{- end -}}

{{/*
mpi-operator.crdMetadata: metadata of the CRD: its name, the labels and, with crds.keep, the
annotation that makes `helm uninstall` leave it in place.
Call: include "mpi-operator.crdMetadata" (dict "name" "mpijobs.kubeflow.org" "context" .)
*/}}
{{- define "mpi-operator.crdMetadata" -}}
name: {{ .name }}
labels:
  {{- include "mpi-operator.labels" .context | nindent 2 }}
{{- if .context.Values.crds.keep }}
annotations:
  helm.sh/resource-policy: keep
{{- end }}
{{- end -}}
