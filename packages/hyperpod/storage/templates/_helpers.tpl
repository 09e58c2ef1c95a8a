{{/*
storage.namespaceValues: the chart's namespace as JSON {name, create, flag}. namespace is
{name, create} (or a plain string, the name). While namespace.name is empty, its default,
persistentVolumeClaim.namespace (storage 0.1.0, deprecated) names the namespace when set.
persistentVolumeClaim.createNamespace (storage 0.1.0, deprecated) applies while namespace.create is
null, its default. flag is the key that decided create, for the error when the namespace is missing.
*/}}
{{- define "storage.namespaceValues" -}}
{{- $ns := include "hyperpod-common.namespaceValues" (dict "context" .) | fromJson -}}
{{- $pvc := .Values.persistentVolumeClaim -}}
{{- if and (not $ns.name) (kindIs "string" $pvc.namespace) -}}
{{- $_ := set $ns "name" $pvc.namespace -}}
{{- end -}}
{{- $flag := "namespace.create" -}}
{{- if and (not (kindIs "bool" $ns.create)) (kindIs "bool" $pvc.createNamespace) -}}
{{- $_ := set $ns "create" $pvc.createNamespace -}}
{{- $flag = "persistentVolumeClaim.createNamespace" -}}
{{- end -}}
{{- toJson (dict "name" $ns.name "create" $ns.create "flag" $flag) -}}
{{- end -}}

{{/*
storage.claimNamespace: the namespace of the PersistentVolumeClaim: the name storage.namespaceValues
resolves, else the release namespace (through hyperpod-common.namespace, which reads .Values.namespace).
*/}}
{{- define "storage.claimNamespace" -}}
{{- $ns := include "storage.namespaceValues" . | fromJson -}}
{{- include "hyperpod-common.namespace" (dict "Values" (dict "namespace" $ns.name) "Release" .Release) -}}
{{- end -}}

{{/* storage.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "storage.namespaces" -}}
{{- $ns := include "storage.namespaceValues" . | fromJson -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $ns.name "create" $ns.create "flag" $ns.flag "context" .) | fromJson) | toJson -}}
{{- end -}}
