import { createHash } from 'node:crypto';
import type { HelmMajor } from '../adapters/helm.ts';

/** The steps of one install test, in order (the real-cluster analogue of `ct install`). */
export type InstallStep = 'prerequisites' | 'install' | 'test' | 'upgrade' | 'upgrade --reuse-values' | 'rollback' | 'uninstall' | 'leftovers';

export interface InstallRun {
  chart: string;
  /** Scenario name: `default` (the chart's values.yaml) or the stem of ci/<name>-values.yaml. */
  scenario: string;
  valuesFile?: string;
  helm: HelmMajor;
  release: string;
  namespace: string;
  steps: InstallStep[];
}

export interface PlanInput {
  chart: string;
  /** ci/*-values.yaml files; none means one run with the chart's defaults. */
  valuesFiles: string[];
  hasTests: boolean;
}

export function scenarioName(valuesFile: string | undefined): string {
  if (!valuesFile) return 'default';
  return (valuesFile.split('/').pop() ?? valuesFile).replace(/-values\.yaml$/, '');
}

/** A DNS label of at most `max` characters, kept readable, made unique by a short hash when cut. */
export function dnsLabel(text: string, max: number): string {
  const clean = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (clean.length <= max) return clean;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 6);
  return `${clean.slice(0, max - 7).replace(/-+$/, '')}-${hash}`;
}

/** Every run for the given charts: each scenario with each Helm major, in a namespace of its own. */
export function planInstallTests(inputs: readonly PlanInput[], helms: readonly HelmMajor[]): InstallRun[] {
  const runs: InstallRun[] = [];
  for (const input of inputs) {
    const files: (string | undefined)[] = input.valuesFiles.length > 0 ? input.valuesFiles : [undefined];
    for (const valuesFile of files) {
      const scenario = scenarioName(valuesFile);
      for (const helm of helms) {
        const steps: InstallStep[] = ['prerequisites', 'install'];
        if (input.hasTests) steps.push('test');
        steps.push('upgrade', 'upgrade --reuse-values', 'rollback', 'uninstall', 'leftovers');
        runs.push({
          chart: input.chart,
          scenario,
          ...(valuesFile ? { valuesFile } : {}),
          helm,
          // Release names end up in object names: keep them as a user would type them.
          release: dnsLabel(input.chart, 40),
          namespace: dnsLabel(`it-${input.chart}-${scenario}-${helm === 'helm' ? 'h4' : 'h3'}`, 63),
          steps,
        });
      }
    }
  }
  return runs;
}
