{{/*
hyperpod-inference-operator.crd: one CustomResourceDefinition of group
inference.sagemaker.aws.amazon.com, served as v1 (storage) and v1alpha1.
Call: include "hyperpod-inference-operator.crd" (dict "kind" "JumpStartModel" "plural" "jumpstartmodels" "schema" "jumpStartModel" "scale" true "context" .)
*/}}
{{- define "hyperpod-inference-operator.crd" -}}
{{- $ctx := .context -}}
{{- $singular := lower .kind -}}
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: {{ .plural }}.inference.sagemaker.aws.amazon.com
  labels:
    {{- include "hyperpod-common.labels" $ctx | nindent 4 }}
  {{- with include "hyperpod-inference-operator.crdAnnotations" $ctx | trim }}
  annotations:
    {{- . | nindent 4 }}
  {{- end }}
spec:
  group: inference.sagemaker.aws.amazon.com
  names:
    kind: {{ .kind }}
    listKind: {{ .kind }}List
    plural: {{ .plural }}
    singular: {{ $singular }}
  scope: Namespaced
  conversion:
    {{- include "hyperpod-inference-operator.crdConversion" $ctx | nindent 4 }}
  versions:
    {{- range $version := list "v1" "v1alpha1" }}
    - name: {{ $version }}
      served: true
      storage: {{ eq $version "v1" }}
      subresources:
        status: {}
        {{- if $.scale }}
        scale:
          specReplicasPath: .spec.replicas
          statusReplicasPath: .status.replicas
          labelSelectorPath: .status.selector
        {{- end }}
      schema:
        openAPIV3Schema:
          {{- include (printf "hyperpod-inference-operator.schema.%s" $.schema) (dict "version" $version) | nindent 10 }}
    {{- end }}
{{- end -}}
