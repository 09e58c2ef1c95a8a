import { defineValues, h } from '@chart-tools/chartkit/schema';

export default defineValues({
  roleName: h.string(
    'hyperpod-scientist-user-cluster-role',
    'Name of the ClusterRole; the binding is `<roleName>-binding` and its subject the Group `<roleName>-cluster-level`.',
    { minLength: 1, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
  ),
});
