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
