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
training-operators-crds.crdMetadata: metadata of one CRD: its name, the standard labels and, with
keep, the annotation that makes `helm uninstall` leave it in place.
Call: include "training-operators-crds.crdMetadata" (dict "name" "pytorchjobs.kubeflow.org" "context" .)
*/}}
{{- define "training-operators-crds.crdMetadata" -}}
name: {{ .name }}
labels:
  {{- include "training-operators-crds.labels" .context | nindent 2 }}
{{- if .context.Values.keep }}
annotations:
  helm.sh/resource-policy: keep
{{- end }}
{{- end -}}

{{/*
training-operators-crds.crd: one CustomResourceDefinition exactly as the Kubeflow training operator
publishes it (files/crds/<file>, a byte-for-byte copy written by `chartkit crds sync`), with this
chart's metadata merged into the source's: the labels and, with keep, the keep annotation are added;
the source's own annotations (controller-gen's version) stay. Each top-level field is written on one
line as compact JSON (YAML's flow form): a release stores its manifest gzipped, and without the deep
indentation of the pod template schemas the manifest takes about 30 % less room, which keeps this chart
installed alone, its files/crds/ stored in the release too, under Helm's 1 MiB release limit. (A
whole CRD on one line would trip `helm lint`, which reads the first line of a document with a 64 KiB
buffer.)
Call: include "training-operators-crds.crd" (dict "file" "kubeflow.org_pytorchjobs.yaml" "name" "pytorchjobs.kubeflow.org" "context" .)
*/}}
{{- define "training-operators-crds.crd" -}}
{{- $path := printf "files/crds/%s" .file -}}
{{- $crd := .context.Files.Get $path | fromYaml -}}
{{- if ne (dig "metadata" "name" "" $crd) .name -}}
{{- fail (printf "training-operators-crds: %s is not the CRD %s; run npx chartkit crds sync training-operators-crds" $path .name) -}}
{{- end -}}
{{- $_ := set $crd "metadata" (mergeOverwrite $crd.metadata (include "training-operators-crds.crdMetadata" . | fromYaml)) -}}
{{- $lines := list -}}
{{- range $key := keys $crd | sortAlpha -}}
{{- $lines = append $lines (printf "%s: %s" $key (get $crd $key | toJson)) -}}
{{- end -}}
{{- join "\n" $lines -}}
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
