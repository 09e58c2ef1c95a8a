import { defineValues, h, t } from 'chartkit/schema';

// The umbrella's own values. Each subchart's values (and its switch, with the default from the
// subchart's chartkit.dev/enabled-by-default annotation) are composed in by chartkit.
export default defineValues({
  global: t.Object(
    {
      region: h.string('', 'AWS region used by every subchart that needs one (health monitoring agent, inference operator) unless the subchart sets its own.'),
      computeQuotaTarget: h.object({
        targetId: h.optionalString('Compute quota target id shared with team-role-and-bindings (same effect as computeQuotaTarget.targetId).'),
      }),
      hyperpodUmbrella: t.Boolean({ default: true, description: 'Set by this chart so subcharts know they run inside it; do not change.' }),
    },
    { additionalProperties: true, description: 'Values Helm shares with every subchart.' },
  ),
  computeQuotaTarget: h.object(
    {
      targetId: h.optionalString('Id of the compute quota target (task governance). With team-role-and-bindings.enabled=true, creates the team roles of namespace hyperpod-ns-<id>.'),
    },
    { description: 'Team roles for a compute quota target, as in `--set computeQuotaTarget.targetId=<id>`.' },
  ),
});
