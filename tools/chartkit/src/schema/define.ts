import type { Static, TObject, TProperties } from '@sinclair/typebox';
import { object } from './helpers.ts';

/** What a chart's `values.schema.ts` exports as default. */
export interface ValuesDefinition<P extends TProperties = TProperties> {
  readonly kind: 'chartkit.values';
  readonly schema: TObject<P>;
}

export interface DefineOptions {
  description?: string;
}

/** Declare a chart's values. The root is closed: every key a chart reads must be declared. */
export function defineValues<P extends TProperties>(properties: P, options: DefineOptions = {}): ValuesDefinition<P> {
  return { kind: 'chartkit.values', schema: object(properties, options.description ? { description: options.description } : {}) };
}

/** The static type of a chart's values, for typed tests: `type Values = ValuesOf<typeof definition>`. */
export type ValuesOf<D extends ValuesDefinition> = Static<D['schema']>;

export function isValuesDefinition(value: unknown): value is ValuesDefinition {
  return !!value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'chartkit.values';
}
