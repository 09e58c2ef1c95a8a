import { defineValues, h, t } from '@chart-tools/chartkit/schema';

/**
 * A platform setting: validated and documented, but without a default, so it is not written into
 * the consumer chart's values.yaml. Kubeapps 2.6 and later builds its deploy form from every key of
 * values.yaml (the "form": true hints are no longer read), and these are not for the users who
 * deploy a workstation from the catalogue; the helpers use the platform default when a key is
 * absent or empty. Administrators still set them (`--set chaimeleon.libraryUrl=…`).
 */
const platformSetting = (description: string) => t.String({ description, form: false });

// The library's keys are merged into each consumer chart's schema (they live at the consumer's
// root, under `chaimeleon:`). None has a default: absent or "" means "use the platform default",
// written once, in _chaimeleonCommonHelpers.tpl, so a chart that vendors the helpers file without
// these values behaves the same.
export default defineValues({
  chaimeleon: h.object(
    {
      host: platformSetting('Platform host name (chaimeleon.host); empty means chaimeleon-eu.i3m.upv.es.'),
      libraryUrl: platformSetting('Registry path of the CHAIMELEON images (chaimeleon.library-url); empty means harbor.chaimeleon-eu.i3m.upv.es/chaimeleon-library.'),
      dockerhubProxy: platformSetting('Registry path of the Docker Hub proxy (chaimeleon.dockerhub-proxy); empty means harbor.chaimeleon-eu.i3m.upv.es/dockerhub.'),
      guacamoleUrl: platformSetting('Guacamole web URL shown in the notes (chaimeleon.guacamole-url); empty means https://chaimeleon-eu.i3m.upv.es/guacamole/.'),
      mountPoints: h.object(
        {
          datalake: platformSetting('Datalake mount point (chaimeleon.datalake.mount_point); empty means /mnt/datalake. The operator mounts the datalake there itself.'),
          persistentHome: platformSetting('Persistent home mount point (chaimeleon.persistent_home.mount_point); empty means /home/chaimeleon/persistent-home.'),
          persistentSharedFolder: platformSetting('Shared folder mount point (chaimeleon.persistent_shared_folder.mount_point); empty means /home/chaimeleon/persistent-shared-folder.'),
          datasets: platformSetting('Directory the datasets are mounted under (chaimeleon.datasets.mount_point); empty means /home/chaimeleon/datasets.'),
        },
        { description: 'Container paths the operator mounts volumes at, announced through the Deployment annotations.' },
      ),
    },
    { description: 'CHAIMELEON platform settings read by the chaimeleon-common helpers; leave empty for the platform defaults.' },
  ),
});
