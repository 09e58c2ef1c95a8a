import { defineValues, h, t } from '@chart-tools/chartkit/schema';

export default defineValues({
  namespace: h.namespace({ name: 'aws-hyperpod', create: null, plainString: 'upstream', createDescription: 'Create the namespace with this release. null: yes when the chart is installed alone, no inside the HyperPod umbrella, where deep-health-check creates `aws-hyperpod`. A namespace that already exists and belongs to no release or to another one is used, never taken over. false: it must exist, or the install stops naming it.' }, { description: 'Namespace of the ServiceAccount.' }),
  serviceAccount: h.serviceAccount(
    { create: true, name: 'job-auto-restart' },
    { description: 'The job-auto-restart ServiceAccount.' },
  ),
});
