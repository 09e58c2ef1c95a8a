import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_NODES, namedTemplateData, nodesFromInstanceFamilies, type FakeNode } from '../core/cluster-nodes.ts';
import { ChartkitError } from '../core/errors.ts';

export const CLUSTER_CONFIG = 'chartkit.cluster.json';

/** The fake nodes of the workspace's test cluster: from chartkit.cluster.json, else one generic node. */
export function clusterNodes(root: string): FakeNode[] {
  const file = path.join(root, CLUSTER_CONFIG);
  if (!existsSync(file)) return DEFAULT_NODES;
  let config: { nodes?: { file?: unknown; template?: unknown } };
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as typeof config;
  } catch (error) {
    throw new ChartkitError('USAGE', `${CLUSTER_CONFIG}: invalid JSON (${(error as Error).message}); fix the syntax`);
  }
  const nodes = config.nodes;
  if (!nodes) return DEFAULT_NODES;
  if (typeof nodes.file !== 'string' || typeof nodes.template !== 'string') throw new ChartkitError('USAGE', `${CLUSTER_CONFIG}: nodes needs "file" and "template" strings`);
  const dataFile = path.join(root, nodes.file);
  if (!existsSync(dataFile)) throw new ChartkitError('USAGE', `${CLUSTER_CONFIG}: nodes.file ${nodes.file} does not exist; point it at the template that lists the instance families`);
  return nodesFromInstanceFamilies(namedTemplateData(readFileSync(dataFile, 'utf8'), nodes.template, nodes.file), nodes.file);
}
