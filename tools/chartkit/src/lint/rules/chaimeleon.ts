import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Chart } from '../../core/chart.ts';
import type { Manifest } from '../../core/manifests.ts';
import type { Finding, RenderRule, RenderedScenario } from '../types.ts';

/**
 * The CHAIMELEON operator's contract, as lint rules. They apply to every chart that depends on
 * chaimeleon-common or vendors its helpers file.
 */
type Obj = Record<string, unknown>;

export const CHAIMELEON_LIBRARY = 'chaimeleon-common';
export const HELPERS_FILE = '_chaimeleonCommonHelpers.tpl';
export const DEFAULT_IMAGE_PREFIXES = ['harbor.chaimeleon-eu.i3m.upv.es/chaimeleon-library/', 'harbor.chaimeleon-eu.i3m.upv.es/dockerhub/'];
const ANN = 'chaimeleon.eu/';

function vendorsHelpers(dir: string): boolean {
  const templates = path.join(dir, 'templates');
  if (!existsSync(templates)) return false;
  return readdirSync(templates, { recursive: true }).some((f) => String(f).endsWith(HELPERS_FILE));
}

export function usesChaimeleonContract(chart: Chart): boolean {
  if (chart.name === CHAIMELEON_LIBRARY) return false;
  return chart.dependencies.some((d) => d.name === CHAIMELEON_LIBRARY) || vendorsHelpers(chart.dir);
}

const kindIs = (m: Manifest, kind: string): boolean => m.object.kind === kind;
const nameOf = (m: Manifest): string => String(((m.object.metadata ?? {}) as Obj).name ?? '');
const annotationsOf = (m: Manifest): Obj => (((m.object.metadata ?? {}) as Obj).annotations ?? {}) as Obj;

function f(rule: string, s: RenderedScenario, m: Manifest | undefined, message: string): Finding {
  const out: Finding = { rule, chart: s.chart.name, scenario: s.scenario, message };
  if (m) {
    out.template = m.source;
    out.object = `${String(m.object.kind)}/${nameOf(m)}`;
  }
  return out;
}

function rule(id: string, description: string, check: (s: RenderedScenario) => Finding[]): RenderRule {
  return { id, description, appliesTo: (chart) => usesChaimeleonContract(chart), check };
}

const deployments = (s: RenderedScenario): Manifest[] => s.manifests.filter((m) => kindIs(m, 'Deployment'));
const wantsGuacamole = (m: Manifest): boolean => String(annotationsOf(m)[`${ANN}createGuacamoleConnection`] ?? '').toLowerCase() === 'true';

export const toolInfo = rule('chaimeleon/tool-info', 'Every Deployment carries the chaimeleon.eu/toolName and chaimeleon.eu/toolVersion annotations (the operator rejects it otherwise).', (s) =>
  deployments(s).flatMap((m) =>
    ['toolName', 'toolVersion']
      .filter((k) => !annotationsOf(m)[`${ANN}${k}`])
      .map((k) => f('chaimeleon/tool-info', s, m, `missing annotation ${ANN}${k}; include "chaimeleon.annotations.tool_info"`)),
  ),
);

export const guacamoleSecret = rule('chaimeleon/guacamole-secret', 'A Deployment with createGuacamoleConnection has a Secret of the same name holding container-password.', (s) =>
  deployments(s)
    .filter(wantsGuacamole)
    .flatMap((m) => {
      const secret = s.manifests.find((x) => kindIs(x, 'Secret') && nameOf(x) === nameOf(m));
      if (!secret) return [f('chaimeleon/guacamole-secret', s, m, `createGuacamoleConnection is set but no Secret named "${nameOf(m)}" is rendered`)];
      const keys = { ...((secret.object.data ?? {}) as Obj), ...((secret.object.stringData ?? {}) as Obj) };
      return 'container-password' in keys ? [] : [f('chaimeleon/guacamole-secret', s, secret, 'has no container-password key')];
    }),
);

export const desktopService = rule('chaimeleon/desktop-service', 'A desktop Deployment has a Service of the same name exposing 5900 (VNC) and 2222 (SSH/SFTP).', (s) =>
  deployments(s)
    .filter(wantsGuacamole)
    .flatMap((m) => {
      const service = s.manifests.find((x) => kindIs(x, 'Service') && nameOf(x) === nameOf(m));
      if (!service) return [f('chaimeleon/desktop-service', s, m, `no Service named "${nameOf(m)}"; the operator connects to <deployment>.<namespace>.svc:5900`)];
      const ports = (((service.object.spec ?? {}) as Obj).ports ?? []) as Obj[];
      return [5900, 2222]
        .filter((p) => !ports.some((x) => x.port === p))
        .map((p) => f('chaimeleon/desktop-service', s, service, `does not expose port ${p}`));
    }),
);

export const operatorOwned = rule('chaimeleon/operator-owned', 'Deployments set no securityContext, volumes, volumeMounts or user ids: the operator owns them.', (s) =>
  deployments(s).flatMap((m) => {
    const pod = (((m.object.spec ?? {}) as Obj).template as Obj | undefined)?.spec as Obj | undefined;
    if (!pod) return [];
    const out: Finding[] = [];
    for (const key of ['securityContext', 'volumes']) if (pod[key] !== undefined) out.push(f('chaimeleon/operator-owned', s, m, `sets spec.template.spec.${key}, which the operator manages; remove it`));
    for (const c of [...((pod.containers ?? []) as Obj[]), ...((pod.initContainers ?? []) as Obj[])]) {
      for (const key of ['securityContext', 'volumeMounts']) if (c[key] !== undefined) out.push(f('chaimeleon/operator-owned', s, m, `container "${String(c.name)}" sets ${key}, which the operator manages; remove it`));
    }
    return out;
  }),
);

export const imageSource = rule('chaimeleon/image-source', 'Images come from the CHAIMELEON library URL or its Docker Hub proxy.', (s) =>
  deployments(s).flatMap((m) => {
    const pod = (((m.object.spec ?? {}) as Obj).template as Obj | undefined)?.spec as Obj | undefined;
    return [...((pod?.containers ?? []) as Obj[]), ...((pod?.initContainers ?? []) as Obj[])]
      .filter((c) => !DEFAULT_IMAGE_PREFIXES.some((p) => String(c.image ?? '').startsWith(p)))
      .map((c) => f('chaimeleon/image-source', s, m, `container "${String(c.name)}" image "${String(c.image)}" is not from ${DEFAULT_IMAGE_PREFIXES.join(' or ')}; use "chaimeleon.library-url" or "chaimeleon.dockerhub-proxy"`));
  }),
);

export const datasetsForm = rule('chaimeleon/datasets-form', 'values.schema.json exposes datasets_list as a string with "form": true (the Kubeapps deploy form).', (s) => {
  const props = ((s.schema ?? {}).properties ?? {}) as Obj;
  const ds = props.datasets_list as Obj | undefined;
  if (!ds) return [f('chaimeleon/datasets-form', s, undefined, 'values.schema.json has no datasets_list; declare it (h.datasetsList() in values.schema.ts, or by hand in values.schema.json)')];
  if (ds.form !== true || ds.type !== 'string') return [f('chaimeleon/datasets-form', s, undefined, 'values.schema.json datasets_list must be a string with "form": true')];
  return [];
});

export const chaimeleonRules: RenderRule[] = [toolInfo, guacamoleSecret, desktopService, operatorOwned, imageSource, datasetsForm];
