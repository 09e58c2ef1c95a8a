{{/*
team-role-and-bindings.manifests: the task-governance RBAC of one team, for the namespace
hyperpod-ns-<targetId>: ClusterRole, ClusterRoleBinding, Role and RoleBinding.

Call: include "team-role-and-bindings.manifests" (dict "targetId" $id "root" $)
  targetId  the compute quota target id (validated here)
  root      the calling chart's root context; used only for labels (.Chart, .Release)

The umbrella chart calls it with its own computeQuotaTarget.targetId, which Helm cannot pass
down to this subchart; templates/team-roles.yaml calls it when the chart is installed alone.
*/}}
{{- define "team-role-and-bindings.manifests" -}}
{{- $id := toString .targetId -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $id) -}}
{{- fail (printf "team-role-and-bindings: computeQuotaTarget.targetId %q is not valid: it becomes part of the namespace hyperpod-ns-<targetId>, so use lower-case letters, digits and '-', starting and ending with a letter or digit" $id) -}}
{{- end -}}
{{- if gt (len $id) 51 -}}
{{- fail (printf "team-role-and-bindings: computeQuotaTarget.targetId %q is too long: the namespace hyperpod-ns-<targetId> must be at most 63 characters, so the id at most 51" $id) -}}
{{- end -}}
{{- $ns := printf "hyperpod-ns-%s" $id -}}
{{- $group := printf "%s-namespace-level-group" $ns -}}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ $ns }}-cluster-role
  labels:
    {{- include "hyperpod-common.labels" .root | nindent 4 }}
rules:
  - apiGroups: [""]
    resources: ["namespaces"]
    verbs: ["list", "get"]
  - apiGroups: ["kueue.x-k8s.io"]
    resources: ["clusterqueues"]
    resourceNames: ["{{ $ns }}-clusterqueue"]
    verbs: ["list", "get", "watch"]
  - apiGroups: ["kueue.x-k8s.io"]
    resources: ["resourceflavors", "workloadpriorityclasses"]
    verbs: ["list", "get", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ $ns }}-cluster-role-binding
  labels:
    {{- include "hyperpod-common.labels" .root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ $ns }}-cluster-role
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: {{ $group }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ $ns }}-namespace-role
  namespace: {{ $ns }}
  labels:
    {{- include "hyperpod-common.labels" .root | nindent 4 }}
rules:
  - apiGroups: [""]
    resources: ["namespaces"]
    # "describe" is not a Kubernetes verb; kept because upstream grants it.
    verbs: ["get", "describe"]
  - apiGroups: ["batch"]
    resources: ["jobs"]
    verbs: ["create", "get", "list", "watch", "update", "patch", "delete"]
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["create", "get", "watch", "list"]
  - apiGroups: [""]
    resources: ["nodes", "nodes/status", "pods/status"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["pods/log"]
    verbs: ["get", "list"]
  - apiGroups: ["kubeflow.org"]
    resources: ["pytorchjobs", "pytorchjobs/status"]
    verbs: ["get", "list", "watch", "create", "delete", "update"]
  - apiGroups: [""]
    resources: ["serviceaccounts"]
    verbs: ["get", "list"]
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["create", "update", "get", "delete"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["create", "get", "list", "delete"]
  - apiGroups: ["apiextensions.k8s.io"]
    resources: ["customresourcedefinitions"]
    verbs: ["list", "get"]
  - apiGroups: ["kueue.x-k8s.io"]
    resources: ["workloads", "workloads/status"]
    verbs: ["get", "list", "watch", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {{ $ns }}-namespace-role-binding
  namespace: {{ $ns }}
  labels:
    {{- include "hyperpod-common.labels" .root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ $ns }}-namespace-role
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: {{ $group }}
{{- end -}}
