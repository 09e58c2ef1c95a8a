{{/*
neuron-device-plugin.affinity: the Neuron instance-type nodeAffinity of hyperpod-common (20 types,
with ml.trn2.3xlarge that upstream left out), merged with .Values.affinity. Each
required nodeSelectorTerm of the user gets the instance-type expression added, so values narrow the
instance types and never widen them; everything else is added as written.
*/}}
{{- define "neuron-device-plugin.affinity" -}}
{{- include "hyperpod-common.affinity" (dict "list" "neuron" "affinity" .Values.affinity) -}}
{{- end -}}

{{/* neuron-device-plugin.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "neuron-device-plugin.namespaces" -}}
{{- /* a plain-string namespace (the upstream chart's form) is created as namespace.create's default, false */ -}}
{{- $ns := include "hyperpod-common.namespaceValues" (dict "create" false "context" .) | fromJson -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $ns.name "create" $ns.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}
