/**
 * The size of a Helm release Secret against Kubernetes' limit. Helm keeps each revision of a release
 * in one Secret, `sh.helm.release.v1.<release>.v<revision>`: the release gzipped, with the rendered
 * manifest and the templates and files of the chart installed (base64 inside, so they compress
 * poorly), but not its subcharts' files. The API server refuses a Secret whose data is over 1 MiB,
 * and the install or upgrade then fails; install-test fails well before that.
 */

/** Kubernetes' limit on the data of one Secret (MaxSecretSize of k8s.io/kubernetes/pkg/apis/core). */
export const SECRET_LIMIT_BYTES = 1024 * 1024;

/** The share of the limit above which a release fails the install test. */
export const RELEASE_SIZE_THRESHOLD = 0.9;

export const releaseSecretName = (release: string, revision: number): string => `sh.helm.release.v1.${release}.v${revision}`;

/** What counts against the limit: the decoded bytes of every value of the Secret's data. */
export function secretDataBytes(secret: { data?: Record<string, string> | null }): number {
  return Object.values(secret.data ?? {}).reduce((sum, value) => sum + Buffer.from(value, 'base64').length, 0);
}

export const percentOfLimit = (bytes: number): number => Math.round((bytes / SECRET_LIMIT_BYTES) * 100);

/** One line when the release is above the threshold, naming the chart, the scenario, the size and what to do; undefined otherwise. */
export function releaseSizeProblem(bytes: number, where: { chart: string; scenario: string; secret: string }): string | undefined {
  if (bytes <= SECRET_LIMIT_BYTES * RELEASE_SIZE_THRESHOLD) return undefined;
  return (
    `${where.chart} [${where.scenario}]: release Secret ${where.secret} is ${bytes} bytes, ${percentOfLimit(bytes)}% of Kubernetes' 1 MiB limit (over ${RELEASE_SIZE_THRESHOLD * 100}%): ` +
    "Helm stores the chart's own files and templates and the rendered manifest in it; move big files into a subchart, whose files the release does not store"
  );
}

/** The newest revision among release Secret names (`kubectl get secrets -l owner=helm,name=<release> -o name`). */
export function newestRevision(names: readonly string[]): number | undefined {
  const revisions = names.map((n) => /\.v(\d+)$/.exec(n.trim())?.[1]).filter((r): r is string => r !== undefined).map(Number);
  return revisions.length > 0 ? Math.max(...revisions) : undefined;
}
