{{/*
aws-efa-k8s-device-plugin.affinity: the EFA instance-type nodeAffinity of hyperpod-common (only types
with an EFA: upstream issue #367, the plugin crash-loops with "No valid EFA devices found" elsewhere),
merged with .Values.affinity. Each
required nodeSelectorTerm of the user gets the instance-type expression added, so values narrow the
instance types and never widen them; everything else is added as written.
*/}}
{{- define "aws-efa-k8s-device-plugin.affinity" -}}
{{- $affinity := .Values.affinity -}}
{{- /* supportedInstanceLabels.values: the upstream chart's instance-type list (deprecated); it narrows like a required term of affinity */ -}}
{{- with (.Values.supportedInstanceLabels | default dict).values -}}
{{- $affinity = include "hyperpod-common.affinity" (dict "types" . "affinity" $affinity) | fromYaml -}}
{{- end -}}
{{- include "hyperpod-common.affinity" (dict "list" "efa" "affinity" $affinity) -}}
{{- end -}}

{{/* aws-efa-k8s-device-plugin.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "aws-efa-k8s-device-plugin.namespaces" -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" .Values.namespace.name "create" .Values.namespace.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}
