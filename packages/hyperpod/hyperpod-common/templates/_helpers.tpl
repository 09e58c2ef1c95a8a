{{/*
Names, labels and images shared by the HyperPod charts. Every helper takes the calling chart's
root context (.), so .Chart and .Values are the caller's.
*/}}

{{/* hyperpod-common.name: the chart name, truncated to 63 characters. */}}
{{- define "hyperpod-common.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* hyperpod-common.chart: name-version as used by the helm.sh/chart label. */}}
{{- define "hyperpod-common.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* hyperpod-common.selectorLabels: the labels that select a component's pods. */}}
{{- define "hyperpod-common.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hyperpod-common.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* hyperpod-common.labels: the standard app.kubernetes.io labels for every object. */}}
{{- define "hyperpod-common.labels" -}}
{{ include "hyperpod-common.selectorLabels" . }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hyperpod
helm.sh/chart: {{ include "hyperpod-common.chart" . }}
{{- end -}}

{{/*
hyperpod-common.namespace: the namespace of the chart's namespaced objects: .Values.namespace.name
when the chart has one, else the release namespace.
*/}}
{{- define "hyperpod-common.namespace" -}}
{{- $ns := "" -}}
{{- if kindIs "map" .Values.namespace -}}{{- $ns = .Values.namespace.name -}}{{- else if kindIs "string" .Values.namespace -}}{{- $ns = .Values.namespace -}}{{- end -}}
{{- $ns | default .Release.Namespace -}}
{{- end -}}

{{/*
hyperpod-common.image: "repository:tag" from an image map; the tag defaults to the chart appVersion.
Call: include "hyperpod-common.image" (dict "image" .Values.image "context" .)
*/}}
{{- define "hyperpod-common.image" -}}
{{- $tag := .image.tag | default .context.Chart.AppVersion | toString -}}
{{- if eq $tag "latest" -}}{{- fail "image tag \"latest\" is not allowed; pin a version" -}}{{- end -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}

{{/* hyperpod-common.healthStatusToleration: tolerate nodes HyperPod marks Unschedulable while it checks them. */}}
{{- define "hyperpod-common.healthStatusToleration" -}}
- key: sagemaker.amazonaws.com/node-health-status
  operator: Equal
  value: Unschedulable
  effect: NoSchedule
{{- end -}}
