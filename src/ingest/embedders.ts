/** Finds embedders by id: the built-in registry, or a plug-in ES module that exports `getEmbedder(id)`. */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Embedder } from '../embed/embedder.js';
import { ParameterError, SonicprintError } from '../errors.js';
import { EMBEDDER_ID_PATTERN } from '../store/embedder-id.js';

/** Environment variable naming a plug-in embedder module (path or file: URL). */
export const EMBEDDER_MODULE_ENV = 'SONICPRINT_EMBEDDER_MODULE';

/** What a plug-in module exports: the same contract as src/embed/registry.ts. */
export interface EmbedderProvider {
  getEmbedder(id: string): Embedder;
}

/**
 * A module specifier for `import()`: file: URLs and bare names pass through, paths become file: URLs
 * (relative to `cwd`). Worker threads get the same string, so it must be absolute.
 */
export function embedderModuleUrl(module: string, cwd = process.cwd()): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module)) return module;
  return pathToFileURL(isAbsolute(module) ? module : resolve(cwd, module)).href;
}

/**
 * The provider: the plug-in module if given, else the built-in registry. The registry is imported
 * lazily, so the store and ingest load without the embedder implementations.
 */
export async function loadEmbedderProvider(module?: string): Promise<EmbedderProvider> {
  let mod: Partial<EmbedderProvider>;
  try {
    mod = module ? ((await import(module)) as Partial<EmbedderProvider>) : await import('../embed/registry.js');
  } catch (err) {
    throw new ParameterError(`cannot load the embedders${module ? ` from ${module}` : ''}: ${(err as Error).message}`);
  }
  if (typeof mod.getEmbedder !== 'function') throw new ParameterError(`embedder module ${module} does not export getEmbedder(id)`);
  return mod as EmbedderProvider;
}

/** The default embedder's id, from the registry. */
export async function defaultEmbedderId(): Promise<string> {
  return (await import('../embed/registry.js')).DEFAULT_EMBEDDER;
}

/** Instances for `ids`, checked: a known id, a file-safe name, a positive dim and sample rate. */
export function instantiate(provider: EmbedderProvider, ids: readonly string[]): Embedder[] {
  return ids.map((id) => {
    if (!EMBEDDER_ID_PATTERN.test(id)) throw new ParameterError(`embedder id '${id}' must be letters, digits, '-' or '_' (at most 64)`);
    let e: Embedder;
    try {
      e = provider.getEmbedder(id);
    } catch (err) {
      if (err instanceof SonicprintError) throw err;
      throw new ParameterError(`embedder '${id}': ${(err as Error).message}`);
    }
    if (e.id !== id) throw new ParameterError(`embedder '${id}' reports the id '${e.id}'`);
    if (!Number.isInteger(e.dim) || e.dim <= 0) throw new ParameterError(`embedder '${id}' has dim ${e.dim}; expected a whole number > 0`);
    if (!Number.isInteger(e.sampleRate) || e.sampleRate <= 0) throw new ParameterError(`embedder '${id}' has sampleRate ${e.sampleRate}; expected a whole number of Hz`);
    return e;
  });
}
