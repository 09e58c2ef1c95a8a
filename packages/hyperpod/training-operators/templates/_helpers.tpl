{{/*
Named templates of the training-operators chart. Names, labels, namespaces and images come from
hyperpod-common; what is here is the part the five job CRDs share: each is rendered from the
Kubeflow training operator's own file in files/crds/ (see files/crds/SOURCES.json).
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
training-operators.crdMetadata: metadata of one CRD: its name, the standard labels and, with
crds.keep, the annotation that makes `helm uninstall` leave it in place.
Call: include "training-operators.crdMetadata" (dict "name" "pytorchjobs.kubeflow.org" "context" .)
*/}}
{{- define "training-operators.crdMetadata" -}}
name: {{ .name }}
labels:
  {{- include "hyperpod-common.labels" .context | nindent 2 }}
{{- if .context.Values.crds.keep }}
annotations:
  helm.sh/resource-policy: keep
{{- end }}
{{- end -}}

{{/*
training-operators.crd: one CustomResourceDefinition exactly as the Kubeflow training operator
publishes it (files/crds/<file>, a byte-for-byte copy written by `chartkit crds sync`), with this
chart's metadata merged into the source's: the labels and, with crds.keep, the keep annotation
are added; the source's own annotations (controller-gen's version) stay.
Call: include "training-operators.crd" (dict "file" "kubeflow.org_pytorchjobs.yaml" "name" "pytorchjobs.kubeflow.org" "context" .)
*/}}
{{- define "training-operators.crd" -}}
{{- $path := printf "files/crds/%s" .file -}}
{{- $crd := .context.Files.Get $path | fromYaml -}}
{{- if ne (dig "metadata" "name" "" $crd) .name -}}
{{- fail (printf "training-operators: %s is not the CRD %s; run npx chartkit crds sync training-operators" $path .name) -}}
{{- end -}}
{{- $_ := set $crd "metadata" (mergeOverwrite $crd.metadata (include "training-operators.crdMetadata" . | fromYaml)) -}}
{{- toYaml $crd -}}
{{- end -}}
