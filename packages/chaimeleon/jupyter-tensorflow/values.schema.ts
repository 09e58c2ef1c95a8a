import { defineValues, h } from 'chartkit/schema';

// Kubeapps builds its deploy form from the properties marked form: true (title = label,
// description = help text). Only the dataset list is shown there, as upstream does.
export default defineValues({
  datasets_list: h.string('', 'A comma separated list of the datasets that will be available at the container. (It can be empty)', {
    form: true,
    title: 'Dataset list',
  }),
  requests: h.object(
    {
      cpu: h.optionalString('CPU request, e.g. 0.5, 1, 2. null lets the operator decide.'),
      memory: h.optionalString('Memory request, e.g. 200Mi, 1Gi, 4Gi. null lets the operator decide.'),
      gpu: h.boolean(false, 'Request one NVIDIA GPU (nvidia.com/gpu: 1 in requests and limits).'),
    },
    {
      description:
        'Minimum requests of the workstation container. The CHAIMELEON operator currently overwrites the resources of every container with its desktop flavour (900m/2 CPU, 7Gi, no GPU), so these only take effect where it does not.',
    },
  ),
});
