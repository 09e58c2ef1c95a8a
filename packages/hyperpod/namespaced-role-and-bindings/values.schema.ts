import { defineValues, h, t } from 'chartkit/schema';

export default defineValues({
  namespace: h.string('kubeflow', 'Namespace of the Role and RoleBinding; empty means the release namespace.', {
    pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$',
    maxLength: 63,
  }),
  createNamespace: t.Union([t.Boolean(), t.Null()], {
    default: null,
    description:
      'Create `namespace` (when it is not the release namespace) with this release. null: yes when the chart is installed alone, no inside the HyperPod umbrella, where training-operators creates `kubeflow`. A namespace that already exists and belongs to no release or to another one is used, never taken over. false: it must exist, or the install stops naming it.',
  }),
  roleName: h.string(
    'hyperpod-scientist-user-namespace-level-role',
    'Name of the Role; the binding is `<roleName>-binding` and its subject the Group `<roleName>-<namespace>-level`.',
    { minLength: 1, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
  ),
});
