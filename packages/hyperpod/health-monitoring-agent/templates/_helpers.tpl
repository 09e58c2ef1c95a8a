{{/*
health-monitoring-agent.region: the AWS region the agent image is pulled from. The first that is set:
.Values.region, .Values.global.region, the region label of the first cluster node that has one
(lookup; empty under helm template, --dry-run=client and helm-unittest without a provider), us-east-1.
*/}}
{{- define "health-monitoring-agent.region" -}}
{{- $global := .Values.global | default dict -}}
{{- $region := .Values.region | default $global.region | default "" -}}
{{- if not $region -}}
  {{- $nodes := lookup "v1" "Node" "" "" | default dict -}}
  {{- range $node := $nodes.items | default list -}}
    {{- $labels := $node.metadata.labels | default dict -}}
    {{- $label := index $labels "topology.kubernetes.io/region" | default (index $labels "failure-domain.beta.kubernetes.io/region") -}}
    {{- if and $label (not $region) -}}{{- $region = $label -}}{{- end -}}
  {{- end -}}
{{- end -}}
{{- $region | default "us-east-1" -}}
{{- end -}}

{{/*
health-monitoring-agent.image: the agent image URI.
- hmaimage, when set, is used as written (it must name a tag or digest, not latest);
- else image.repository, when set, with image.tag (or the deprecated imageTag, when set);
- else the regional repository <account>.dkr.ecr.<region>.amazonaws.com/hyperpod-health-monitoring-agent
  with image.tag. A region hyperpod-common does not know falls back to us-east-1 for the region AND
  the account (upstream issue #359: an account of one region with the host of another cannot be pulled).
*/}}
{{- define "health-monitoring-agent.image" -}}
{{- if .Values.hmaimage -}}
  {{- $uri := .Values.hmaimage | toString -}}
  {{- $last := regexReplaceAll "^.*/" $uri "" -}}
  {{- if not (or (contains "@" $last) (contains ":" $last)) -}}
    {{- fail (printf "health-monitoring-agent: set hmaimage to a full image URI with a tag or digest (got %q)" $uri) -}}
  {{- end -}}
  {{- if hasSuffix ":latest" $uri -}}
    {{- fail "health-monitoring-agent: hmaimage uses the tag \"latest\"; pin a version" -}}
  {{- end -}}
  {{- $uri -}}
{{- else -}}
  {{- $repository := .Values.image.repository -}}
  {{- if not $repository -}}
    {{- $region := include "health-monitoring-agent.region" . -}}
    {{- $account := include "hyperpod-common.regionAccount" (dict "map" "healthMonitoringAgent" "region" $region) -}}
    {{- if not $account -}}
      {{- $region = "us-east-1" -}}
      {{- $account = include "hyperpod-common.regionAccount" (dict "map" "healthMonitoringAgent" "region" $region) -}}
    {{- end -}}
    {{- $repository = printf "%s.dkr.ecr.%s.amazonaws.com/hyperpod-health-monitoring-agent" $account $region -}}
  {{- end -}}
  {{- /* imageTag: the upstream chart's key, deprecated; when set it replaces image.tag */ -}}
  {{- include "hyperpod-common.image" (dict "image" (dict "repository" $repository "tag" (.Values.imageTag | default .Values.image.tag)) "context" .) -}}
{{- end -}}
{{- end -}}

{{/*
health-monitoring-agent.affinity: the instance-type nodeAffinity of one hyperpod-common list, merged
with .Values.affinity. Each required nodeSelectorTerm of the user gets the instance-type expression
added (so it narrows, never widens, the instance types); everything else is added as written.
Call: include "health-monitoring-agent.affinity" (dict "context" . "list" "nvidia")
*/}}
{{- define "health-monitoring-agent.affinity" -}}
{{- include "hyperpod-common.affinity" (dict "list" .list "affinity" .context.Values.affinity) -}}
{{- end -}}

{{/*
health-monitoring-agent.daemonset: one agent DaemonSet.
Call: include "health-monitoring-agent.daemonset" (dict "context" . "name" "…" "list" "nvidia" "args" (list …) "env" (list …))
*/}}
{{- define "health-monitoring-agent.daemonset" -}}
{{- $ := .context -}}
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ .name }}
  namespace: {{ include "hyperpod-common.namespace" $ }}
  labels:
    {{- include "hyperpod-common.labels" $ | nindent 4 }}
    app: {{ .name }}
spec:
  selector:
    matchLabels:
      {{- /* upstream's selector, kept so a release of the upstream chart upgrades in place (a selector is immutable) */}}
      app: {{ .name }}
  template:
    metadata:
      labels:
        {{- include "hyperpod-common.labels" $ | nindent 8 }}
        app: {{ .name }}
    spec:
      serviceAccountName: health-monitoring-agent
      affinity:
        {{- include "health-monitoring-agent.affinity" (dict "context" $ "list" .list) | nindent 8 }}
      {{- with $.Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $.Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: health-monitoring-agent
          image: {{ include "health-monitoring-agent.image" $ | quote }}
          imagePullPolicy: {{ $.Values.image.pullPolicy }}
          {{- with .args }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          env:
            - name: NODE_NAME
              valueFrom:
                fieldRef:
                  fieldPath: spec.nodeName
            - name: NODE_IP
              valueFrom:
                fieldRef:
                  fieldPath: status.hostIP
            {{- with .env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          resources:
            {{- toYaml $.Values.resources | nindent 12 }}
          securityContext:
            {{- toYaml $.Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: log
              mountPath: /var/log
            - name: kmsg
              mountPath: /dev/kmsg
              readOnly: true
            - name: localtime
              mountPath: /etc/localtime
              readOnly: true
      volumes:
        - name: log
          hostPath:
            path: /var/log
        - name: kmsg
          hostPath:
            path: /dev/kmsg
        - name: localtime
          hostPath:
            path: /etc/localtime
{{- end -}}

{{/* health-monitoring-agent.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "health-monitoring-agent.namespaces" -}}
{{- /* a plain-string namespace (the upstream chart's form) is created as namespace.create's default, null */ -}}
{{- $ns := include "hyperpod-common.namespaceValues" (dict "context" .) | fromJson -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" $ns.name "create" $ns.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}
