{{/*
Names, labels and images shared by the HyperPod charts. Every helper takes the calling chart's
root context (.), so .Chart and .Values are the caller's.
*/}}

{{/* hyperpod-common.name: the chart name, truncated to 63 characters. */}}
{{- define "hyperpod-common.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* hyperpod-common.chart: name-version as used by the helm.sh/chart label. */}}
{{- define "hyperpod-common.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* hyperpod-common.selectorLabels: the labels that select a component's pods. */}}
{{- define "hyperpod-common.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hyperpod-common.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* hyperpod-common.labels: the standard app.kubernetes.io labels for every object. */}}
{{- define "hyperpod-common.labels" -}}
{{ include "hyperpod-common.selectorLabels" . }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hyperpod
helm.sh/chart: {{ include "hyperpod-common.chart" . }}
{{- end -}}

{{/*
hyperpod-common.namespace: the namespace of the chart's namespaced objects: .Values.namespace.name
when the chart has one, else the release namespace.
*/}}
{{- define "hyperpod-common.namespace" -}}
{{- $ns := "" -}}
{{- if kindIs "map" .Values.namespace -}}{{- $ns = .Values.namespace.name -}}{{- else if kindIs "string" .Values.namespace -}}{{- $ns = .Values.namespace -}}{{- end -}}
{{- $ns | default .Release.Namespace -}}
{{- end -}}

{{/*
hyperpod-common.namespaceValues: the chart's namespace values {name, create} as JSON. The upstream
HyperPod chart took the namespace as a plain string (accepted by h.namespace with plainString):
the string is the name, and create is the chart's default for namespace.create, given as "create"
(leave it out for null).
Call: include "hyperpod-common.namespaceValues" (dict "create" true "context" .) | fromJson
*/}}
{{- define "hyperpod-common.namespaceValues" -}}
{{- $ns := .context.Values.namespace -}}
{{- if kindIs "string" $ns -}}
{{- toJson (dict "name" $ns "create" .create) -}}
{{- else -}}
{{- toJson (dict "name" $ns.name "create" $ns.create) -}}
{{- end -}}
{{- end -}}

{{/*
hyperpod-common.image: "repository:tag" from an image map; the tag defaults to the chart appVersion.
Call: include "hyperpod-common.image" (dict "image" .Values.image "context" .)
*/}}
{{- define "hyperpod-common.image" -}}
{{- $tag := .image.tag | default .context.Chart.AppVersion | toString -}}
{{- if eq $tag "latest" -}}{{- fail "image tag \"latest\" is not allowed; pin a version" -}}{{- end -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}

{{/* hyperpod-common.healthStatusToleration: tolerate nodes HyperPod marks Unschedulable while it checks them. */}}
{{- define "hyperpod-common.healthStatusToleration" -}}
- key: sagemaker.amazonaws.com/node-health-status
  operator: Equal
  value: Unschedulable
  effect: NoSchedule
{{- end -}}

{{/*
hyperpod-common.hasCluster: "true" when the chart renders against a cluster, empty otherwise.
helm template, helm lint, --dry-run=client and helm-unittest without a kubernetesProvider answer
every lookup with nothing; kube-system exists in every cluster, so its absence means there is no
cluster to ask, and the cluster checks below are skipped.
*/}}
{{- define "hyperpod-common.hasCluster" -}}
{{- if lookup "v1" "Namespace" "" "kube-system" -}}true{{- end -}}
{{- end -}}

{{/*
hyperpod-common.renderOwned: "true" when this release may render a cluster object that it owns
(a Namespace, a CustomResourceDefinition): there is no cluster to ask, or the object does not
exist, or it exists and belongs to this release (annotations meta.helm.sh/release-name and
meta.helm.sh/release-namespace). Empty when it exists and belongs to another release or to no
release: rendering it would fail with "exists and cannot be imported into the current release",
and the chart uses the existing object instead.
Call: include "hyperpod-common.renderOwned" (dict "apiVersion" "v1" "kind" "Namespace" "name" "aws-hyperpod" "context" .)
      (add "namespace" for a namespaced object)
*/}}
{{- define "hyperpod-common.renderOwned" -}}
{{- $ctx := .context -}}
{{- if not (include "hyperpod-common.hasCluster" $ctx) -}}
true
{{- else -}}
{{- $existing := lookup .apiVersion .kind (.namespace | default "") .name -}}
{{- if not $existing -}}
true
{{- else -}}
{{- $annotations := (($existing.metadata | default dict).annotations) | default dict -}}
{{- if and (eq (get $annotations "meta.helm.sh/release-name") $ctx.Release.Name) (eq (get $annotations "meta.helm.sh/release-namespace") $ctx.Release.Namespace) -}}
true
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
hyperpod-common.inUmbrella: "true" when the chart renders as a subchart of the HyperPod umbrella:
global.hyperpodUmbrella, which the umbrella's values set, or the path of the template being rendered
(hyperpod-helm-chart/charts/<chart>/templates). The path covers `helm upgrade --reuse-values` of a
release of another chart (the upstream HyperPod chart): Helm then replaces the umbrella's values,
global.hyperpodUmbrella included, with that release's.
*/}}
{{- define "hyperpod-common.inUmbrella" -}}
{{- $path := "" -}}
{{- with .Template }}{{ $path = .BasePath | default "" }}{{ end -}}
{{- if or ((.Values.global | default dict).hyperpodUmbrella) (hasPrefix "hyperpod-helm-chart/charts/" $path) -}}true{{- end -}}
{{- end -}}

{{/*
hyperpod-common.wantsNamespace: "true" when a chart should create its namespace. create is the
chart's flag: true or false as set, or null ("auto"): create it when the chart is installed alone,
not inside the HyperPod umbrella (global.hyperpodUmbrella), where one component owns each shared
namespace (deep-health-check owns aws-hyperpod, training-operators kubeflow).
Call: include "hyperpod-common.wantsNamespace" (dict "create" .Values.namespace.create "context" .)
*/}}
{{- define "hyperpod-common.wantsNamespace" -}}
{{- if kindIs "bool" .create -}}
{{- if .create -}}true{{- end -}}
{{- else if not (include "hyperpod-common.inUmbrella" .context) -}}
true
{{- end -}}
{{- end -}}

{{/*
hyperpod-common.renderNamespace: "true" when the chart renders the Namespace object: it wants to
create it (hyperpod-common.wantsNamespace), it is not the release namespace (which exists before
the release and which the release cannot own), and hyperpod-common.renderOwned allows it (a
namespace that exists and belongs to another release, or to none, is used as it is).
Call: include "hyperpod-common.renderNamespace" (dict "name" .Values.namespace.name "create" .Values.namespace.create "context" .)
*/}}
{{- define "hyperpod-common.renderNamespace" -}}
{{- $ctx := .context -}}
{{- if and .name (ne .name $ctx.Release.Namespace) (include "hyperpod-common.wantsNamespace" (dict "create" .create "context" $ctx)) -}}
{{- include "hyperpod-common.renderOwned" (dict "apiVersion" "v1" "kind" "Namespace" "name" .name "context" $ctx) -}}
{{- end -}}
{{- end -}}

{{/*
hyperpod-common.namespaceUse: one entry of a chart's <chart>.namespaces list (JSON): a namespace the
chart puts objects in, whether the chart creates it, the flag that makes it do so and, optionally,
a hint for the error (what else creates that namespace).
Call: include "hyperpod-common.namespaceUse" (dict "name" $ns "create" .Values.namespace.create "flag" "namespace.create" "context" .)
*/}}
{{- define "hyperpod-common.namespaceUse" -}}
{{- $use := dict "name" (.name | default "" | toString) "create" (eq (include "hyperpod-common.wantsNamespace" (dict "create" .create "context" .context)) "true") "flag" .flag -}}
{{- with .hint }}{{ $_ := set $use "hint" . }}{{ end -}}
{{- toJson $use -}}
{{- end -}}

{{/*
hyperpod-common.checkNamespaceUses: stop the render, before anything is applied, when a namespace a
chart uses without creating it does not exist. One line naming the namespace and the flag to set.
Skipped without a cluster (helm template, helm lint), for the release namespace and for namespaces
the chart creates.
Call: include "hyperpod-common.checkNamespaceUses" (dict "chart" "mlflow" "uses" $uses "flagPrefix" "" "context" .)
  uses        a list of hyperpod-common.namespaceUse entries
  flagPrefix  prepended to each flag ("mlflow." when the umbrella checks its subcharts)
*/}}
{{- define "hyperpod-common.checkNamespaceUses" -}}
{{- $ctx := .context -}}
{{- $chart := .chart -}}
{{- $prefix := .flagPrefix | default "" -}}
{{- if include "hyperpod-common.hasCluster" $ctx -}}
{{- range $use := .uses -}}
{{- if and $use.name (not $use.create) (ne $use.name $ctx.Release.Namespace) (not (lookup "v1" "Namespace" "" $use.name)) -}}
{{- if $use.hint -}}
{{- fail (printf "%s: namespace %q does not exist: %s, or set %s%s=true to create it with this release" $chart $use.name $use.hint $prefix $use.flag) -}}
{{- else -}}
{{- fail (printf "%s: namespace %q does not exist: set %s%s=true to create it with this release, or create it first" $chart $use.name $prefix $use.flag) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
hyperpod-common.requireNamespaces: the namespace check of a chart installed alone, over the list its
<chart>.namespaces template returns. Inside the HyperPod umbrella the umbrella checks every
component at once (a namespace another component creates is fine there), so this does nothing.
Call: include "hyperpod-common.requireNamespaces" .
*/}}
{{- define "hyperpod-common.requireNamespaces" -}}
{{- if not (include "hyperpod-common.inUmbrella" .) -}}
{{- $uses := include (printf "%s.namespaces" .Chart.Name) . | fromJsonArray -}}
{{- include "hyperpod-common.checkNamespaceUses" (dict "chart" .Chart.Name "uses" $uses "context" .) -}}
{{- end -}}
{{- end -}}

{{/*
hyperpod-common.renderCrd: "true" when the chart renders one of its CustomResourceDefinitions:
crds.install is true and hyperpod-common.renderOwned allows it (no cluster to ask, the CRD is
absent, or this release owns it). A CRD that exists and belongs to another release (for example one
kept by crds.keep after that release was uninstalled) or to none is left to its owner.
Call: include "hyperpod-common.renderCrd" (dict "name" "mpijobs.kubeflow.org" "context" .)
*/}}
{{- define "hyperpod-common.renderCrd" -}}
{{- if .context.Values.crds.install -}}
{{- include "hyperpod-common.renderOwned" (dict "apiVersion" "apiextensions.k8s.io/v1" "kind" "CustomResourceDefinition" "name" .name "context" .context) -}}
{{- end -}}
{{- end -}}

{{/*
hyperpod-common.checkAggregatedRole: stop the render with one line when an aggregated ClusterRole the
chart renders exists as the empty leftover of an earlier uninstall. Kubernetes'
clusterrole-aggregation-controller server-side applies the rules of an aggregated role whenever a
role it aggregates changes; when `helm uninstall` deleted the aggregated role and its sources at the
same time, that apply could land after the deletion and create the role again, empty, with no
labels, annotations or aggregationRule. (The charts now render the sources inside a v1 List, which
Helm deletes after every ClusterRole, so only older chart versions leave it.) Helm cannot take such
an object over ("exists and cannot be imported into the current release"); say what it is and how
to remove it. Skipped without a cluster.
Call: include "hyperpod-common.checkAggregatedRole" (dict "name" "kubeflow-training-admin" "context" .)
*/}}
{{- define "hyperpod-common.checkAggregatedRole" -}}
{{- $ctx := .context -}}
{{- if include "hyperpod-common.hasCluster" $ctx -}}
{{- $role := lookup "rbac.authorization.k8s.io/v1" "ClusterRole" "" .name -}}
{{- if and $role (not $role.aggregationRule) (not $role.rules) (not ($role.metadata.labels | default dict)) (not ($role.metadata.annotations | default dict)) -}}
{{- fail (printf "%s: ClusterRole %q exists, empty and owned by nobody: the clusterrole-aggregation-controller re-created it after an earlier uninstall (a Kubernetes race); delete it (kubectl delete clusterrole %s) and install again" $ctx.Chart.Name .name .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
hyperpod-common.deprecatedValues: one line "  - <key>: <advice>" per deprecated key (a key of the
upstream HyperPod chart or of an earlier version, marked by chartkit's h.deprecated) that the values
set to something other than null or "", and per namespace given in a deprecated plain-string form. Walks the schema, so the
list of deprecated keys is kept once, in each chart's values.schema.ts. Helm keeps values.schema.json
out of .Files: pass files/deprecated-values.json, the part of it chartkit writes for an umbrella.
Call: include "hyperpod-common.deprecatedValues" (dict "schema" (.Files.Get "files/deprecated-values.json" | fromJson) "values" .Values "path" "")
*/}}
{{- define "hyperpod-common.deprecatedValues" -}}
{{- $values := .values -}}
{{- $path := .path -}}
{{- if kindIs "map" $values -}}
{{- range $key, $prop := (.schema.properties | default dict) -}}
{{- if and (ne $key "global") (hasKey $values $key) (kindIs "map" $prop) -}}
{{- $value := index $values $key -}}
{{- $keyPath := ternary $key (printf "%s.%s" $path $key) (eq $path "") -}}
{{- if $prop.deprecated -}}
{{- /* null or "" has no effect (an older release's default carried by --reuse-values): not listed */ -}}
{{- if not (or (kindIs "invalid" $value) (and (kindIs "string" $value) (eq $value ""))) -}}
{{- printf "  - %s: %s\n" $keyPath ($prop.advice | default "") -}}
{{- end -}}
{{- else if and (kindIs "string" $value) (index $prop "x-chartkit-deprecated-string") -}}
{{- printf "  - %s: %s\n" $keyPath (index $prop "x-chartkit-deprecated-string") -}}
{{- else if and (kindIs "map" $value) $prop.properties -}}
{{- include "hyperpod-common.deprecatedValues" (dict "schema" $prop "values" $value "path" $keyPath) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
hyperpod-common.publishedCrd: a CustomResourceDefinition exactly as its operator publishes it
(files/crds/<file> of the calling chart, a byte-for-byte copy written by `chartkit crds sync`),
with the chart's metadata merged into the source's. Written once here for every chart that ships
an operator's CRDs (docs/crd-policy.md).
  file             the file under files/crds/
  name             the CRD's name: the render stops with one line when the file holds another
  chart            the calling chart's name, for that line
  labels           labels added over the source's (default: hyperpod-common.labels of the context)
  keep             true: the annotation helm.sh/resource-policy: keep (helm uninstall leaves the CRD)
  annotations      annotations added over the source's
  dropAnnotations  source annotations to leave out (ones the chart writes itself)
  spec             top-level fields of spec replaced by the chart's (e.g. conversion)
  compact          true: one line of JSON per top-level field, for big CRDs stored in a release
                   (helm lint reads a document's first line with a 64 KiB buffer, so not all on one)
Call: include "hyperpod-common.publishedCrd" (dict "file" "mpijob-crd.yaml" "name" "mpijobs.kubeflow.org" "chart" "mpi-operator" "keep" true "context" .)
*/}}
{{- define "hyperpod-common.publishedCrd" -}}
{{- $ctx := .context -}}
{{- $path := printf "files/crds/%s" .file -}}
{{- $crd := $ctx.Files.Get $path | fromYaml -}}
{{- if ne (dig "metadata" "name" "" $crd) .name -}}
{{- fail (printf "%s: %s is not the CRD %s; run npx chartkit crds sync %s" .chart $path .name .chart) -}}
{{- end -}}
{{- $metadata := $crd.metadata -}}
{{- $annotations := deepCopy ($metadata.annotations | default dict) -}}
{{- range (.dropAnnotations | default list) }}{{ $_ := unset $annotations . }}{{ end -}}
{{- $annotations = merge (deepCopy (.annotations | default dict)) $annotations -}}
{{- if .keep }}{{ $_ := set $annotations "helm.sh/resource-policy" "keep" }}{{ end -}}
{{- $labels := .labels | default (include "hyperpod-common.labels" $ctx | fromYaml) -}}
{{- $_ := set $metadata "labels" (merge (deepCopy $labels) ($metadata.labels | default dict)) -}}
{{- if $annotations }}{{ $_ := set $metadata "annotations" $annotations }}{{ else }}{{ $_ := unset $metadata "annotations" }}{{ end -}}
{{- range $key, $value := (.spec | default dict) }}{{ $_ := set $crd.spec $key $value }}{{ end -}}
{{- if .compact -}}
{{- $lines := list -}}
{{- range $key := keys $crd | sortAlpha -}}
{{- $lines = append $lines (printf "%s: %s" $key (get $crd $key | toJson)) -}}
{{- end -}}
{{- join "\n" $lines -}}
{{- else -}}
{{- toYaml $crd -}}
{{- end -}}
{{- end -}}
