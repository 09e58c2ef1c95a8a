{{/*
Names and labels of jupyter-tensorflow. The CHAIMELEON helpers (annotations, library-url,
mount points, utils.randomString) come from the chaimeleon-common library chart.
*/}}

{{/* jupyter-tensorflow.chartName: the chart name, truncated to 63 characters. */}}
{{- define "jupyter-tensorflow.chartName" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
jupyter-tensorflow.fullname: the name of the Deployment, Service and Secret (the operator needs
the three to be equal). The release name when it already contains the chart name, otherwise
"<chart>-<release>" (chart first, so the name always starts with a letter).
*/}}
{{- define "jupyter-tensorflow.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Chart.Name .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* jupyter-tensorflow.chart: name-version as used by the helm.sh/chart label. */}}
{{- define "jupyter-tensorflow.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* jupyter-tensorflow.selectorLabels: chart and release. */}}
{{- define "jupyter-tensorflow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "jupyter-tensorflow.chartName" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
jupyter-tensorflow.labels: labels of every object. As upstream, app.kubernetes.io/version is the
chart version (the version the operator reports as toolVersion) and app.kubernetes.io/app-version
the image tag.
*/}}
{{- define "jupyter-tensorflow.labels" -}}
helm.sh/chart: {{ include "jupyter-tensorflow.chart" . }}
{{ include "jupyter-tensorflow.selectorLabels" . }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/app-version: {{ . | quote }}
{{- end }}
{{- with .Chart.Version }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
jupyter-tensorflow.connectionName: the Guacamole connection name as the notes show it. The operator
names the connection "<YYYY-MM-DD-HH-MM-SS>---<deployment name>" when it creates it, so the date
part is a placeholder here.
*/}}
{{- define "jupyter-tensorflow.connectionName" -}}
{{- printf "DATE-TIME---%s" (include "jupyter-tensorflow.fullname" .) -}}
{{- end -}}

{{/*
jupyter-tensorflow.password: the container password. An upgrade keeps the password of the Secret
already in the cluster (read back from data, base64, or stringData); a new Secret gets 20 random
characters. Under helm template / lint, lookup finds nothing and a new password is generated.
*/}}
{{- define "jupyter-tensorflow.password" -}}
{{- $secret := lookup "v1" "Secret" .Release.Namespace (include "jupyter-tensorflow.fullname" .) | default dict -}}
{{- $password := "" -}}
{{- with dig "data" "container-password" "" $secret -}}
{{- $password = b64dec . -}}
{{- end -}}
{{- if not $password -}}
{{- $password = dig "stringData" "container-password" "" $secret -}}
{{- end -}}
{{- $password | default (include "utils.randomString" .) -}}
{{- end -}}
