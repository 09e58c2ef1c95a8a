{{/* Named templates of the mlflow chart; names, labels and namespaces come from hyperpod-common. */}}

{{/* mlflow.namespaces: the namespaces the chart puts objects in (JSON list, see hyperpod-common.namespaceUse). */}}
{{- define "mlflow.namespaces" -}}
{{- list (include "hyperpod-common.namespaceUse" (dict "name" .Values.serviceAccount.namespace "create" .Values.serviceAccount.createNamespace "flag" "serviceAccount.createNamespace" "context" .) | fromJson) | toJson -}}
{{- end -}}
