{{/*
hyperpod-inference-operator.validate: stop the render when a value the operator needs is missing or
wrong. Every template includes it first, so each one fails alone with the same message. It prints
nothing and changes no value.
*/}}
{{- define "hyperpod-inference-operator.validate" -}}
{{- $p := "hyperpod-inference-operator:" -}}
{{- $v := .Values -}}

{{- if and $v.s3.enabled (not $v.s3.serviceAccountRoleArn) -}}
{{- fail (printf "%s A valid role for the Mountpoint for s3 CSI driver must be set via the --set s3.serviceAccountRoleArn=<arn> flag." $p) -}}
{{- end -}}

{{- if not $v.executionRoleArn -}}
{{- fail (printf "%s executionRoleArn must be set via the --set executionRoleArn=<arn> flag" $p) -}}
{{- end -}}

{{- if $v.isAddOn -}}
{{- $roleName := regexReplaceAll "^.*/" (toString $v.executionRoleArn) "" -}}
{{- if not (hasPrefix "SageMakerHyperPodInference" $roleName) -}}
{{- fail (printf "%s isAddOn is true, so the role name in executionRoleArn must start with SageMakerHyperPodInference (got %q)" $p $roleName) -}}
{{- end -}}
{{- end -}}

{{- if not $v.tlsCertificateS3Bucket -}}
{{- fail (printf "%s tlsCertificateS3Bucket must be set via the --set tlsCertificateS3Bucket=<s3 Bucket> flag" $p) -}}
{{- end -}}

{{- $region := include "hyperpod-inference-operator.region" . -}}
{{- if not $region -}}
{{- fail (printf "%s A valid region is required! Set it via the --set region=<aws-region> flag (or global.region)." $p) -}}
{{- end -}}

{{- if not $v.eksClusterName -}}
{{- fail (printf "%s An EKS cluster name is required! Set it via the --set eksClusterName=<name> flag." $p) -}}
{{- end -}}

{{- if and $v.keda.enabled (not $v.keda.podIdentity.aws.irsa.roleArn) -}}
{{- fail (printf "%s A valid role for the KEDA operator must be set via the --set keda.podIdentity.aws.irsa.roleArn=<arn> flag." $p) -}}
{{- end -}}

{{- if and $v.alb.enabled (not $v.alb.vpcId) -}}
{{- fail (printf "%s alb.vpcId must be set when alb.enabled=true" $p) -}}
{{- end -}}

{{- if and $v.alb.enabled $v.alb.serviceAccount.create (not $v.alb.serviceAccount.roleArn) -}}
{{- fail (printf "%s A valid role for the AWS Load Balancer Controller must be set via the --set alb.serviceAccount.roleArn=<arn> flag." $p) -}}
{{- end -}}

{{- /*
The webhook Certificate and Issuer are cert-manager kinds: without cert-manager's CRDs Helm can only
fail with 'no matches for kind "Certificate"'. Say what to do instead, before anything is applied.
Skipped without a cluster (helm template, helm lint), where .Capabilities only knows built-in APIs.
*/ -}}
{{- if and $v.webhook.certManager.enabled (include "hyperpod-common.hasCluster" .) (not (.Capabilities.APIVersions.Has "cert-manager.io/v1")) -}}
{{- if include "hyperpod-common.inUmbrella" . -}}
{{- fail (printf "%s cert-manager is not installed (the cluster serves no cert-manager.io/v1 API): install cert-manager first, or turn the inference operator off with inferenceOperators.enabled=false" $p) -}}
{{- else -}}
{{- fail (printf "%s cert-manager is not installed (the cluster serves no cert-manager.io/v1 API): install cert-manager first, or set webhook.certManager.enabled=false and provide the webhook-server-cert Secret yourself" $p) -}}
{{- end -}}
{{- end -}}

{{- if not (include "hyperpod-common.regionAccount" (dict "map" "inferenceOperator" "region" $region)) -}}
{{- $supported := include "hyperpod-common.regions" (dict "map" "inferenceOperator") | fromJsonArray -}}
{{- fail (printf "%s Unsupported AWS Region %q. Supported regions: %s" $p $region (join ", " $supported)) -}}
{{- end -}}
{{- end -}}
