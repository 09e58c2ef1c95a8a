{{/*
OpenAPI v3 schemas of the inference operator's custom resources, shared by the three CRDs in this
directory. They are structural: the fields users write (and every field with a default the operator
relies on) are declared and described, so `kubectl explain` documents them; objects whose full
schema is large (container resources, env var sources, status details) keep unknown fields.
Every define takes a dict with "version" (v1 or v1alpha1).
*/}}

{{- define "hyperpod-inference-operator.schema.typeMeta" -}}
apiVersion:
  type: string
  description: Versioned schema of this object (inference.sagemaker.aws.amazon.com/v1 or /v1alpha1).
kind:
  type: string
  description: Kind of this object.
metadata:
  type: object
{{- end -}}

{{- define "hyperpod-inference-operator.schema.nameValueList" -}}
type: array
items:
  type: object
  required: [name, value]
  properties:
    name:
      type: string
    value:
      type: string
{{- end -}}

{{- define "hyperpod-inference-operator.schema.cloudWatchTrigger" -}}
type: object
description: A CloudWatch metric that drives autoscaling.
properties:
  name:
    type: string
    description: Name of the trigger.
  namespace:
    type: string
    description: CloudWatch namespace of the metric.
  metricName:
    type: string
    description: CloudWatch metric name.
  dimensions:
    description: Dimensions of the metric.
    {{- include "hyperpod-inference-operator.schema.nameValueList" . | nindent 4 }}
  targetValue:
    type: number
    description: Target value of the metric.
  activationTargetValue:
    type: number
    default: 0
    description: Value that scales from 0 to 1 replica; used only when minReplicaCount is 0.
  minValue:
    type: number
    default: 0
    description: Value used when CloudWatch returns no data.
  metricStat:
    type: string
    default: Average
    description: CloudWatch statistic of the query.
  metricType:
    type: string
    default: Average
    enum: [Value, Average]
    description: How the HPA uses the metric - Average (per pod) or Value (absolute).
  metricCollectionPeriod:
    type: integer
    format: int32
    default: 300
    description: Period of the CloudWatch query, in seconds.
  metricCollectionStartTime:
    type: integer
    format: int32
    default: 300
    description: Start time of the CloudWatch query, in seconds before now.
  useCachedMetrics:
    type: boolean
    default: true
    description: Cache metric values during the polling interval.
{{- end -}}

{{- define "hyperpod-inference-operator.schema.prometheusTrigger" -}}
type: object
description: A Prometheus (Amazon Managed Service for Prometheus) query that drives autoscaling.
properties:
  name:
    type: string
    description: Name of the trigger.
  serverAddress:
    type: string
    description: Query endpoint of the AMP workspace.
  query:
    type: string
    description: PromQL query of the metric.
  namespace:
    type: string
    description: Namespace for namespaced queries.
  customHeaders:
    type: string
    description: Custom headers sent with the query.
  targetValue:
    type: number
    description: Target value of the metric.
  activationTargetValue:
    type: number
    default: 0
    description: Value that scales from 0 to 1 replica; used only when minReplicaCount is 0.
  metricType:
    type: string
    default: Average
    enum: [Value, Average]
    description: How the HPA uses the metric - Average (per pod) or Value (absolute).
  useCachedMetrics:
    type: boolean
    default: true
    description: Cache metric values during the polling interval.
{{- end -}}

