{{/* Named templates of the deep-health-check chart; names, labels and namespaces come from hyperpod-common. */}}

{{/* deep-health-check.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "deep-health-check.namespaces" -}}
{{- /* a plain-string namespace (the upstream chart's form) is created as namespace.create's default, true */ -}}
{{- $ns := include "hyperpod-common.namespaceValues" (dict "create" true "context" .) | fromJson -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $ns.name "create" $ns.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}
