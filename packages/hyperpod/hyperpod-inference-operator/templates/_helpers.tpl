{{/*
Names and derived values of the inference operator. Values are never changed in place: whatever
the templates need beyond .Values (region, registry, bucket URI) is computed here.
*/}}

{{/* hyperpod-inference-operator.prefix: the prefix of the operator's object names. */}}
{{- define "hyperpod-inference-operator.prefix" -}}
{{- include "hyperpod-common.name" . -}}
{{- end -}}

{{/* hyperpod-inference-operator.controllerName: Deployment and ServiceAccount of the controller. */}}
{{- define "hyperpod-inference-operator.controllerName" -}}
{{- printf "%s-controller-manager" (include "hyperpod-inference-operator.prefix" .) -}}
{{- end -}}

{{/* hyperpod-inference-operator.webhookServiceName: the conversion webhook Service. */}}
{{- define "hyperpod-inference-operator.webhookServiceName" -}}
{{- printf "%s-conversion-webhook" (include "hyperpod-inference-operator.prefix" .) -}}
{{- end -}}

{{/* hyperpod-inference-operator.controllerSelectorLabels: selects the controller pods. */}}
{{- define "hyperpod-inference-operator.controllerSelectorLabels" -}}
{{ include "hyperpod-common.selectorLabels" . }}
control-plane: {{ include "hyperpod-inference-operator.controllerName" . }}
{{- end -}}

{{/* hyperpod-inference-operator.region: .Values.region, else global.region, else "". */}}
{{- define "hyperpod-inference-operator.region" -}}
{{- .Values.region | default (dig "region" "" (.Values.global | default dict)) | default "" -}}
{{- end -}}

{{/*
hyperpod-inference-operator.registry: image.repository when set, else the regional ECR registry of
the inference operator images (account from hyperpod-common's inferenceOperator map).
*/}}
{{- define "hyperpod-inference-operator.registry" -}}
{{- if .Values.image.repository -}}
{{- .Values.image.repository | trimSuffix "/" -}}
{{- else -}}
{{- $region := include "hyperpod-inference-operator.region" . -}}
{{- printf "%s.dkr.ecr.%s.amazonaws.com" (include "hyperpod-common.regionAccount" (dict "map" "inferenceOperator" "region" $region)) $region -}}
{{- end -}}
{{- end -}}

{{/* hyperpod-inference-operator.image: "<registry>/<name>:<tag>". Call with (dict "name" … "tag" … "context" .). */}}
{{- define "hyperpod-inference-operator.image" -}}
{{- $repository := printf "%s/%s" (include "hyperpod-inference-operator.registry" .context) .name -}}
{{- include "hyperpod-common.image" (dict "image" (dict "repository" $repository "tag" .tag) "context" .context) -}}
{{- end -}}

{{/* hyperpod-inference-operator.tlsBucketUri: tlsCertificateS3Bucket with the s3:// prefix. */}}
{{- define "hyperpod-inference-operator.tlsBucketUri" -}}
{{- $bucket := .Values.tlsCertificateS3Bucket | default "" -}}
{{- if hasPrefix "s3://" $bucket -}}{{- $bucket -}}{{- else -}}{{- printf "s3://%s" $bucket -}}{{- end -}}
{{- end -}}

{{/* hyperpod-inference-operator.crdAnnotations: the CRD policy and the CA injection of the conversion webhook. */}}
{{- define "hyperpod-inference-operator.crdAnnotations" -}}
{{- if .Values.crds.keep }}
helm.sh/resource-policy: keep
{{- end }}
{{- if .Values.webhook.certManager.enabled }}
cert-manager.io/inject-ca-from: {{ include "hyperpod-common.namespace" . }}/serving-cert
{{- end }}
{{- end -}}

{{/*
hyperpod-inference-operator.crdConversion: CRD spec.conversion. With the webhooks on, the API server
converts v1alpha1 and v1 through the operator's /convert endpoint; otherwise it only relabels.
*/}}
{{- define "hyperpod-inference-operator.crdConversion" -}}
{{- if .Values.enableWebhooks -}}
strategy: Webhook
webhook:
  clientConfig:
    service:
      name: {{ include "hyperpod-inference-operator.webhookServiceName" . }}
      namespace: {{ include "hyperpod-common.namespace" . }}
      path: /convert
  conversionReviewVersions:
    - v1
{{- else -}}
strategy: None
{{- end -}}
{{- end -}}

{{/* hyperpod-inference-operator.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "hyperpod-inference-operator.namespaces" -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" .Values.namespace.name "create" .Values.namespace.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}
