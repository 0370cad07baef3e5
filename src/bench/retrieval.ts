/** Retrieval-quality benchmark: leave-one-out on a corpus of real music, sonicprint-v1 against the MFCC-mean baseline. */
import { existsSync } from 'node:fs';
import { evaluateLibrary, type EvalResult } from '../analysis/evaluate.js';
import { ingest, type IngestSummary } from '../ingest/ingest.js';
import { Library } from '../store/library.js';

export interface RetrievalBenchResult {
  corpus: string;
  library: string;
  ingest: Pick<IngestSummary, 'files' | 'added' | 'unchanged' | 'failed' | 'seconds'>;
  artists: number;
  genres: number;
  byArtist: EvalResult;
  byGenre: EvalResult;
}

/**
 * Builds (or resumes) a library of `corpus` with both fingerprints (artist from tags, genre from
 * the folder: scripts/make-dev-corpus.sh lays one folder per soundtrack), then evaluates both.
 * The library is kept in `libraryDir`, so later runs only evaluate.
 */
export async function runRetrievalBenchmark(corpus: string, libraryDir: string): Promise<RetrievalBenchResult | null> {
  if (!existsSync(corpus)) return null;
  const embedders = ['sonicprint-v1', 'mfcc-mean'];
  const library = Library.open(libraryDir, { create: true });
  try {
    const s = await ingest(library, [corpus], { embedders, artistFrom: 'tags', genreFrom: 'dir' });
    return {
      corpus,
      library: libraryDir,
      ingest: { files: s.files, added: s.added, unchanged: s.unchanged, failed: s.failed, seconds: s.seconds },
      artists: library.artists().filter((a) => a.trackCount >= 3).length,
      genres: library.genres().length,
      byArtist: evaluateLibrary(library, { by: 'artist', embedders }),
      byGenre: evaluateLibrary(library, { by: 'genre', embedders }),
    };
  } finally {
    library.close();
  }
}
