{{/*
The one place that lists the instance types and regions the HyperPod charts know about.
Adding an instance family is one entry under instanceFamilies; every list below is derived from it.

Per family:
  accelerator      nvidia | neuron | none
  sizes            SageMaker HyperPod sizes, matched as ml.<family>.<size>
  ec2Sizes         plain EC2 sizes the Neuron device plugin also matches (<family>.<size>)
  efaSizes         sizes with an Elastic Fabric Adapter, matched as ml.<family>.<size>
  healthAgentSizes sizes the health monitoring agent runs on (default: sizes)
*/}}
{{- define "hyperpod-common.data" -}}
instanceFamilies:
  - {family: c5n, accelerator: none, sizes: [], efaSizes: [9xlarge, 18xlarge]}
  - {family: g5, accelerator: nvidia, sizes: [xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, 48xlarge], efaSizes: [8xlarge, 12xlarge, 16xlarge, 24xlarge, 48xlarge]}
  - {family: g6, accelerator: nvidia, sizes: [xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, 48xlarge], efaSizes: [8xlarge, 12xlarge, 16xlarge, 24xlarge, 48xlarge]}
  - {family: g6e, accelerator: nvidia, sizes: [xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, 48xlarge], efaSizes: [8xlarge, 12xlarge, 16xlarge, 24xlarge, 48xlarge]}
  - {family: g7e, accelerator: nvidia, sizes: [2xlarge, 4xlarge, 8xlarge, 12xlarge, 24xlarge, 48xlarge], efaSizes: [8xlarge, 12xlarge, 24xlarge, 48xlarge]}
  - {family: gr6, accelerator: nvidia, sizes: [4xlarge, 8xlarge], efaSizes: [8xlarge]}
  - {family: i3en, accelerator: none, sizes: [], efaSizes: [12xlarge, 24xlarge]}
  - {family: m7i, accelerator: none, sizes: [], efaSizes: [48xlarge]}
  - {family: r7i, accelerator: none, sizes: [], efaSizes: [48xlarge]}
  - {family: p4d, accelerator: nvidia, sizes: [24xlarge], efaSizes: [24xlarge]}
  - {family: p4de, accelerator: nvidia, sizes: [24xlarge], efaSizes: [24xlarge]}
  - {family: p5, accelerator: nvidia, sizes: [4xlarge, 48xlarge], efaSizes: [4xlarge, 48xlarge]}
  - {family: p5e, accelerator: nvidia, sizes: [48xlarge], efaSizes: [48xlarge]}
  - {family: p5en, accelerator: nvidia, sizes: [48xlarge], efaSizes: [48xlarge]}
  - {family: p6-b200, accelerator: nvidia, sizes: [48xlarge], efaSizes: [48xlarge]}
  - {family: p6-b300, accelerator: nvidia, sizes: [48xlarge], efaSizes: [48xlarge]}
  - {family: p6e-gb200, accelerator: nvidia, sizes: [36xlarge], efaSizes: [36xlarge]}
  - {family: inf1, accelerator: neuron, sizes: [], ec2Sizes: [xlarge, 2xlarge, 6xlarge, 24xlarge], efaSizes: []}
  - {family: inf2, accelerator: neuron, sizes: [xlarge, 8xlarge, 24xlarge, 48xlarge], ec2Sizes: [xlarge, 8xlarge, 24xlarge, 48xlarge], efaSizes: []}
  - {family: trn1, accelerator: neuron, sizes: [2xlarge, 32xlarge], ec2Sizes: [2xlarge, 32xlarge], efaSizes: [32xlarge], healthAgentSizes: [32xlarge]}
  - {family: trn1n, accelerator: neuron, sizes: [32xlarge], ec2Sizes: [32xlarge], efaSizes: [32xlarge]}
  - {family: trn2, accelerator: neuron, sizes: [3xlarge, 48xlarge], ec2Sizes: [], efaSizes: [3xlarge, 48xlarge]}
regions:
  # Account of the ECR repository hyperpod-health-monitoring-agent, per region.
  healthMonitoringAgent:
    ap-northeast-1: "533267052152"
    ap-south-1: "011528288864"
    ap-southeast-1: "905418428165"
    ap-southeast-2: "851725636348"
    ap-southeast-3: "971422672635"
    ap-southeast-4: "084375568333"
    ca-central-1: "843976229209"
    eu-central-1: "211125453373"
    eu-north-1: "654654141839"
    eu-south-2: "626887787726"
    eu-west-1: "533267293120"
    eu-west-2: "011528288831"
    sa-east-1: "025066253954"
    us-east-1: "767398015722"
    us-east-2: "851725546812"
    us-west-1: "011528288828"
    us-west-2: "905418368575"
  # Account of the hyperpod-inference-operator ECR repositories, per region.
  inferenceOperator:
    ap-northeast-1: "724772091842"
    ap-south-1: "522814713546"
    ap-southeast-1: "474668384327"
    ap-southeast-2: "147997151819"
    ap-southeast-3: "158128612970"
    ap-southeast-4: "311141544681"
    eu-central-1: "491085393763"
    eu-north-1: "850995554027"
    eu-south-2: "025050981094"
    eu-west-1: "537124951544"
    eu-west-2: "337909760000"
    sa-east-1: "495599735358"
    us-east-1: "557690614651"
    us-east-2: "061051259071"
    us-west-1: "183295454132"
    us-west-2: "861276088053"
{{- end -}}

