import { defineValues, h } from 'chartkit/schema';

export default defineValues({
  namespace: h.namespace(
    { name: 'aws-hyperpod', create: false },
    { description: 'Namespace of the ServiceAccount. `deep-health-check` creates `aws-hyperpod` by default, so this chart does not; set `create: true` to install it without deep-health-check.' },
  ),
  serviceAccount: h.serviceAccount(
    { create: true, name: 'job-auto-restart' },
    { description: 'The job-auto-restart ServiceAccount.' },
  ),
});
