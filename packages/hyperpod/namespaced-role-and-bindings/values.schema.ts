import { defineValues, h } from 'chartkit/schema';

export default defineValues({
  namespace: h.string('kubeflow', 'Namespace of the Role and RoleBinding (it must exist); empty means the release namespace.', {
    pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$',
    maxLength: 63,
  }),
  roleName: h.string(
    'hyperpod-scientist-user-namespace-level-role',
    'Name of the Role; the binding is `<roleName>-binding` and its subject the Group `<roleName>-<namespace>-level`.',
    { minLength: 1, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
  ),
});
