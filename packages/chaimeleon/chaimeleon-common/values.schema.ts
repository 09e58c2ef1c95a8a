import { defineValues, h } from 'chartkit/schema';

// The library's keys are merged into each consumer chart's schema and values.yaml (they live at
// the consumer's root, under `chaimeleon:`). Every key defaults to "", which the helpers read as
// "use the platform default", so the defaults are written once, in _chaimeleonCommonHelpers.tpl,
// and a chart that vendors the helpers file without these values behaves the same.
export default defineValues({
  chaimeleon: h.object(
    {
      host: h.string('', 'Platform host name (chaimeleon.host); empty means chaimeleon-eu.i3m.upv.es.'),
      libraryUrl: h.string('', 'Registry path of the CHAIMELEON images (chaimeleon.library-url); empty means harbor.chaimeleon-eu.i3m.upv.es/chaimeleon-library.'),
      dockerhubProxy: h.string('', 'Registry path of the Docker Hub proxy (chaimeleon.dockerhub-proxy); empty means harbor.chaimeleon-eu.i3m.upv.es/dockerhub.'),
      guacamoleUrl: h.string('', 'Guacamole web URL shown in the notes (chaimeleon.guacamole-url); empty means https://chaimeleon-eu.i3m.upv.es/guacamole/.'),
      mountPoints: h.object(
        {
          datalake: h.string('', 'Datalake mount point (chaimeleon.datalake.mount_point); empty means /mnt/datalake. The operator mounts the datalake there itself.'),
          persistentHome: h.string('', 'Persistent home mount point (chaimeleon.persistent_home.mount_point); empty means /home/chaimeleon/persistent-home.'),
          persistentSharedFolder: h.string('', 'Shared folder mount point (chaimeleon.persistent_shared_folder.mount_point); empty means /home/chaimeleon/persistent-shared-folder.'),
          datasets: h.string('', 'Directory the datasets are mounted under (chaimeleon.datasets.mount_point); empty means /home/chaimeleon/datasets.'),
        },
        { description: 'Container paths the operator mounts volumes at, announced through the Deployment annotations.' },
      ),
    },
    { description: 'CHAIMELEON platform settings read by the chaimeleon-common helpers; leave empty for the platform defaults.' },
  ),
});
