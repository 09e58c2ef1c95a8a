import { defineValues, h, t } from 'chartkit/schema';

export default defineValues({
  serviceAccount: h.object(
    {
      name: h.string('mlflow-service-account1', 'ServiceAccount name.', { minLength: 1, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' }),
      namespace: h.string('kubeflow', 'Namespace of the ServiceAccount; empty means the release namespace.', {
        pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$',
        maxLength: 63,
      }),
      createNamespace: t.Union([t.Boolean(), t.Null()], {
        default: null,
        description:
          'Create `serviceAccount.namespace` (when it is not the release namespace) with this release. null: yes when the chart is installed alone, no inside the HyperPod umbrella, where training-operators creates `kubeflow`. A namespace that already exists and belongs to no release or to another one is used, never taken over. false: it must exist, or the install stops naming it.',
      }),
      roleARN: h.string(
        '',
        'IAM role the ServiceAccount assumes through IRSA (annotation `eks.amazonaws.com/role-arn`), e.g. `arn:aws:iam::111122223333:role/hyperpod-mlflow-role`; empty adds no annotation.',
        { pattern: '^(arn:aws[a-z-]*:iam::[0-9]{12}:role/.+)?$' },
      ),
    },
    { description: 'ServiceAccount for MLflow clients.' },
  ),
});
