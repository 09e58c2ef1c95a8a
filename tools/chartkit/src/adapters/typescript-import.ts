import { pathToFileURL } from 'node:url';

let loader: Promise<void> | undefined;

/**
 * Import a TypeScript module from outside chartkit (a chart's values.schema.ts). The built CLI is
 * plain JavaScript, so tsx's loader is registered on first use (about 0.2 s, paid only by commands
 * that read schemas); run from sources (tsx, vitest), a TypeScript loader is already in place.
 */
export async function importTypeScript(file: string): Promise<unknown> {
  if (import.meta.url.endsWith('.js')) {
    loader ??= import('tsx/esm/api').then(({ register }) => {
      register();
    });
    await loader;
  }
  return import(pathToFileURL(file).href);
}
