{{/* Named templates of the namespaced-role-and-bindings chart; names, labels and namespaces come from hyperpod-common. */}}

{{/* namespaced-role-and-bindings.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "namespaced-role-and-bindings.namespaces" -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" .Values.namespace "create" .Values.createNamespace "flag" "createNamespace" "context" .) | fromJson) | toJson -}}
{{- end -}}
