import { defineValues, h } from '@chart-tools/chartkit/schema';

// Kubeapps builds its deploy form from the properties marked form: true (title = label,
// description = help text). Only the dataset list is shown there, as upstream does.
export default defineValues({
  datasets_list: h.datasetsList(),
  requests: h.workstationRequests(),
});
