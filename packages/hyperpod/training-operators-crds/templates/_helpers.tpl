{{/*
Named templates of the training-operators-crds chart: the five job CRDs of the Kubeflow training
operator, each rendered from its own file in files/crds/ (see files/crds/SOURCES.json).
*/}}

{{/*
training-operators-crds.labels: the standard labels, naming this chart. Inside training-operators
this chart is the dependency aliased `crds` (so that training-operators' crds.install and crds.keep
are its values), and Helm then calls it by the alias: .Chart.Name is "crds" there.
*/}}
{{- define "training-operators-crds.labels" -}}
{{- include "hyperpod-common.labels" (dict "Chart" (dict "Name" "training-operators-crds" "Version" .Chart.Version "AppVersion" .Chart.AppVersion) "Release" .Release) -}}
{{- end -}}

{{/*
training-operators-crds.crd: one CustomResourceDefinition exactly as the Kubeflow training operator
publishes it (files/crds/<file>; see files/crds/SOURCES.json), through hyperpod-common.publishedCrd:
the labels naming this chart and, with keep, the keep annotation are added; the source's own
annotations (controller-gen's version) stay. Compact (one line of JSON per top-level field): a
release stores its manifest, and without the deep indentation of the pod template schemas it takes
about 30 % less room, which keeps this chart installed alone, its files/crds/ stored in the release
too, under Helm's 1 MiB release limit.
Call: include "training-operators-crds.crd" (dict "file" "kubeflow.org_pytorchjobs.yaml" "name" "pytorchjobs.kubeflow.org" "context" .)
*/}}
{{- define "training-operators-crds.crd" -}}
{{- include "hyperpod-common.publishedCrd" (dict "file" .file "name" .name "chart" "training-operators-crds" "labels" (include "training-operators-crds.labels" .context | fromYaml) "keep" .context.Values.keep "compact" true "context" .context) -}}
{{- end -}}

{{/*
training-operators-crds.render: "true" when the CRD may be rendered, by the same ownership rule as
hyperpod-common.renderCrd (no cluster to ask, the CRD is absent, or this release owns it). The
switch renderCrd also reads, crds.install, is training-operators' condition on this whole chart.
Call: include "training-operators-crds.render" (dict "name" "pytorchjobs.kubeflow.org" "context" .)
*/}}
{{- define "training-operators-crds.render" -}}
{{- include "hyperpod-common.renderOwned" (dict "apiVersion" "apiextensions.k8s.io/v1" "kind" "CustomResourceDefinition" "name" .name "context" .context) -}}
{{- end -}}
