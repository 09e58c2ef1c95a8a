import type { Finding, RenderRule, RenderedScenario } from '../types.ts';
import { manifestId } from '../../core/manifests.ts';

type Obj = Record<string, unknown>;

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicaSet']);

/** Charts whose pods are completed by an operator (resources, securityContext) set this annotation. */
export const OPERATOR_MANAGED_PODS = 'chartkit.dev/operator-managed-pods';

function podSpec(object: Obj): Obj | undefined {
  const spec = object.spec as Obj | undefined;
  return ((spec?.template as Obj | undefined)?.spec as Obj | undefined) ?? undefined;
}

function containers(pod: Obj): Obj[] {
  return [...((pod.initContainers as Obj[] | undefined) ?? []), ...((pod.containers as Obj[] | undefined) ?? [])];
}

function finding(rule: string, s: RenderedScenario, m: { source: string; object: Obj }, message: string): Finding {
  return { rule, chart: s.chart.name, scenario: s.scenario, template: m.source, object: manifestId({ source: m.source, object: m.object }), message };
}

export const pinnedImages: RenderRule = {
  id: 'image-pinned',
  description: 'Every container image names a tag or digest, and the tag is not `latest`.',
  appliesTo: () => true,
  check(s) {
    const out: Finding[] = [];
    for (const m of s.manifests) {
      const pod = WORKLOADS.has(String(m.object.kind)) ? podSpec(m.object) : undefined;
      for (const c of pod ? containers(pod) : []) {
        const image = String(c.image ?? '');
        const last = image.split('/').pop() ?? '';
        if (!image.includes('@') && (!last.includes(':') || last.endsWith(':latest'))) {
          out.push(finding(this.id, s, m, `container "${String(c.name)}" image "${image}" must be pinned to a tag other than latest`));
        }
      }
    }
    return out;
  },
};

export const standardLabels: RenderRule = {
  id: 'standard-labels',
  description: 'Every object carries app.kubernetes.io/name, app.kubernetes.io/instance and app.kubernetes.io/managed-by.',
  appliesTo: () => true,
  check(s) {
    const out: Finding[] = [];
    for (const m of s.manifests) {
      const labels = ((m.object.metadata as Obj | undefined)?.labels ?? {}) as Obj;
      const missing = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by'].filter((l) => !(l in labels));
      if (missing.length > 0) out.push(finding(this.id, s, m, `missing labels ${missing.join(', ')}; use the chart's labels helper`));
    }
    return out;
  },
};

export const podHardening: RenderRule = {
  id: 'pod-resources-security',
  description: 'Every container sets resources and a securityContext (skipped for charts whose pods an operator completes).',
  appliesTo: (chart) => chart.annotations[OPERATOR_MANAGED_PODS] !== 'true',
  check(s) {
    const out: Finding[] = [];
    for (const m of s.manifests) {
      const pod = WORKLOADS.has(String(m.object.kind)) ? podSpec(m.object) : undefined;
      for (const c of pod ? containers(pod) : []) {
        const resources = c.resources as Obj | undefined;
        if (!resources || (!resources.requests && !resources.limits)) out.push(finding(this.id, s, m, `container "${String(c.name)}" sets no resources; add resources to values`));
        if (!c.securityContext) out.push(finding(this.id, s, m, `container "${String(c.name)}" sets no securityContext; add securityContext to values`));
      }
    }
    return out;
  },
};

export const bestPracticeRules: RenderRule[] = [pinnedImages, standardLabels, podHardening];
