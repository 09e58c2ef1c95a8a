{{/*
Named templates of the mpi-operator chart. Labels, namespaces, images and the node-health-status
toleration come from hyperpod-common; these add the release-scoped name and extraLabels.
*/}}

{{/*
mpi-operator.fullname: <release>-mpi-operator (or the release name when it already contains the
chart name), truncated to 63 characters. Names every object but the CRD.
*/}}
{{- define "mpi-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
mpi-operator.labels: the standard labels of hyperpod-common plus extraLabels. The standard labels
win over an extraLabels entry with the same key.
*/}}
{{- define "mpi-operator.labels" -}}
{{- $standard := include "hyperpod-common.labels" . | fromYaml -}}
{{- toYaml (merge $standard (.Values.extraLabels | default dict)) -}}
{{- end -}}

{{/*
mpi-operator.selectorLabels: the operator pods' selector. It is the upstream HyperPod chart's (and
the mpi-operator project's) selector: a Deployment's selector is immutable, so keeping it lets a
release of the upstream chart upgrade in place. Never change it within a major version.
*/}}
{{- define "mpi-operator.selectorLabels" -}}
{{ include "hyperpod-common.selectorLabels" . }}
app: mpi-operator
app.kubernetes.io/component: mpijob
kustomize.component: mpi-operator
{{- end -}}

{{/*
mpi-operator.settings: the values the Deployment and the ServiceAccount use (YAML). The upstream
HyperPod chart kept them under mpiOperator (deprecated): each of its keys that is set and not empty
replaces ours (image.repository, image.tag, imagePullPolicy for image.pullPolicy, replicas,
additionalArgs, serviceAccount.annotations, nodeSelector, affinity, tolerations,
topologySpreadConstraints).
*/}}
{{- define "mpi-operator.settings" -}}
{{- $v := .Values -}}
{{- $up := $v.mpiOperator | default dict -}}
{{- $upImage := $up.image | default dict -}}
{{- $replicas := ternary $up.replicas $v.replicas (and (hasKey $up "replicas") (not (kindIs "invalid" $up.replicas))) -}}
{{- toYaml (dict
  "image" (dict "repository" ($upImage.repository | default $v.image.repository) "tag" ($upImage.tag | default $v.image.tag | toString) "pullPolicy" ($up.imagePullPolicy | default $v.image.pullPolicy))
  "replicas" $replicas
  "additionalArgs" ($up.additionalArgs | default $v.additionalArgs)
  "serviceAccountAnnotations" (dig "serviceAccount" "annotations" dict $up | default $v.serviceAccount.annotations)
  "nodeSelector" ($up.nodeSelector | default $v.nodeSelector)
  "affinity" ($up.affinity | default $v.affinity)
  "tolerations" ($up.tolerations | default $v.tolerations)
  "topologySpreadConstraints" ($up.topologySpreadConstraints | default $v.topologySpreadConstraints)) -}}
{{- end -}}

{{/*
mpi-operator.namespaceValues: the chart's namespace as JSON {name, create, flag}. namespace is
{name, create}, or a plain string, the name (the form of mpi-operator 0.1.0). createNamespace
(deprecated) applies while namespace.create is null, its default: true or false set there wins over
null. flag is the key that decided create, for the error when the namespace is missing.
*/}}
{{- define "mpi-operator.namespaceValues" -}}
{{- $ns := include "hyperpod-common.namespaceValues" (dict "context" .) | fromJson -}}
{{- $flag := "namespace.create" -}}
{{- if and (not (kindIs "bool" $ns.create)) (kindIs "bool" .Values.createNamespace) -}}
{{- $_ := set $ns "create" .Values.createNamespace -}}
{{- $flag = "createNamespace" -}}
{{- end -}}
{{- toJson (dict "name" $ns.name "create" $ns.create "flag" $flag) -}}
{{- end -}}

{{/* mpi-operator.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "mpi-operator.namespaces" -}}
{{- $ns := include "mpi-operator.namespaceValues" . | fromJson -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $ns.name "create" $ns.create "flag" $ns.flag "context" .) | fromJson) | toJson -}}
{{- end -}}

{{/*
mpi-operator.crd: the MPIJob CustomResourceDefinition exactly as the MPI operator v0.5.0 publishes
it (files/crds/mpijob-crd.yaml; see files/crds/SOURCES.json), through hyperpod-common.publishedCrd:
this chart's labels and, with crds.keep, the keep annotation are added; the source's own labels and
annotations stay.
Call: include "mpi-operator.crd" (dict "file" "mpijob-crd.yaml" "name" "mpijobs.kubeflow.org" "context" .)
*/}}
{{- define "mpi-operator.crd" -}}
{{- include "hyperpod-common.publishedCrd" (dict "file" .file "name" .name "chart" "mpi-operator" "labels" (include "mpi-operator.labels" .context | fromYaml) "keep" .context.Values.crds.keep "context" .context) -}}
{{- end -}}
