{{/*
nvidia-device-plugin.affinity: the NVIDIA instance-type nodeAffinity of hyperpod-common (upstream
issue #48: without it the plugin crash-looped on CPU nodes), merged with .Values.affinity. Each
required nodeSelectorTerm of the user gets the instance-type expression added, so values narrow the
instance types and never widen them; everything else is added as written.
*/}}
{{- define "nvidia-device-plugin.affinity" -}}
{{- include "hyperpod-common.affinity" (dict "list" "nvidia" "affinity" .Values.affinity) -}}
{{- end -}}

{{/* nvidia-device-plugin.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "nvidia-device-plugin.namespaces" -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" (include "nvidia-device-plugin.namespace" .) "create" .Values.namespace.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}

{{/* nvidia-device-plugin.namespace: namespace.name, or namespaceOverride (NVIDIA's key, deprecated) when it is set. */}}
{{- define "nvidia-device-plugin.namespace" -}}
{{- .Values.namespaceOverride | default (include "hyperpod-common.namespace" .) -}}
{{- end -}}