{{/*
hyperpod-common.instanceTypes: a JSON list of instance types for one purpose.
Call: include "hyperpod-common.instanceTypes" (dict "list" "nvidia") | fromJsonArray
Lists: nvidia (GPU device plugin, health agent), neuron (Neuron device plugin),
efa (EFA device plugin), healthAgentNonNvidia (health agent without NVIDIA drivers).
*/}}
{{- define "hyperpod-common.instanceTypes" -}}
{{- $data := include "hyperpod-common.data" . | fromYaml -}}
{{- $out := list -}}
{{- range $f := $data.instanceFamilies -}}
  {{- if eq $.list "nvidia" -}}
    {{- if eq $f.accelerator "nvidia" -}}{{- range $s := $f.sizes -}}{{- $out = append $out (printf "ml.%s.%s" $f.family $s) -}}{{- end -}}{{- end -}}
  {{- else if eq $.list "neuron" -}}
    {{- if eq $f.accelerator "neuron" -}}
      {{- range $s := ($f.ec2Sizes | default list) -}}{{- $out = append $out (printf "%s.%s" $f.family $s) -}}{{- end -}}
      {{- range $s := $f.sizes -}}{{- $out = append $out (printf "ml.%s.%s" $f.family $s) -}}{{- end -}}
    {{- end -}}
  {{- else if eq $.list "efa" -}}
    {{- range $s := ($f.efaSizes | default list) -}}{{- $out = append $out (printf "ml.%s.%s" $f.family $s) -}}{{- end -}}
  {{- else if eq $.list "healthAgentNonNvidia" -}}
    {{- if eq $f.accelerator "neuron" -}}{{- range $s := (hasKey $f "healthAgentSizes" | ternary $f.healthAgentSizes $f.sizes) -}}{{- $out = append $out (printf "ml.%s.%s" $f.family $s) -}}{{- end -}}{{- end -}}
  {{- else -}}
    {{- fail (printf "hyperpod-common.instanceTypes: unknown list %q; use nvidia, neuron, efa or healthAgentNonNvidia" $.list) -}}
  {{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/*
hyperpod-common.instanceTypeAffinity: a nodeAffinity that requires one of the given instance types:
those of a list of hyperpod-common, or "types", a list the caller got from its values.
Call: include "hyperpod-common.instanceTypeAffinity" (dict "list" "efa") | nindent 8
      include "hyperpod-common.instanceTypeAffinity" (dict "types" (list "ml.p5.48xlarge")) | nindent 8
*/}}
{{- define "hyperpod-common.instanceTypeAffinity" -}}
{{- $types := .types -}}
{{- if not $types -}}{{- $types = include "hyperpod-common.instanceTypes" . | fromJsonArray -}}{{- end -}}
nodeAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    nodeSelectorTerms:
      - matchExpressions:
          - key: node.kubernetes.io/instance-type
            operator: In
            values:
              {{- toYaml $types | nindent 14 }}
{{- end -}}

{{/*
hyperpod-common.regionAccount: the ECR account of a region in one map, or "" when the region is unknown.
Call: include "hyperpod-common.regionAccount" (dict "map" "healthMonitoringAgent" "region" $region)
*/}}
{{- define "hyperpod-common.regionAccount" -}}
{{- $data := include "hyperpod-common.data" . | fromYaml -}}
{{- $map := index $data.regions .map | default dict -}}
{{- index $map .region | default "" -}}
{{- end -}}

{{/* hyperpod-common.regions: JSON list of the regions one map supports, sorted. */}}
{{- define "hyperpod-common.regions" -}}
{{- $data := include "hyperpod-common.data" . | fromYaml -}}
{{- keys (index $data.regions .map) | sortAlpha | toJson -}}
{{- end -}}

{{/*
hyperpod-common.affinity: the instance-type nodeAffinity of one list, merged with a chart's own
affinity value. Each required nodeSelectorTerm of the user gets the instance-type expression added,
so values narrow the instance types and never widen them (an expression of theirs that requires
the same instance types is left out); everything else is added as written.
"types" instead of "list" takes the instance types from the caller (see instanceTypeAffinity).
Call: include "hyperpod-common.affinity" (dict "list" "nvidia" "affinity" .Values.affinity) | nindent 8
*/}}
{{- define "hyperpod-common.affinity" -}}
{{- $base := include "hyperpod-common.instanceTypeAffinity" (dict "list" .list "types" .types) | fromYaml -}}
{{- $typeExpr := first (first $base.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).matchExpressions -}}
{{- $out := deepCopy (.affinity | default dict) -}}
{{- $nodeAffinity := $out.nodeAffinity | default dict -}}
{{- $required := $nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution | default dict -}}
{{- $terms := list -}}
{{- $same := toJson (list $typeExpr.key $typeExpr.operator (sortAlpha $typeExpr.values)) -}}
{{- range $term := ($required.nodeSelectorTerms | default (list dict)) -}}
  {{- /* an expression that repeats the instance-type requirement (the upstream chart's values carry one) is left out */ -}}
  {{- $expressions := list -}}
  {{- range $e := ($term.matchExpressions | default list) -}}
    {{- if ne (toJson (list $e.key $e.operator (sortAlpha ($e.values | default list)))) $same -}}{{- $expressions = append $expressions $e -}}{{- end -}}
  {{- end -}}
  {{- $terms = append $terms (merge (dict "matchExpressions" (prepend $expressions $typeExpr)) (omit $term "matchExpressions")) -}}
{{- end -}}
{{- $_ := set $nodeAffinity "requiredDuringSchedulingIgnoredDuringExecution" (dict "nodeSelectorTerms" $terms) -}}
{{- $_ = set $out "nodeAffinity" $nodeAffinity -}}
{{- toYaml $out -}}
{{- end -}}
