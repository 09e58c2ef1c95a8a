import { defineValues, h } from '@chart-tools/chartkit/schema';

export default defineValues({
  namespace: h.namespace({ name: 'aws-hyperpod', create: true, plainString: 'upstream' }, { description: 'Namespace of the ServiceAccount. This chart creates `aws-hyperpod`, also inside the HyperPod umbrella; the other HyperPod charts there only use it.' }),
  serviceAccount: h.serviceAccount(
    { create: true, name: 'deep-health-check-service-account' },
    { description: 'ServiceAccount the deep health checks run as; the ClusterRoleBinding binds it either way.' },
  ),
});
