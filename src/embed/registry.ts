/** The embedders sonicprint knows by id: the default fingerprint and the MFCC-mean baseline. */
import { ParameterError } from '../errors.js';
import type { Embedder } from './embedder.js';
import { createMfccMeanEmbedder } from './mfcc-mean.js';
import { createSonicprintV1 } from './sonicprint-v1.js';

export const DEFAULT_EMBEDDER = 'sonicprint-v1';

const FACTORIES: Record<string, () => Embedder> = {
  'sonicprint-v1': createSonicprintV1,
  'mfcc-mean': createMfccMeanEmbedder,
};

/** Ids of every available embedder. */
export function embedderIds(): string[] {
  return Object.keys(FACTORIES);
}

/** The embedder with this id; a ParameterError that lists the known ids otherwise. */
export function getEmbedder(id: string): Embedder {
  const factory = FACTORIES[id];
  if (!factory) throw new ParameterError(`unknown embedder '${id}'; known: ${embedderIds().join(', ')}`);
  return factory();
}
