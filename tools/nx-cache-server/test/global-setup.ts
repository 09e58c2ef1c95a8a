import { resolveTool } from '../../chartkit/src/adapters/toolchain.ts';

/** Build (first use, about 45 s) or find the pinned versitygw once, before any test worker needs it. */
export default async function setup(): Promise<void> {
  await resolveTool('versitygw');
}
