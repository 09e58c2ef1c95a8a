import { defineValues, h, t } from '@chart-tools/chartkit/schema';

const accessMode = t.Union(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'].map((m) => t.Literal(m)));
const accessModes = (description: string) => t.Array(accessMode, { default: ['ReadWriteMany'], minItems: 1, description });

export default defineValues({
  namespace: h.namespace(
    {
      releaseNamespace: true,
      name: '',
      create: null,
      createDescription:
        'Create the namespace (when it is not the release namespace) with this release. null: yes when the chart is installed alone, no inside the HyperPod umbrella. A namespace that already exists and belongs to no release or to another one is used, never taken over. false: it must exist, or the install stops naming it. A team namespace hyperpod-ns-<id> belongs to task governance: create the compute quota first, then it exists and is used.',
    },
    { description: 'Namespace of the PersistentVolumeClaim (the PersistentVolume is cluster-scoped).' },
  ),

  persistentVolume: h.object(
    {
      name: h.string('fsx-pv', 'PersistentVolume name.', { minLength: 1 }),
      capacity: h.string('1200Gi', 'Capacity of the file system.', { minLength: 1 }),
      volumeMode: h.string('Filesystem', 'Volume mode.', { enum: ['Filesystem', 'Block'] }),
      accessModes: accessModes('Access modes of the PersistentVolume.'),
      mountOptions: h.stringList(['flock'], 'Mount options.'),
      reclaimPolicy: h.string('Retain', 'What happens to the volume when the claim is deleted.', { enum: ['Retain', 'Delete', 'Recycle'] }),
      csi: h.object(
        {
          driver: h.string('fsx.csi.aws.com', 'CSI driver.', { minLength: 1 }),
          volumeHandle: h.optionalString('Required: the FSx for Lustre file system id, e.g. `fs-0123456789abcdef0`.'),
          volumeAttributes: h.object(
            {
              dnsname: h.optionalString('Required: DNS name of the file system, e.g. `fs-0123456789abcdef0.fsx.us-west-2.amazonaws.com`.'),
              mountname: h.string('fsx', 'Mount name of the file system (shown in the FSx console).', { minLength: 1 }),
            },
            { description: 'Attributes passed to the CSI driver.' },
          ),
        },
        { description: 'CSI source of the volume.' },
      ),
    },
    { description: 'The statically provisioned FSx for Lustre PersistentVolume.' },
  ),
  persistentVolumeClaim: h.object(
    {
      name: h.string('fsx-claim', 'PersistentVolumeClaim name.', { minLength: 1 }),
      namespace: h.deprecatedNamespaceName(''),
      createNamespace: h.deprecatedCreateNamespace(),
      storageClassName: h.string('fsx-sc', 'Storage class of the claim; the PersistentVolume gets the same one so they bind. No StorageClass object is needed.'),
      accessModes: accessModes('Access modes the claim requests.'),
      requests: h.object({ storage: h.string('1200Gi', 'Storage the claim requests (at most the volume capacity).', { minLength: 1 }) }, { description: 'Resources the claim requests.' }),
    },
    { description: 'The claim bound to the PersistentVolume.' },
  ),
});
