{{/*
aws-efa-k8s-device-plugin.affinity: the EFA instance-type nodeAffinity of hyperpod-common (only types
with an EFA: upstream issue #367, the plugin crash-loops with "No valid EFA devices found" elsewhere),
merged with .Values.affinity. Each
required nodeSelectorTerm of the user gets the instance-type expression added, so values narrow the
instance types and never widen them; everything else is added as written.
*/}}
{{- define "aws-efa-k8s-device-plugin.affinity" -}}
{{- $base := include "hyperpod-common.instanceTypeAffinity" (dict "list" "efa") | fromYaml -}}
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