{{- define "hyperpod-inference-operator.schema.autoScalingSpec" -}}
type: object
description: Autoscaling of the model pods through a KEDA ScaledObject.
properties:
  minReplicaCount:
    type: integer
    format: int32
    minimum: 0
    default: 1
    description: Fewest model pods.
  maxReplicaCount:
    type: integer
    format: int32
    minimum: 0
    default: 5
    description: Most model pods.
  pollingInterval:
    type: integer
    format: int32
    minimum: 0
    default: 30
    description: Seconds between two checks of each trigger.
  cooldownPeriod:
    type: integer
    format: int32
    minimum: 0
    default: 300
    description: Seconds after the last active trigger before scaling to 0.
  initialCooldownPeriod:
    type: integer
    format: int32
    minimum: 0
    default: 300
    description: Seconds after creation before the cooldown period starts.
  scaleUpStabilizationTime:
    type: integer
    format: int32
    minimum: 0
    default: 0
    description: HPA stabilization window for scaling up, in seconds.
  scaleDownStabilizationTime:
    type: integer
    format: int32
    minimum: 0
    default: 300
    description: HPA stabilization window for scaling down, in seconds.
  cloudWatchTrigger:
    {{- include "hyperpod-inference-operator.schema.cloudWatchTrigger" . | nindent 4 }}
  cloudWatchTriggerList:
    type: array
    maxItems: 100
    description: Several CloudWatch triggers; wins over cloudWatchTrigger.
    items:
      {{- include "hyperpod-inference-operator.schema.cloudWatchTrigger" . | nindent 6 }}
  prometheusTrigger:
    {{- include "hyperpod-inference-operator.schema.prometheusTrigger" . | nindent 4 }}
  prometheusTriggerList:
    type: array
    maxItems: 100
    description: Several Prometheus triggers; wins over prometheusTrigger.
    items:
      {{- include "hyperpod-inference-operator.schema.prometheusTrigger" . | nindent 6 }}
{{- end -}}

{{- define "hyperpod-inference-operator.schema.loadBalancer" -}}
type: object
description: Application Load Balancer in front of the model.
properties:
  healthCheckPath:
    type: string
    default: /ping
    description: Health check path of the ALB target group.
  routingAlgorithm:
    type: string
    default: least_outstanding_requests
    enum: [least_outstanding_requests, round_robin]
    description: Routing algorithm of the ALB target group.
{{- end -}}

{{- define "hyperpod-inference-operator.schema.metrics" -}}
type: object
description: Metrics collection from the model pods.
properties:
  enabled:
    type: boolean
    default: true
    description: Collect metrics for this deployment.
  metricsScrapeIntervalSeconds:
    type: integer
    format: int32
    minimum: 5
    maximum: 300
    default: 15
    description: Scrape interval of the sidecar and model container, in seconds.
  modelMetrics:
    type: object
    description: Where the model container exposes its metrics.
    properties:
      path:
        type: string
        default: /metrics
        description: Metrics path.
      port:
        type: integer
        format: int32
        minimum: 1024
        maximum: 65535
        default: 8080
        description: Metrics port.
{{- end -}}

