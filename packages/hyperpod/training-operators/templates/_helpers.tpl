{{/*
Named templates of the training-operators chart. Names, labels, namespaces and images come from
hyperpod-common; the five job CRDs come from the subchart training-operators-crds (alias crds).
*/}}

{{/* training-operators.name: the fixed name of the operator's ServiceAccount, Service, Deployment and ClusterRole. */}}
{{- define "training-operators.name" -}}
training-operator
{{- end -}}

{{/* training-operators.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "training-operators.namespaces" -}}
{{- /* createNamespace: the upstream chart's flag, deprecated; when set it replaces namespace.create */ -}}
{{- $legacy := kindIs "bool" .Values.createNamespace -}}
{{- $use := dict "name" .Values.namespace.name "create" (ternary .Values.createNamespace .Values.namespace.create $legacy) "flag" (ternary "createNamespace" "namespace.create" $legacy) -}}
{{- list (include "hyperpod-common.namespaceUse" (merge $use (dict "context" .)) | fromJson) | toJson -}}
{{- end -}}

{{/*
training-operators.checkCrdChart: stop the render with one line when crds.install is true but the
subchart that holds the five job CRDs (training-operators-crds, aliased crds) is not in charts/.
`helm dependency update` of a chart that depends on this one (the HyperPod umbrella) packages this
directory as it is, without building its dependencies: without that check the operator would
install without its CRDs. Skipped by a Helm without .Subcharts (older than 3.7).
*/}}
{{- define "training-operators.checkCrdChart" -}}
{{- if and .Values.crds.install (kindIs "map" .Subcharts) (not (hasKey .Subcharts "crds")) -}}
{{- fail "training-operators: crds.install is true but its CRD subchart training-operators-crds is not in charts/: run helm dependency update on the training-operators directory first (before the umbrella's), or set crds.install=false" -}}
{{- end -}}
{{- end -}}
