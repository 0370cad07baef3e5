/** `eval retrieval`: leave-one-out retrieval quality of one or more embedders over a library, by artist or by genre. */
import { ParameterError } from '../errors.js';
import { DEFAULT_EMBEDDER } from '../embed/registry.js';
import type { Library } from '../store/library.js';
import type { ArtistRankingParams } from '../search/artists.js';
import { evaluateRetrieval, type RetrievalReport } from '../search/retrieval.js';
import { libraryView } from './library-view.js';

export type EvalLabel = 'artist' | 'genre';

export interface EvalOptions {
  /** Embedders to compare (each must have vectors in the library). */
  embedders?: string[];
  by: EvalLabel;
  artistRanking?: Partial<ArtistRankingParams>;
}

export interface EmbedderEvaluation {
  embedder: string;
  report: RetrievalReport;
  seconds: number;
}

export interface EvalResult {
  library: string;
  by: EvalLabel;
  tracks: number;
  evaluations: EmbedderEvaluation[];
}

/**
 * Leave-one-out over every library track: 1-NN accuracy, precision@5/@10, MAP and the confusion matrix for
 * the chosen label; with --by artist also the artist ranking's top-1/top-5 accuracy with each track held out.
 */
export function evaluateLibrary(library: Library, opts: EvalOptions): EvalResult {
  const embedders = opts.embedders?.length ? opts.embedders : [DEFAULT_EMBEDDER];
  const evaluations: EmbedderEvaluation[] = [];
  let tracks = 0;
  for (const embedder of embedders) {
    const view = libraryView(library, embedder);
    const labels = view.labels[opts.by];
    if (!labels || !Array.from(labels).some(Boolean)) {
      throw new ParameterError(`no track of the library has ${opts.by === 'artist' ? 'an artist' : 'a genre'}: add music with --${opts.by}-from`);
    }
    const t0 = performance.now();
    const report = evaluateRetrieval({
      index: view.index,
      labelings: { [opts.by]: labels },
      ...(opts.by === 'artist' ? { artists: view.labels.artist, artistRanking: opts.artistRanking } : {}),
    });
    evaluations.push({ embedder, report, seconds: (performance.now() - t0) / 1000 });
    tracks = view.index.count;
  }
  return { library: library.dir, by: opts.by, tracks, evaluations };
}
