{{/* Named templates of the job-auto-restart chart; names, labels and namespaces come from hyperpod-common. */}}

{{/* job-auto-restart.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "job-auto-restart.namespaces" -}}
{{- /* a plain-string namespace (the upstream chart's form) is created as namespace.create's default, null */ -}}
{{- $ns := include "hyperpod-common.namespaceValues" (dict "context" .) | fromJson -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $ns.name "create" $ns.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}
