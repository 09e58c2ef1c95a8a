{{/*
hyperpod-inference-operator.crd: one CustomResourceDefinition of group
inference.sagemaker.aws.amazon.com exactly as the operator publishes it (files/crds/<file>, a
byte-for-byte copy of the upstream HyperPod chart's config/crd/, written by `chartkit crds sync`;
see files/crds/SOURCES.json). Upstream writes two things of it as templates of its own values
(shortPrefix, namePrefix): the annotation cert-manager.io/inject-ca-from and spec.conversion. Those
come from this chart instead (hyperpod-inference-operator.crdAnnotations and .crdConversion); the
standard labels are added; everything else, controller-gen's annotation included, is the source's.
Call: include "hyperpod-inference-operator.crd" (dict "file" "inference.sagemaker.aws.amazon.com_jumpstartmodels.yaml" "name" "jumpstartmodels.inference.sagemaker.aws.amazon.com" "context" .)
*/}}
{{- define "hyperpod-inference-operator.crd" -}}
{{- $ctx := .context -}}
{{- $path := printf "files/crds/%s" .file -}}
{{- $crd := $ctx.Files.Get $path | fromYaml -}}
{{- if ne (dig "metadata" "name" "" $crd) .name -}}
{{- fail (printf "hyperpod-inference-operator: %s is not the CRD %s; run npx chartkit crds sync hyperpod-inference-operator" $path .name) -}}
{{- end -}}
{{- $annotations := omit ($crd.metadata.annotations | default dict) "cert-manager.io/inject-ca-from" -}}
{{- $annotations = merge (include "hyperpod-inference-operator.crdAnnotations" $ctx | fromYaml) $annotations -}}
{{- $metadata := omit $crd.metadata "annotations" -}}
{{- $_ := set $metadata "labels" (merge (include "hyperpod-common.labels" $ctx | fromYaml) ($crd.metadata.labels | default dict)) -}}
{{- if $annotations -}}
{{- $_ := set $metadata "annotations" $annotations -}}
{{- end -}}
{{- $_ := set $crd "metadata" $metadata -}}
{{- $_ := set $crd.spec "conversion" (include "hyperpod-inference-operator.crdConversion" $ctx | fromYaml) -}}
{{- toYaml $crd -}}
{{- end -}}
