import { ensureBuilt } from '../scripts/build.mjs';
import { kwokStageFiles, platformCrdFiles, resolveControlPlane } from '../src/adapters/control-plane-tools.ts';
import { resolveTool, kubernetesOpenApiDir } from '../src/adapters/toolchain.ts';

/** Provision the pinned tools once, before any test worker needs them. */
export default async function setup(): Promise<void> {
  // chartkit's built JavaScript, which every spawned CLI loads (built here once, not by each test).
  await ensureBuilt();
  await Promise.all([resolveTool('helm'), resolveTool('helm3'), resolveTool('helm-unittest'), resolveTool('kubectl'), resolveTool('cosign'), kubernetesOpenApiDir()]);
  // The control plane of the cluster tests (a long go build on a new machine; cached after).
  await resolveControlPlane();
  await Promise.all([kwokStageFiles(), platformCrdFiles('cert-manager')]);
}
