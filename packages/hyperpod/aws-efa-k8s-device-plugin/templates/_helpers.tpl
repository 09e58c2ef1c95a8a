{{/*
aws-efa-k8s-device-plugin.affinity: the EFA instance-type nodeAffinity of hyperpod-common (only types
with an EFA: upstream issue #367, the plugin crash-loops with "No valid EFA devices found" elsewhere),
merged with .Values.affinity. Each
required nodeSelectorTerm of the user gets the instance-type expression added, so values narrow the
instance types and never widen them; everything else is added as written.
*/}}
{{- define "aws-efa-k8s-device-plugin.affinity" -}}
{{- include "hyperpod-common.affinity" (dict "list" "efa" "affinity" .Values.affinity) -}}
{{- end -}}

{{/* aws-efa-k8s-device-plugin.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "aws-efa-k8s-device-plugin.namespaces" -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" .Values.namespace.name "create" .Values.namespace.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}
