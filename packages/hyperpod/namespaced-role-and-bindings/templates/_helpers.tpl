{{/* Named templates of the namespaced-role-and-bindings chart; names, labels and namespaces come from hyperpod-common. */}}

{{/*
namespaced-role-and-bindings.namespaceValues: the chart's namespace as JSON {name, create, flag}.
namespace is {name, create}, or a plain string, the name (the form of the upstream chart and of
namespaced-role-and-bindings 0.1.0). createNamespace (deprecated) applies while namespace.create is
null, its default: true or false set there wins over null. flag is the key that decided create, for
the error when the namespace is missing.
*/}}
{{- define "namespaced-role-and-bindings.namespaceValues" -}}
{{- $ns := include "hyperpod-common.namespaceValues" (dict "context" .) | fromJson -}}
{{- $flag := "namespace.create" -}}
{{- if and (not (kindIs "bool" $ns.create)) (kindIs "bool" .Values.createNamespace) -}}
{{- $_ := set $ns "create" .Values.createNamespace -}}
{{- $flag = "createNamespace" -}}
{{- end -}}
{{- toJson (dict "name" $ns.name "create" $ns.create "flag" $flag) -}}
{{- end -}}

{{/* namespaced-role-and-bindings.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "namespaced-role-and-bindings.namespaces" -}}
{{- $ns := include "namespaced-role-and-bindings.namespaceValues" . | fromJson -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $ns.name "create" $ns.create "flag" $ns.flag "context" .) | fromJson) | toJson -}}
{{- end -}}
