import { defineValues, h } from 'chartkit/schema';

export default defineValues({
  serviceAccount: h.object(
    {
      name: h.string('mlflow-service-account1', 'ServiceAccount name.', { minLength: 1, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' }),
      namespace: h.string('kubeflow', 'Namespace of the ServiceAccount (it must exist); empty means the release namespace.', {
        pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$',
        maxLength: 63,
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
