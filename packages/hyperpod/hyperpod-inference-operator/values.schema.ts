import { defineValues, h, t } from '@chart-tools/chartkit/schema';

// Values the operator cannot start without are h.optionalString (default null); templates/_validate.tpl
// stops the render with a message naming the key when one is missing.

const hardened = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

const pullPolicy = t.Union([t.Literal('Always'), t.Literal('IfNotPresent'), t.Literal('Never')], {
  default: 'Always',
  description: 'Pull policy of the operator and init container images.',
});

const tag = (value: string, description: string) => t.String({ default: value, minLength: 1, not: { const: 'latest' }, description });

export default defineValues({
  namespace: h.namespace({ name: 'hyperpod-inference-system', create: true }, { description: 'Namespace of the operator.' }),

  region: h.optionalString('Required: AWS region of the EKS cluster (e.g. us-west-2); selects the ECR account of the images. When null, global.region is used.'),
  eksClusterName: h.optionalString('Required: name of the EKS cluster the operator runs in.'),
  hyperpodClusterArn: h.optionalString('ARN of the SageMaker HyperPod cluster (HYPERPOD_CLUSTER_ARN).'),
  executionRoleArn: h.optionalString('Required: IAM role the operator assumes through IRSA (annotation of its ServiceAccount, EXECUTION_ROLE_ARN).'),
  jumpstartGatedModelDownloadRoleArn: h.string('', 'IAM role used to download gated JumpStart models (JUMPSTART_GATED_MODEL_DOWNLOAD_ARN).'),
  stage: h.string('prod', 'Service stage the operator talks to (STAGE).'),
  tlsCertificateS3Bucket: h.optionalString('Required: S3 bucket for the TLS certificates of the endpoints, with or without the s3:// prefix (TLS_CERTIFICATE_OUTPUT_S3URI; also the bucket of the S3 PersistentVolume).'),
  enableWebhooks: h.boolean(true, 'Serve the conversion webhook (ENABLE_WEBHOOKS); the CRDs then convert between v1 and v1alpha1 through it.'),
  enableCustomServiceAccounts: h.boolean(false, 'Let model deployments name their own ServiceAccount (ENABLE_CUSTOM_SERVICE_ACCOUNTS).'),
  isAddOn: h.boolean(false, 'Installed as the EKS add-on: the role name in executionRoleArn must then start with SageMakerHyperPodInference.'),

  image: h.object(
    {
      repository: h.optionalString('Registry that holds the operator images (host[/path]); null means <account>.dkr.ecr.<region>.amazonaws.com from the region map in hyperpod-common.'),
      tag: tag('v3.2', 'Tag of <repository>/hyperpod-inference-operator; `latest` is not allowed.'),
      pullPolicy,
      initContainer: h.object(
        {
          repository: h.string('hyperpod-inference-operator-init-container', 'Image name of the init container under the registry.', { minLength: 1 }),
          tag: tag('v1.0', 'Tag of the init container image; `latest` is not allowed.'),
        },
        { description: 'Init container image (check-csi-drivers).' },
      ),
    },
    { description: 'Operator images.' },
  ),

  resources: h.resources({ requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } }, { description: 'Resources of the manager container.' }),
  securityContext: h.securityContext(hardened, { description: 'securityContext of the manager container.' }),
  podSecurityContext: h.podSecurityContext({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, { description: 'Pod securityContext of the controller.' }),
  initContainer: h.object(
    {
      resources: h.resources({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } }, { description: 'Resources of the check-csi-drivers init container.' }),
      securityContext: h.securityContext(hardened, { description: 'securityContext of the check-csi-drivers init container.' }),
    },
    { description: 'The check-csi-drivers init container, which stops the pod until the prerequisites are installed.' },
  ),
  affinity: h.affinity(
    {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
                { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
              ],
            },
          ],
        },
      },
    },
    { description: 'Pod affinity of the controller (default: amd64 Linux nodes).' },
  ),
  nodeSelector: h.nodeSelector(),
  tolerations: h.tolerations(),

  crds: h.object(
    {
      install: h.boolean(true, 'Render the three CRDs (inference.sagemaker.aws.amazon.com) from templates/crds/.'),
      keep: h.boolean(true, 'Annotate the CRDs with helm.sh/resource-policy: keep, so uninstalling the release leaves them (and every custom resource) in place.'),
    },
    { description: 'CustomResourceDefinitions.' },
  ),
  webhook: h.object(
    {
      certManager: h.object(
        { enabled: h.boolean(true, 'Render the cert-manager Issuer (selfsigned-issuer) and Certificate (serving-cert) for the webhook-server-cert Secret, and inject its CA into the CRDs. Set false to provide that Secret yourself.') },
        { description: 'Webhook serving certificate from cert-manager.' },
      ),
    },
    { description: 'Conversion webhook.' },
  ),

  s3: h.object(
    {
      enabled: h.boolean(true, 'Prerequisite: the Mountpoint for Amazon S3 CSI driver (s3.csi.aws.com) is installed; checked by the init container, and enables the S3 PersistentVolume and claim.'),
      serviceAccountRoleArn: h.optionalString('Required when s3.enabled: IAM role of the S3 CSI driver ServiceAccount (set it on the driver add-on or chart).'),
      persistentVolume: h.object(
        {
          enabled: h.boolean(true, 'Render the PersistentVolume on the TLS certificate bucket.'),
          name: h.string('s3-pv', 'PersistentVolume name.', { minLength: 1 }),
          capacity: h.string('1200Gi', 'Capacity (S3 ignores it; Kubernetes requires one).'),
          accessModes: h.stringList(['ReadWriteMany'], 'Access modes.'),
          prefix: h.string('/', 'Key prefix mounted from the bucket (mount option prefix).'),
          csi: h.object(
            {
              driver: h.string('s3.csi.aws.com', 'CSI driver name.'),
              volumeHandle: h.string('s3-csi-driver-volume', 'Volume handle, unique in the cluster.'),
              volumeAttributes: h.stringMap({}, { description: 'Extra volume attributes; bucketName is always the TLS certificate bucket.' }),
            },
            { description: 'CSI source of the PersistentVolume.' },
          ),
        },
        { description: 'PersistentVolume s3-pv.' },
      ),
      persistentVolumeClaim: h.object(
        {
          enabled: h.boolean(true, 'Render the PersistentVolumeClaim bound to the PersistentVolume.'),
          name: h.string('s3-claim', 'PersistentVolumeClaim name.', { minLength: 1 }),
          storageClassName: h.string('', 'Storage class; empty binds statically to volumeName.'),
          accessModes: h.stringList(['ReadWriteMany'], 'Access modes.'),
          requests: h.object({ storage: h.string('1200Gi', 'Requested size.') }, { description: 'Requested resources.' }),
          volumeName: h.string('s3-pv', 'PersistentVolume to bind.'),
        },
        { description: 'PersistentVolumeClaim s3-claim, in the operator namespace.' },
      ),
    },
    { description: 'Mountpoint for Amazon S3 CSI driver (prerequisite, not installed by this chart).' },
  ),
  fsx: h.object(
    { enabled: h.boolean(true, 'Prerequisite: the FSx for Lustre CSI driver (fsx.csi.aws.com) is installed; checked by the init container.') },
    { description: 'Amazon FSx for Lustre CSI driver (prerequisite, not installed by this chart).' },
  ),
  alb: h.object(
    {
      enabled: h.boolean(true, 'Prerequisite: the AWS Load Balancer Controller is installed; validates its settings below.'),
      vpcId: h.optionalString('Required when alb.enabled: VPC of the cluster, as given to the controller.'),
      serviceAccount: h.object(
        {
          create: h.boolean(false, 'The controller installation creates its ServiceAccount (then roleArn is required).'),
          roleArn: h.optionalString('IAM role of the controller ServiceAccount; required when serviceAccount.create.'),
        },
        { description: 'ServiceAccount of the AWS Load Balancer Controller.' },
      ),
    },
    { description: 'AWS Load Balancer Controller (prerequisite, not installed by this chart).' },
  ),
  keda: h.object(
    {
      enabled: h.boolean(true, 'Prerequisite: KEDA is installed (autoscaling of model deployments); validates its settings below.'),
      podIdentity: h.object(
        {
          aws: h.object(
            {
              irsa: h.object(
                {
                  roleArn: h.optionalString('Required when keda.enabled: IAM role of the KEDA operator ServiceAccount.'),
                },
                { description: 'IRSA settings of the KEDA operator.' },
              ),
            },
            { description: 'AWS pod identity.' },
          ),
        },
        { description: 'KEDA pod identity.' },
      ),
    },
    { description: 'KEDA (prerequisite, not installed by this chart).' },
  ),
  'cert-manager': h.object(
    {
      enabled: h.boolean(true, 'Prerequisite: cert-manager is installed; the init container checks its CRDs (certificates, certificaterequests).'),
    },
    { description: 'cert-manager (prerequisite, not installed by this chart).' },
  ),
});
