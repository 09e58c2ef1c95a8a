{{/*
Names and labels of desktop-tensorflow. The CHAIMELEON helpers (annotations, library-url,
mount points, utils.randomString) come from the chaimeleon-common library chart.
*/}}

{{/* desktop-tensorflow.chartName: the chart name, truncated to 63 characters. */}}
{{- define "desktop-tensorflow.chartName" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
desktop-tensorflow.fullname: the name of the Deployment, Service and Secret (the operator needs
the three to be equal). The release name when it already contains the chart name, otherwise
"<chart>-<release>" (chart first, so the name always starts with a letter).
*/}}
{{- define "desktop-tensorflow.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Chart.Name .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* desktop-tensorflow.chart: name-version as used by the helm.sh/chart label. */}}
{{- define "desktop-tensorflow.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* desktop-tensorflow.selectorLabels: chart and release. */}}
{{- define "desktop-tensorflow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "desktop-tensorflow.chartName" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
desktop-tensorflow.labels: labels of every object. As upstream, app.kubernetes.io/version is the
chart version (the version the operator reports as toolVersion) and app.kubernetes.io/app-version
the image tag.
*/}}
{{- define "desktop-tensorflow.labels" -}}
helm.sh/chart: {{ include "desktop-tensorflow.chart" . }}
{{ include "desktop-tensorflow.selectorLabels" . }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/app-version: {{ . | quote }}
{{- end }}
{{- with .Chart.Version }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
desktop-tensorflow.connectionName: the Guacamole connection name as the notes show it. The operator
names the connection "<YYYY-MM-DD-HH-MM-SS>---<deployment name>" when it creates it, so the date
part is a placeholder here.
*/}}
{{- define "desktop-tensorflow.connectionName" -}}
{{- printf "DATE-TIME---%s" (include "desktop-tensorflow.fullname" .) -}}
{{- end -}}

{{/*
desktop-tensorflow.password: the container password. An upgrade keeps the password of the Secret
already in the cluster (read back from data, base64, or stringData); a new Secret gets 20 random
characters. Under helm template / lint, lookup finds nothing and a new password is generated.
*/}}
{{- define "desktop-tensorflow.password" -}}
{{- $secret := lookup "v1" "Secret" .Release.Namespace (include "desktop-tensorflow.fullname" .) | default dict -}}
{{- $password := "" -}}
{{- with dig "data" "container-password" "" $secret -}}
{{- $password = b64dec . -}}
{{- end -}}
{{- if not $password -}}
{{- $password = dig "stringData" "container-password" "" $secret -}}
{{- end -}}
{{- $password | default (include "utils.randomString" .) -}}
{{- end -}}
