{{/* Named templates of the job-auto-restart chart; names, labels and namespaces come from hyperpod-common. */}}

{{/* job-auto-restart.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "job-auto-restart.namespaces" -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" .Values.namespace.name "create" .Values.namespace.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}
