{{/*
neuron-device-plugin.affinity: the Neuron instance-type nodeAffinity of hyperpod-common (20 types,
with ml.trn2.3xlarge that upstream left out), merged with .Values.affinity. Each
required nodeSelectorTerm of the user gets the instance-type expression added, so values narrow the
instance types and never widen them; everything else is added as written.
*/}}
{{- define "neuron-device-plugin.affinity" -}}
{{- $base := include "hyperpod-common.instanceTypeAffinity" (dict "list" "neuron") | fromYaml -}}
{{- $typeExpr := first (first $base.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).matchExpressions -}}
{{- $out := deepCopy (.Values.affinity | default dict) -}}
{{- $nodeAffinity := $out.nodeAffinity | default dict -}}
{{- $required := $nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution | default dict -}}
{{- $terms := list -}}
{{- range $term := ($required.nodeSelectorTerms | default (list dict)) -}}
  {{- $terms = append $terms (merge (dict "matchExpressions" (prepend ($term.matchExpressions | default list) $typeExpr)) (omit $term "matchExpressions")) -}}
{{- end -}}
{{- $_ := set $nodeAffinity "requiredDuringSchedulingIgnoredDuringExecution" (dict "nodeSelectorTerms" $terms) -}}
{{- $_ = set $out "nodeAffinity" $nodeAffinity -}}
{{- toYaml $out -}}
{{- end -}}
