import { defineValues } from '@chart-tools/chartkit/schema';

// The chart renders fixed RBAC for the HyperPod service-linked role: it has no values of its own.
export default defineValues({});
