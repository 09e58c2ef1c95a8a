import { defineValues, h, t } from '@chart-tools/chartkit/schema';

const SA_NAME = '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$';
const NAMESPACE = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$';
const ROLE_ARN = '^(arn:aws[a-z-]*:iam::[0-9]{12}:role/.+)?$';

export default defineValues({
  namespace: h.namespace(
    {
      releaseNamespace: true,
      name: 'kubeflow',
      create: null,
      createDescription:
        'Create the namespace (when it is not the release namespace) with this release. null: yes when the chart is installed alone, no inside the HyperPod umbrella, where training-operators creates `kubeflow`. A namespace that already exists and belongs to no release or to another one is used, never taken over. false: it must exist, or the install stops naming it.',
    },
    { description: 'Namespace of the ServiceAccount.' },
  ),

  serviceAccount: h.object(
    {
      name: h.string('mlflow-service-account1', 'ServiceAccount name.', { minLength: 1, pattern: SA_NAME }),
      namespace: h.deprecatedNamespaceName('kubeflow'),
      createNamespace: h.deprecatedCreateNamespace(),
      roleARN: h.string(
        '',
        'IAM role the ServiceAccount assumes through IRSA (annotation `eks.amazonaws.com/role-arn`), e.g. `arn:aws:iam::111122223333:role/hyperpod-mlflow-role`; empty adds no annotation.',
        { pattern: ROLE_ARN },
      ),
    },
    { description: 'ServiceAccount for MLflow clients.' },
  ),

  mlflow: h.deprecated(
    'use serviceAccount.name, namespace.name and serviceAccount.roleARN; each one set and not empty here replaces ours (namespace.name only while it is kubeflow, its default).',
    t.Object(
      {
        serviceAccount: t.Optional(
          t.Object(
            {
              name: t.Optional(t.String({ pattern: `^(${SA_NAME.slice(1, -1)})?$` })),
              namespace: t.Optional(t.String({ pattern: NAMESPACE, maxLength: 63 })),
              roleARN: t.Optional(t.String({ pattern: ROLE_ARN })),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  ),
});
