/** embedFiles: decode + embed query files exactly as ingest does, without adding them to a library (for `match`). */
import { resolve } from 'node:path';
import type { Embedder, ExcerptOptions } from '../embed/embedder.js';
import { EXCERPT_DEFAULTS } from '../embed/embedder.js';
import { asSonicprintError, type SonicprintError } from '../errors.js';
import type { AnalyzedFile } from './analyze.js';
import { createAnalyzer, defaultWorkers } from './pool.js';

export interface EmbedFilesOptions {
  /** Plug-in module exporting `getEmbedder(id)`; default the built-in registry. */
  embedderModule?: string;
  /** Use the library's `excerpt()` so queries are cut like its tracks. Default EXCERPT_DEFAULTS. */
  excerpt?: ExcerptOptions;
  /**
   * Worker threads; 0 = inline. Default: inline for fewer than 4 files (starting a worker costs
   * more than it saves), else all cores.
   */
  workers?: number;
  cwd?: string;
  /** Called after each file. */
  onProgress?: (done: number, total: number, path: string) => void;
  workerScript?: string | URL;
}

export interface EmbedFilesResult {
  /** In input order, failures left out. `path` is absolute. */
  files: AnalyzedFile[];
  failures: { path: string; error: SonicprintError }[];
}

/**
 * Raw vectors of `paths` for each embedder (normalise them with `library.normalizeQuery`).
 * Every file is attempted; errors are collected per file with their codes.
 */
export async function embedFiles(paths: readonly string[], embedders: readonly (string | Embedder)[], opts: EmbedFilesOptions = {}): Promise<EmbedFilesResult> {
  const abs = paths.map((p) => resolve(opts.cwd ?? process.cwd(), p));
  const workers = opts.workers ?? (abs.length < 4 ? 0 : defaultWorkers());
  const ids = embedders.map((e) => (typeof e === 'string' ? e : e.id));
  const excerpt = opts.excerpt ?? EXCERPT_DEFAULTS;
  const analyzer = await createAnalyzer({ embedders, embedderModule: opts.embedderModule, workers: Math.min(workers, abs.length), workerScript: opts.workerScript });
  const results: (AnalyzedFile | SonicprintError)[] = new Array(abs.length);
  let done = 0;
  try {
    // Queue everything: the pool runs one file per worker; inline runs them one after another.
    const inline = analyzer.workers === 0;
    const run = async (i: number) => {
      try {
        results[i] = await analyzer.analyze(abs[i], ids, excerpt);
      } catch (err) {
        results[i] = asSonicprintError(err, abs[i]);
      }
      opts.onProgress?.(++done, abs.length, abs[i]);
    };
    if (inline) for (let i = 0; i < abs.length; i++) await run(i);
    else await Promise.all(abs.map((_, i) => run(i)));
  } finally {
    await analyzer.close();
  }
  const out: EmbedFilesResult = { files: [], failures: [] };
  results.forEach((r, i) => {
    if (r instanceof Error) out.failures.push({ path: abs[i], error: r });
    else out.files.push(r);
  });
  return out;
}
