import { defineValues, h } from 'chartkit/schema';

export default defineValues({
  computeQuotaTarget: h.object(
    {
      targetId: h.optionalString(
        'Required: the compute quota target (team) id. The roles are for the namespace `hyperpod-ns-<targetId>`. Falls back to `global.computeQuotaTarget.targetId`.',
      ),
    },
    { description: 'The SageMaker HyperPod task-governance compute quota target these roles are for.' },
  ),
});
