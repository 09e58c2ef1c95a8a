/** The authoring API for `values.schema.ts`. */
export { Type as t } from '@sinclair/typebox';
export type { Static } from '@sinclair/typebox';
export * as h from './helpers.ts';
export { defineValues, type ValuesDefinition, type ValuesOf } from './define.ts';
