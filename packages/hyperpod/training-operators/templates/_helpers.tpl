{{/*
Named templates of the training-operators chart. Names, labels, namespaces and images come from
hyperpod-common; what is here is the part the five job CRDs share, so each of their files only
writes what is particular to its kind.
*/}}

{{/* training-operators.name: the fixed name of the operator's ServiceAccount, Service, Deployment and ClusterRole. */}}
{{- define "training-operators.name" -}}
training-operator
{{- end -}}

{{/* training-operators.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "training-operators.namespaces" -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" .Values.namespace.name "create" .Values.namespace.create "flag" "namespace.create" "context" .) | fromJson) | toJson -}}
{{- end -}}

{{/*
training-operators.crdMetadata: metadata of one CRD: its name, the standard labels and, with
crds.keep, the annotation that makes `helm uninstall` leave it in place.
Call: include "training-operators.crdMetadata" (dict "name" "pytorchjobs.kubeflow.org" "context" .)
*/}}
{{- define "training-operators.crdMetadata" -}}
name: {{ .name }}
labels:
  {{- include "hyperpod-common.labels" .context | nindent 2 }}
{{- if .context.Values.crds.keep }}
annotations:
  helm.sh/resource-policy: keep
{{- end }}
{{- end -}}

{{/* training-operators.printerColumns: the columns `kubectl get` shows for every job kind. */}}
{{- define "training-operators.printerColumns" -}}
- name: State
  type: string
  description: Type of the job's latest condition (Created, Running, Restarting, Succeeded, Failed or Suspended).
  jsonPath: .status.conditions[-1:].type
- name: Age
  type: date
  jsonPath: .metadata.creationTimestamp
{{- end -}}

{{/* training-operators.typeMeta: apiVersion, kind and metadata of a custom resource's root schema. */}}
{{- define "training-operators.typeMeta" -}}
apiVersion:
  type: string
  description: Versioned schema of this object (kubeflow.org/v1).
kind:
  type: string
  description: REST resource this object represents.
metadata:
  type: object
{{- end -}}

{{/* training-operators.runPolicySchema: spec.runPolicy, common to every job kind. */}}
{{- define "training-operators.runPolicySchema" -}}
type: object
description: Runtime policies of the job - pod clean-up, time to live, deadline, retries, gang scheduling and suspension.
properties:
  cleanPodPolicy:
    type: string
    enum:
      - All
      - Running
      - None
    description: Which pods to delete when the job finishes - All, Running (only those still running) or None; the default depends on the kind.
  ttlSecondsAfterFinished:
    type: integer
    format: int32
    description: Seconds after the job finishes before the operator deletes it. Unset means the job is kept.
  activeDeadlineSeconds:
    type: integer
    format: int64
    description: Seconds the job may run, counted from its start time, before the operator terminates it and marks it failed.
  backoffLimit:
    type: integer
    format: int32
    description: Number of retries before the job is marked failed.
  schedulingPolicy:
    type: object
    description: Gang-scheduling settings, passed to the job's PodGroup when the operator runs with a gang scheduler (Volcano or scheduler-plugins).
    properties:
      minAvailable:
        type: integer
        format: int32
        description: Minimum number of pods that must be schedulable together; defaults to the number of replicas.
      queue:
        type: string
        description: Volcano queue the PodGroup is placed in.
      minResources:
        type: object
        description: Minimum resources the PodGroup needs before any of its pods is scheduled.
        additionalProperties:
          anyOf:
            - type: integer
            - type: string
          pattern: '^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$'
          x-kubernetes-int-or-string: true
      priorityClass:
        type: string
        description: PriorityClass of the PodGroup.
      scheduleTimeoutSeconds:
        type: integer
        format: int32
        description: Seconds the PodGroup may wait to be scheduled (scheduler-plugins).
  suspend:
    type: boolean
    default: false
    description: While true the operator creates no pods, and setting it on a running job deletes its pods; setting it back to false resumes the job.
{{- end -}}

{{/*
training-operators.replicaSpecsSchema: spec.<kind>ReplicaSpecs, a map from replica type to replica spec.
Call: include "training-operators.replicaSpecsSchema" (dict "types" "Master, Worker")
*/}}
{{- define "training-operators.replicaSpecsSchema" -}}
type: object
description: Replica specs by replica type ({{ .types }}); each says how many pods of that type to run, how they restart and what they run.
additionalProperties:
  type: object
  description: One replica type - the number of pods, their restart policy and their pod template.
  properties:
    replicas:
      type: integer
      format: int32
      minimum: 0
      description: Number of pods of this replica type; defaults to 1.
    restartPolicy:
      type: string
      enum:
        - Always
        - OnFailure
        - Never
        - ExitCode
      description: How the operator restarts failed pods of this type - Always, OnFailure, Never, or ExitCode (restart on retryable exit codes, above 127, only). It overrides the restartPolicy of the pod template.
    template:
      type: object
      x-kubernetes-preserve-unknown-fields: true
      description: Pod template (a core/v1 PodTemplateSpec) of the pods of this replica type.
{{- end -}}

{{/* training-operators.statusSchema: status, common to every job kind. */}}
{{- define "training-operators.statusSchema" -}}
type: object
description: Observed state of the job, written by the operator.
properties:
  conditions:
    type: array
    description: Conditions the job went through; the last one is its current state.
    items:
      type: object
      required:
        - type
        - status
      properties:
        type:
          type: string
          description: Condition type - Created, Running, Restarting, Succeeded, Failed or Suspended.
        status:
          type: string
          description: Whether the condition holds - True, False or Unknown.
        reason:
          type: string
          description: Machine-readable reason for the last transition.
        message:
          type: string
          description: Human-readable details of the last transition.
        lastUpdateTime:
          type: string
          format: date-time
          description: When the condition was last updated.
        lastTransitionTime:
          type: string
          format: date-time
          description: When the condition last changed status.
  replicaStatuses:
    type: object
    description: Pod counts by replica type.
    additionalProperties:
      type: object
      description: Pod counts of one replica type.
      properties:
        active:
          type: integer
          format: int32
          description: Number of running pods.
        succeeded:
          type: integer
          format: int32
          description: Number of pods that succeeded.
        failed:
          type: integer
          format: int32
          description: Number of pods that failed.
        labelSelector:
          type: object
          description: Deprecated - use selector. Label selector of the pods of this replica type.
          properties:
            matchLabels:
              type: object
              additionalProperties:
                type: string
            matchExpressions:
              type: array
              items:
                type: object
                required:
                  - key
                  - operator
                properties:
                  key:
                    type: string
                  operator:
                    type: string
                  values:
                    type: array
                    items:
                      type: string
        selector:
          type: string
          description: Label selector of the pods of this replica type, in string form (used by the scale subresource).
  startTime:
    type: string
    format: date-time
    description: When the operator acknowledged the job.
  completionTime:
    type: string
    format: date-time
    description: When the job finished.
  lastReconcileTime:
    type: string
    format: date-time
    description: When the operator last reconciled the job.
{{- end -}}
