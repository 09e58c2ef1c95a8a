import { stringify } from 'yaml';
import { ChartkitError } from '../core/errors.ts';
import { repositoryMetadataProblems } from './schema.ts';

/**
 * Artifact Hub's repository metadata, artifacthub-repo.yml
 * (https://artifacthub.io/docs/topics/repositories/helm-charts/): next to index.yaml in a Helm
 * repository, and in an OCI registry as the artifact tagged `artifacthub.io` in each chart's
 * repository, with the media types below (what `oras push … --config /dev/null:<config type>
 * artifacthub-repo.yml:<layer type>` makes).
 */
export const REPOSITORY_METADATA_FILE = 'artifacthub-repo.yml';
export const OCI_METADATA_TAG = 'artifacthub.io';
export const CONFIG_MEDIA_TYPE = 'application/vnd.cncf.artifacthub.config.v1+yaml';
export const LAYER_MEDIA_TYPE = 'application/vnd.cncf.artifacthub.repository-metadata.layer.v1.yaml';

export interface ArtifactHubRepositoryConfig {
  /** The repository's ID in Artifact Hub (a UUID): makes the publisher verified. */
  repositoryID?: string;
  /** Who may claim the repository's ownership in Artifact Hub. */
  owners?: { name?: string; email: string }[];
  /** Packages (and version regular expressions) Artifact Hub should not index. */
  ignore?: { name: string; version?: string }[];
}

/**
 * The text of artifacthub-repo.yml for a configuration, keys in the documented order (the same
 * configuration always gives the same bytes, so reruns find it unchanged). Throws a ChartkitError
 * naming `where` and every problem when it does not match the documented format.
 */
export function repositoryMetadataYaml(config: ArtifactHubRepositoryConfig, where: string): string {
  const problems = repositoryMetadataProblems(config);
  if (problems.length > 0) throw new ChartkitError('USAGE', `${where}: ${problems.join('; ')}`);
  const ordered: Record<string, unknown> = {};
  if (config.repositoryID !== undefined) ordered.repositoryID = config.repositoryID;
  if (config.owners) ordered.owners = config.owners.map((o) => ({ ...(o.name !== undefined ? { name: o.name } : {}), email: o.email }));
  if (config.ignore) ordered.ignore = config.ignore.map((i) => ({ name: i.name, ...(i.version !== undefined ? { version: i.version } : {}) }));
  return `# Artifact Hub repository metadata, written by chartkit publish from chartkit.publish.json (artifactHub).\n${stringify(ordered, { lineWidth: 0 })}`;
}
