import { defineValues, h, t } from '@chart-tools/chartkit/schema';

export default defineValues({
  namespace: h.namespace(
    {
      releaseNamespace: true,
      name: 'kubeflow',
      create: null,
      plainString: 'upstream',
      createDescription:
        'Create the namespace (when it is not the release namespace) with this release. null: yes when the chart is installed alone, no inside the HyperPod umbrella, where training-operators creates `kubeflow`. A namespace that already exists and belongs to no release or to another one is used, never taken over. false: it must exist, or the install stops naming it.',
    },
    { description: 'Namespace of the Role and RoleBinding.' },
  ),
  createNamespace: h.deprecatedCreateNamespace(),
  roleName: h.string(
    'hyperpod-scientist-user-namespace-level-role',
    'Name of the Role; the binding is `<roleName>-binding` and its subject the Group `<roleName>-<namespace>-level`.',
    { minLength: 1, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
  ),
});
