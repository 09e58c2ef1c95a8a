import { defineValues } from '@chart-tools/chartkit/schema';

// The library reads only the caller's own values; it adds no keys of its own.
export default defineValues({});
