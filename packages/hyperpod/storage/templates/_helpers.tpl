{{/*
storage.claimNamespace: the namespace of the PersistentVolumeClaim: persistentVolumeClaim.namespace,
else the release namespace (through hyperpod-common.namespace, which reads .Values.namespace).
*/}}
{{- define "storage.claimNamespace" -}}
{{- include "hyperpod-common.namespace" (dict "Values" (dict "namespace" .Values.persistentVolumeClaim.namespace) "Release" .Release) -}}
{{- end -}}
