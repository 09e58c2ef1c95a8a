{{/* Named templates of the mlflow chart; names, labels and namespaces come from hyperpod-common. */}}

{{/* mlflow.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "mlflow.namespaces" -}}
{{- $sa := include "mlflow.serviceAccount" . | fromJson -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $sa.namespace "create" $sa.createNamespace "flag" "serviceAccount.createNamespace" "context" .) | fromJson) | toJson -}}
{{- end -}}

{{/*
mlflow.serviceAccount: serviceAccount as JSON, with the upstream chart's mlflow.serviceAccount
(deprecated) applied: its name, namespace and roleARN replace ours when set and not empty.
*/}}
{{- define "mlflow.serviceAccount" -}}
{{- $sa := deepCopy .Values.serviceAccount -}}
{{- range $key, $value := dig "serviceAccount" dict (.Values.mlflow | default dict) -}}
{{- if $value }}{{ $_ := set $sa $key $value }}{{ end -}}
{{- end -}}
{{- toJson $sa -}}
{{- end -}}
