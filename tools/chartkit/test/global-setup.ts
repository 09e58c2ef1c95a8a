import { resolveTool, kubernetesOpenApiDir } from '../src/adapters/toolchain.ts';

/** Provision the pinned tools once, before any test worker needs them. */
export default async function setup(): Promise<void> {
  await Promise.all([resolveTool('helm'), resolveTool('helm3'), resolveTool('helm-unittest'), kubernetesOpenApiDir()]);
}
