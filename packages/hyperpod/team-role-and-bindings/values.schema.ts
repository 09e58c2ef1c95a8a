import { defineValues, h } from '@chart-tools/chartkit/schema';

export default defineValues({
  computeQuotaTarget: h.object(
    {
      targetId: h.optionalString(
        'Required: the compute quota target (team) id. The roles are for the namespace `hyperpod-ns-<targetId>`. Falls back to `global.computeQuotaTarget.targetId`.',
      ),
    },
    { description: 'The SageMaker HyperPod task-governance compute quota target these roles are for.' },
  ),
  createNamespace: h.boolean(
    false,
    'Also create the namespace hyperpod-ns-<targetId> with this release. Normally SageMaker HyperPod task governance creates it with the compute quota, so by default the chart does not, and stops (naming this key) when it does not exist. An existing namespace that belongs to no release or to another one is used, never taken over; one this release created is deleted by `helm uninstall`.',
  ),
});