{{- define "hyperpod-inference-operator.schema.tlsOutput" -}}
type: object
description: TLS certificate of the endpoint.
properties:
  tlsCertificateOutputS3Uri:
    type: string
    pattern: ^s3://([^/]+)/?(.*)$
    description: S3 URI the generated certificate is written to (defaults to the operator's bucket).
{{- end -}}

{{- define "hyperpod-inference-operator.schema.conditions" -}}
type: array
description: Conditions of the resource.
items:
  type: object
  required: [type, status]
  x-kubernetes-preserve-unknown-fields: true
  properties:
    type:
      type: string
      description: Condition type.
    status:
      type: string
      enum: ["True", "False", Unknown]
      description: True, False or Unknown.
    reason:
      type: string
      description: Machine-readable reason of the last transition.
    message:
      type: string
      description: Human-readable details of the last transition.
    lastTransitionTime:
      type: string
      format: date-time
      description: When the condition last changed.
    observedGeneration:
      type: integer
      format: int64
      description: Generation the condition was set for.
{{- end -}}

{{/* Status of InferenceEndpointConfig and JumpStartModel. */}}
{{- define "hyperpod-inference-operator.schema.modelDeploymentStatus" -}}
type: object
description: Observed state of the model deployment.
x-kubernetes-preserve-unknown-fields: true
properties:
  state:
    type: string
    enum: [DeploymentPending, DeploymentInProgress, DeploymentFailed, DeploymentComplete, DeletionPending, DeletionInProgress, DeletionFailed, DeletionComplete]
    description: Current phase of the deployment.
  conditions:
    {{- include "hyperpod-inference-operator.schema.conditions" . | nindent 4 }}
  observedGeneration:
    type: integer
    format: int64
    description: Latest generation reconciled by the controller.
  replicas:
    type: integer
    format: int32
    description: Observed number of model server replicas.
  selector:
    type: string
    description: Label selector of the model pods (scale subresource).
  deploymentStatus:
    type: object
    description: The Kubernetes Deployment that hosts the model (name, state, reason, message, lastUpdated, status).
    x-kubernetes-preserve-unknown-fields: true
  endpoints:
    type: object
    description: The SageMaker endpoint, endpoint config and model ARNs and the endpoint state.
    x-kubernetes-preserve-unknown-fields: true
  metricsStatus:
    type: object
    description: State of metrics collection.
    x-kubernetes-preserve-unknown-fields: true
  tlsCertificate:
    type: object
    description: The cert-manager certificate, its ACM import and the S3 location of the certificate to trust.
    x-kubernetes-preserve-unknown-fields: true
{{- end -}}

{{/* InferenceEndpointConfig */}}
{{- define "hyperpod-inference-operator.schema.inferenceEndpointConfig" -}}
type: object
description: InferenceEndpointConfig deploys a model stored in S3 or FSx for Lustre on the HyperPod cluster, optionally registered as a SageMaker endpoint.
properties:
  {{- include "hyperpod-inference-operator.schema.typeMeta" . | nindent 2 }}
  spec:
    type: object
    description: Desired state of the model deployment.
    x-kubernetes-preserve-unknown-fields: true
    required: [instanceType, modelName, modelSourceConfig, worker]
    properties:
      modelName:
        type: string
        maxLength: 63
        description: Name of the model created in SageMaker.
      modelVersion:
        type: string
        description: Version of the model used for the SageMaker endpoint.
      endpointName:
        type: string
        maxLength: 63
        description: Name of the SageMaker endpoint to create; empty creates none.
      instanceType:
        type: string
        pattern: ^ml\..*
        description: Instance type to deploy the model on (ml.*).
      replicas:
        type: integer
        format: int32
        default: 1
        description: Desired number of model server replicas.
      InitialReplicaCount:
        type: integer
        format: int32
        description: Initial number of pods (defaults to 1).
      invocationEndpoint:
        type: string
        default: invocations
        description: Path of the model server's invocation endpoint after http://<host>:<port>/.
      {{- if eq .version "v1alpha1" }}
      maxDeployTimeInSeconds:
        type: integer
        format: int32
        default: 3600
        description: Seconds the deployment may take before it times out.
      {{- end }}
      modelSourceConfig:
        type: object
        description: Where the model data is.
        required: [modelSourceType]
        properties:
          modelSourceType:
            type: string
            enum: [fsx, s3]
            description: Storage of the model data.
          modelLocation:
            type: string
            description: Location of the model data inside the storage.
          prefetchEnabled:
            type: boolean
            default: false
            description: Prefetch the model into memory before the server loads it.
          s3Storage:
            type: object
            description: S3 source.
            required: [bucketName, region]
            properties:
              bucketName:
                type: string
                description: S3 bucket.
              region:
                type: string
                description: Region of the bucket.
          fsxStorage:
            type: object
            description: FSx for Lustre source.
            required: [fileSystemId]
            properties:
              fileSystemId:
                type: string
                description: FSx file system ID.
              dnsName:
                type: string
                description: FSx file system DNS name.
              mountName:
                type: string
                description: FSx file system mount name.
      worker:
        type: object
        description: The model server container.
        required: [image, modelInvocationPort, modelVolumeMount, resources]
        properties:
          image:
            type: string
            description: Inference server image.
          command:
            type: array
            items:
              type: string
            description: Entrypoint (not run in a shell).
          args:
            type: array
            items:
              type: string
            description: Arguments to the entrypoint.
          workingDir:
            type: string
            description: Working directory of the container.
          environmentVariables:
            type: array
            description: Environment variables of the container (Kubernetes EnvVar).
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [name]
            items:
              type: object
              required: [name]
              x-kubernetes-preserve-unknown-fields: true
              properties:
                name:
                  type: string
                  description: Variable name.
                value:
                  type: string
                  description: Variable value.
          resources:
            type: object
            description: CPU, memory and accelerator requests and limits of the container (Kubernetes ResourceRequirements).
            x-kubernetes-preserve-unknown-fields: true
          modelInvocationPort:
            type: object
            description: Port the model server listens on for invocations.
            required: [containerPort]
            properties:
              containerPort:
                type: integer
                format: int32
                minimum: 1
                maximum: 65535
                description: Container port.
              name:
                type: string
                default: http
                description: Port name (http or grpc).
          modelVolumeMount:
            type: object
            description: Volume the model is loaded from.
            required: [name]
            properties:
              name:
                type: string
                description: Volume mount name.
              mountPath:
                type: string
                default: /opt/ml/model
                description: Path of the model data in the container.
      autoScalingSpec:
        {{- include "hyperpod-inference-operator.schema.autoScalingSpec" . | nindent 8 }}
      intelligentRoutingSpec:
        type: object
        description: Intelligent routing between model pods; only for new deployments.
        properties:
          enabled:
            type: boolean
            default: false
            description: Turn on intelligent routing; cannot be changed later.
          routingStrategy:
            type: string
            default: prefixaware
            enum: [prefixaware, kvaware, session, roundrobin]
            description: Routing strategy.
          autoScalingSpec:
            {{- include "hyperpod-inference-operator.schema.autoScalingSpec" . | nindent 12 }}
      kvCacheSpec:
        type: object
        description: KV cache offloading (L1 CPU cache on by default).
        properties:
          cacheConfigFile:
            type: string
            description: KV cache configuration file; overrides the other fields.
          enableL1Cache:
            type: boolean
            default: true
            description: Offload the KV cache to CPU memory.
          enableL2Cache:
            type: boolean
            default: false
            description: Offload the KV cache to an L2 backend.
          l2CacheSpec:
            type: object
            description: L2 cache backend.
            properties:
              l2CacheBackend:
                type: string
                description: Backend type (redis).
              l2CacheLocalUrl:
                type: string
                description: URL of the backend.
      loadBalancer:
        {{- include "hyperpod-inference-operator.schema.loadBalancer" . | nindent 8 }}
      metrics:
        {{- include "hyperpod-inference-operator.schema.metrics" . | nindent 8 }}
      tags:
        description: Tags of the SageMaker endpoint.
        {{- include "hyperpod-inference-operator.schema.nameValueList" . | nindent 8 }}
      tlsConfig:
        {{- include "hyperpod-inference-operator.schema.tlsOutput" . | nindent 8 }}
  status:
    {{- include "hyperpod-inference-operator.schema.modelDeploymentStatus" . | nindent 4 }}
{{- end -}}

{{/* JumpStartModel */}}
{{- define "hyperpod-inference-operator.schema.jumpStartModel" -}}
type: object
description: JumpStartModel deploys a SageMaker JumpStart model on the HyperPod cluster, optionally registered as a SageMaker endpoint.
properties:
  {{- include "hyperpod-inference-operator.schema.typeMeta" . | nindent 2 }}
  spec:
    type: object
    description: Desired state of the JumpStart model deployment.
    x-kubernetes-preserve-unknown-fields: true
    required: [model, server]
    properties:
      model:
        type: object
        description: The JumpStart model.
        required: [acceptEula, modelId]
        properties:
          modelId:
            type: string
            maxLength: 63
            description: ID of the model in the hub.
          modelVersion:
            type: string
            description: Semantic version of the model (e.g. 1.0.0).
          modelHubName:
            type: string
            default: SageMakerPublicHub
            description: Hub that holds the model (name or ARN).
          acceptEula:
            type: boolean
            default: false
            description: Accept the model's terms of use (models with a Model Access Config).
          gatedModelDownloadRole:
            type: string
            description: IAM role used to download a gated model.
          additionalConfigs:
            description: Additional model configuration (at most 10).
            maxItems: 10
            {{- include "hyperpod-inference-operator.schema.nameValueList" . | nindent 12 }}
      server:
        type: object
        description: The inference server.
        required: [instanceType]
        properties:
          instanceType:
            type: string
            pattern: ^ml\..*
            description: Instance type of the inference server (ml.*).
          executionRole:
            type: string
            description: IAM role used to deploy and manage the inference server.
      sageMakerEndpoint:
        type: object
        description: SageMaker endpoint registration.
        properties:
          name:
            type: string
            default: ""
            maxLength: 63
            description: Name of the SageMaker endpoint; empty creates none.
      replicas:
        type: integer
        format: int32
        default: 1
        description: Desired number of inference server replicas.
      maxDeployTimeInSeconds:
        type: integer
        format: int32
        default: 3600
        description: Seconds the deployment may take before it times out.
      environmentVariables:
        description: Extra environment variables of the inference server (at most 100).
        maxItems: 100
        {{- include "hyperpod-inference-operator.schema.nameValueList" . | nindent 8 }}
      autoScalingSpec:
        {{- include "hyperpod-inference-operator.schema.autoScalingSpec" . | nindent 8 }}
      loadBalancer:
        {{- include "hyperpod-inference-operator.schema.loadBalancer" . | nindent 8 }}
      metrics:
        {{- include "hyperpod-inference-operator.schema.metrics" . | nindent 8 }}
      tlsConfig:
        {{- include "hyperpod-inference-operator.schema.tlsOutput" . | nindent 8 }}
  status:
    {{- include "hyperpod-inference-operator.schema.modelDeploymentStatus" . | nindent 4 }}
{{- end -}}

{{/* SageMakerEndpointRegistration */}}
{{- define "hyperpod-inference-operator.schema.sageMakerEndpointRegistration" -}}
type: object
description: SageMakerEndpointRegistration registers a model served on the HyperPod cluster as a SageMaker endpoint.
properties:
  {{- include "hyperpod-inference-operator.schema.typeMeta" . | nindent 2 }}
  spec:
    type: object
    description: Desired state of the endpoint registration.
    x-kubernetes-preserve-unknown-fields: true
    required: [eksClusterDetails, executionRole, imageUri, instanceType, loadBalancerHostName, name, restApiId, tlsConfig]
    properties:
      name:
        type: string
        maxLength: 63
        description: Name of the AWS resources created.
      executionRole:
        type: string
        description: IAM role used to create the model, endpoint config and endpoint.
      imageUri:
        type: string
        maxLength: 255
        description: Image of the inference code.
      instanceType:
        type: string
        description: ML instance type of the endpoint config.
      invocationEndpoint:
        type: string
        default: invocations
        description: Invocation path of the model server.
      loadBalancerHostName:
        type: string
        description: Host name of the load balancer in front of the model.
      restApiId:
        type: string
        description: API Gateway REST API that proxies to the HyperPod endpoint.
      eksClusterDetails:
        type: object
        description: The EKS cluster of the model.
        required: [arn, clusterSecurityGroupId, name, securityGroupIds, subnetIds, vpcId]
        properties:
          arn:
            type: string
            description: Cluster ARN.
          name:
            type: string
            description: Cluster name.
          vpcId:
            type: string
            description: VPC of the cluster.
          clusterSecurityGroupId:
            type: string
            description: Cluster security group.
          securityGroupIds:
            type: array
            items:
              type: string
            description: Additional security groups of the cluster.
          subnetIds:
            type: array
            items:
              type: string
            description: Subnets of the cluster.
      tlsConfig:
        type: object
        description: Certificate the endpoint trusts.
        required: [tlsCertificateOutputS3Bucket, tlsCertificateS3Keys]
        properties:
          tlsCertificateOutputS3Bucket:
            type: string
            description: S3 bucket of the certificate.
          tlsCertificateS3Keys:
            type: array
            items:
              type: string
            description: S3 keys of the .pem certificates.
          tlsServerNameOverride:
            type: string
            description: Server name used to select the certificate.
  status:
    type: object
    description: Observed state of the registration.
    x-kubernetes-preserve-unknown-fields: true
    properties:
      state:
        type: string
        enum: [CreationInProgress, CreationFailed, CreationCompleted, DeletionInProgress, DeletionFailed, DeletionCompleted, UpdateInProgress, UpdateFailed, UpdateCompleted]
        description: Current phase of the registration.
      conditions:
        {{- include "hyperpod-inference-operator.schema.conditions" . | nindent 8 }}
      observedGeneration:
        type: integer
        format: int64
        description: Latest generation reconciled by the controller.
      endpoint:
        type: object
        description: The SageMaker endpoint (arn, configArn, modelArn, lastModifiedTime).
        x-kubernetes-preserve-unknown-fields: true
      loadBalancer:
        type: object
        description: The load balancer (hostName).
        x-kubernetes-preserve-unknown-fields: true
{{- end -}}
