{{/*
hyperpod-inference-operator.crd: one CustomResourceDefinition of group
inference.sagemaker.aws.amazon.com exactly as the operator publishes it (files/crds/<file>, a
byte-for-byte copy of the upstream HyperPod chart's config/crd/, written by `chartkit crds sync`;
see files/crds/SOURCES.json). Upstream writes two things of it as templates of its own values
(shortPrefix, namePrefix): the annotation cert-manager.io/inject-ca-from and spec.conversion. Those
come from this chart instead (hyperpod-inference-operator.crdAnnotations and .crdConversion); the
standard labels are added (hyperpod-common.publishedCrd); everything else, controller-gen's annotation
included, is the source's.
Call: include "hyperpod-inference-operator.crd" (dict "file" "inference.sagemaker.aws.amazon.com_jumpstartmodels.yaml" "name" "jumpstartmodels.inference.sagemaker.aws.amazon.com" "context" .)
*/}}
{{- define "hyperpod-inference-operator.crd" -}}
{{- $ctx := .context -}}
{{- include "hyperpod-common.publishedCrd" (dict "file" .file "name" .name "chart" "hyperpod-inference-operator" "dropAnnotations" (list "cert-manager.io/inject-ca-from") "annotations" (include "hyperpod-inference-operator.crdAnnotations" $ctx | fromYaml) "spec" (dict "conversion" (include "hyperpod-inference-operator.crdConversion" $ctx | fromYaml)) "context" $ctx) -}}
{{- end -}}
