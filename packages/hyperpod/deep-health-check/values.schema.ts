import { defineValues, h } from 'chartkit/schema';

export default defineValues({
  namespace: h.object(
    {
      name: h.string('aws-hyperpod', 'Namespace name.', { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 }),
      create: h.boolean(
        true,
        'Create the namespace with this release. A namespace that already exists and belongs to no release or to another one (a second release) is used, never taken over. false: it must exist, or the install stops naming it.',
      ),
    },
    { description: 'Namespace of the ServiceAccount. This chart creates `aws-hyperpod`, also inside the HyperPod umbrella; the other HyperPod charts there only use it.' },
  ),
  serviceAccount: h.serviceAccount(
    { create: true, name: 'deep-health-check-service-account' },
    { description: 'ServiceAccount the deep health checks run as; the ClusterRoleBinding binds it either way.' },
  ),
});
