import { defineValues, h } from '@chart-tools/chartkit/schema';

// Inside training-operators this chart is the dependency aliased `crds`: these values are
// training-operators' crds.*, and its crds.install (the condition) switches the chart on and off.
export default defineValues({
  keep: h.boolean(true, 'Annotate the CRDs with helm.sh/resource-policy: keep, so `helm uninstall` leaves them, and every job of those kinds, in place.'),
});
