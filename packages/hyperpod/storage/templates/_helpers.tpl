{{/*
storage.claimNamespace: the namespace of the PersistentVolumeClaim: persistentVolumeClaim.namespace,
else the release namespace (through hyperpod-common.namespace, which reads .Values.namespace).
*/}}
{{- define "storage.claimNamespace" -}}
{{- include "hyperpod-common.namespace" (dict "Values" (dict "namespace" .Values.persistentVolumeClaim.namespace) "Release" .Release) -}}
{{- end -}}

{{/* storage.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "storage.namespaces" -}}
{{- $pvc := .Values.persistentVolumeClaim -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $pvc.namespace "create" $pvc.createNamespace "flag" "persistentVolumeClaim.createNamespace" "context" .) | fromJson) | toJson -}}
{{- end -}}
