{{/*
team-role-and-bindings.manifests: the task-governance RBAC of one team, for the namespace
hyperpod-ns-<targetId>: ClusterRole, ClusterRoleBinding, Role and RoleBinding.

Call: include "team-role-and-bindings.manifests" (dict "targetId" $id "createNamespace" false "flagPrefix" "" "context" $)
  targetId         the compute quota target id (validated here)
  createNamespace  also render the Namespace hyperpod-ns-<targetId> (default: no)
  flagPrefix       prepended to "createNamespace" in the error ("team-role-and-bindings." in the umbrella)
  context          the calling chart's root context, for labels and lookups (.Chart, .Release)

The namespace normally comes from SageMaker HyperPod task governance, which creates it with the
team's compute quota (and deletes it with it). So by default this chart does not create it: on a
cluster where it does not exist the render stops with one line saying to create the compute quota
first or to set createNamespace=true. With createNamespace=true the Namespace is part of the
release (unless it already exists and belongs to no release or to another one: then it is used),
and `helm uninstall` deletes it, with everything in it.

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
{{- $create := eq (toString .createNamespace) "true" -}}
{{- $use := dict "name" $ns "create" $create "flag" "createNamespace" "hint" (printf "create the compute quota of target %q first (SageMaker HyperPod task governance creates the namespace with it)" $id) -}}
{{- include "hyperpod-common.checkNamespaceUses" (dict "chart" "team-role-and-bindings" "uses" (list $use) "flagPrefix" (.flagPrefix | default "") "context" .context) -}}
{{- if and $create (include "hyperpod-common.renderNamespace" (dict "name" $ns "create" true "context" .context)) }}
apiVersion: v1
kind: Namespace
metadata:
  name: {{ $ns }}
  labels:
    {{- include "hyperpod-common.labels" .context | nindent 4 }}
---
{{ end -}}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ $ns }}-cluster-role
  labels:
    {{- include "hyperpod-common.labels" .context | nindent 4 }}
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
    {{- include "hyperpod-common.labels" .context | nindent 4 }}
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
    {{- include "hyperpod-common.labels" .context | nindent 4 }}
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
    {{- include "hyperpod-common.labels" .context | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ $ns }}-namespace-role
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: {{ $group }}
{{- end -}}
