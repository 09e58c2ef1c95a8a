{{/* Named templates of the mlflow chart; names, labels and namespaces come from hyperpod-common. */}}

{{/*
mlflow.namespaceValues: the chart's namespace as JSON {name, create, flag}. namespace is
{name, create} (or a plain string, the name). While namespace.name is kubeflow, its default, the
deprecated keys name the namespace instead: mlflow.serviceAccount.namespace (upstream) when set and
not empty, else serviceAccount.namespace (mlflow 0.1.0) when set, empty meaning the release
namespace. serviceAccount.createNamespace (mlflow 0.1.0) applies while namespace.create is null,
its default. flag is the key that decided create, for the error when the namespace is missing.
*/}}
{{- define "mlflow.namespaceValues" -}}
{{- $ns := include "hyperpod-common.namespaceValues" (dict "context" .) | fromJson -}}
{{- $sa := .Values.serviceAccount -}}
{{- $upstream := dig "serviceAccount" dict (.Values.mlflow | default dict) -}}
{{- if eq ($ns.name | toString) "kubeflow" -}}
{{- if $upstream.namespace -}}
{{- $_ := set $ns "name" $upstream.namespace -}}
{{- else if kindIs "string" $sa.namespace -}}
{{- $_ := set $ns "name" $sa.namespace -}}
{{- end -}}
{{- end -}}
{{- $flag := "namespace.create" -}}
{{- if and (not (kindIs "bool" $ns.create)) (kindIs "bool" $sa.createNamespace) -}}
{{- $_ := set $ns "create" $sa.createNamespace -}}
{{- $flag = "serviceAccount.createNamespace" -}}
{{- end -}}
{{- toJson (dict "name" $ns.name "create" $ns.create "flag" $flag) -}}
{{- end -}}

{{/* mlflow.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "mlflow.namespaces" -}}
{{- $ns := include "mlflow.namespaceValues" . | fromJson -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $ns.name "create" $ns.create "flag" $ns.flag "context" .) | fromJson) | toJson -}}
{{- end -}}

{{/*
mlflow.serviceAccount: serviceAccount.name and serviceAccount.roleARN as JSON, with the upstream
chart's mlflow.serviceAccount (deprecated) applied: its name and roleARN replace ours when set and
not empty (its namespace: see mlflow.namespaceValues).
*/}}
{{- define "mlflow.serviceAccount" -}}
{{- $sa := pick .Values.serviceAccount "name" "roleARN" -}}
{{- range $key, $value := pick (dig "serviceAccount" dict (.Values.mlflow | default dict)) "name" "roleARN" -}}
{{- if $value }}{{ $_ := set $sa $key $value }}{{ end -}}
{{- end -}}
{{- toJson $sa -}}
{{- end -}}
