/** ingest: scan → job check → hash → decode + embed in worker threads → one transaction per batch of files; resumable and safe to run twice at once. */
import type { Embedder, ExcerptOptions, Segment } from '../embed/embedder.js';
import { EXCERPT_DEFAULTS } from '../embed/embedder.js';
import { ParameterError, SonicprintError, asSonicprintError } from '../errors.js';
import type { IngestRecord, Library, RecordOutcome, Track } from '../store/library.js';
import { defaultEmbedderId } from './embedders.js';
import { hashFile } from './hash.js';
import { METADATA_DEFAULTS, resolveMetadata, type ArtistSource, type GenreSource } from './metadata.js';
import { createAnalyzer, defaultWorkers, type Analyzer } from './pool.js';
import { scanPaths, type ScannedFile } from './scan.js';

export const INGEST_DEFAULTS = Object.freeze({
  /** Results are committed at least this often (ms)... */
  flushMs: 250,
  /** ...or as soon as this many files wait. Each file's rows are never split across transactions. */
  flushCount: 32,
});

export interface IngestOptions {
  /** Embedder ids (or, for inline use, instances). Default: the default embedder. */
  embedders?: readonly (string | Embedder)[];
  /** Plug-in module exporting `getEmbedder(id)` (file: URL or absolute path); default the built-in registry. */
  embedderModule?: string;
  /** Default 'tags' (see resolveMetadata). */
  artistFrom?: ArtistSource;
  /** Default 'tags'. */
  genreFrom?: GenreSource;
  /** Worker threads for decode + embed; 0 = inline. Default: all cores. */
  workers?: number;
  /** Excerpt analysed; default the library's saved setting, else EXCERPT_DEFAULTS (middle 30 s). */
  segment?: Segment;
  excerptSeconds?: number;
  /** Relative paths are resolved against this (default process.cwd()). */
  cwd?: string;
  /** Called once after the scan (done 0) and after each file is committed. */
  onProgress?: (p: IngestProgress) => void;
  /** Worker entry override (tests running from TypeScript sources point it at a compiled copy). */
  workerScript?: string | URL;
}

export interface IngestProgress {
  done: number;
  total: number;
  added: number;
  duplicates: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** The file just finished. */
  path?: string;
  elapsedSeconds: number;
}

export interface IngestFailure {
  path: string;
  code: string;
  message: string;
}

/** What `library add --json` prints. */
export interface IngestSummary {
  library: string;
  embedders: string[];
  /** Worker threads used (0 = inline). */
  workers: number;
  excerpt: ExcerptOptions;
  /** Files found (plus named paths that could not be read). */
  files: number;
  /** New tracks. */
  added: number;
  /** Files whose content was already in the library (same file twice, renamed copy). */
  duplicates: number;
  /** Tracks already present that got vectors of embedders they lacked. */
  updated: number;
  /** Files unchanged (path, size, mtime) since an earlier run recorded them: not decoded again. */
  unchanged: number;
  failed: IngestFailure[];
  /** Tracks in the library afterwards. */
  tracks: number;
  seconds: number;
  /** Files handled per second, wall clock, scan and index writing included. */
  filesPerSecond: number;
}

/**
 * Adds files and folders to a library. Every file is attempted; failures are recorded in the job
 * table with their code and reason and returned. The main thread owns the database: it stats,
 * hashes (sha256, streamed) and writes; worker threads only decode and embed.
 *
 * Crash safety: a file's track row, vectors and job row are committed in one transaction, so a
 * kill leaves each file fully recorded or absent; running the same command again skips files
 * whose job is done and unchanged, and finishes the rest. Two processes may ingest into the same
 * library at once: SQLite serialises their writes, the content hash is UNIQUE (a file the other
 * process committed first becomes a duplicate), and each file's job row is re-read just before
 * it is processed, so work the other process already committed is skipped.
 */
export async function ingest(library: Library, paths: readonly string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const embedders = opts.embedders?.length ? [...opts.embedders] : [await defaultEmbedderId()];
  const ids = [...new Set(embedders.map((e) => (typeof e === 'string' ? e : e.id)))];
  if (ids.length !== embedders.length) throw new ParameterError(`embedders listed twice: ${embedders.map((e) => (typeof e === 'string' ? e : e.id)).join(', ')}`);
  const excerpt = resolveExcerpt(library, opts);
  const metaOpts = { artistFrom: opts.artistFrom ?? METADATA_DEFAULTS.artistFrom, genreFrom: opts.genreFrom ?? METADATA_DEFAULTS.genreFrom };

  const scan = await scanPaths(paths, opts.cwd);
  const files = scan.files;
  const counts = { added: 0, duplicates: 0, updated: 0, unchanged: 0 };
  const failed: IngestFailure[] = scan.errors.map(({ path, error }) => ({ path, code: error.code, message: error.message }));
  let done = 0;
  const progress = (path?: string) => opts.onProgress?.({ done, total: files.length, ...counts, failed: failed.length - scan.errors.length, path, elapsedSeconds: elapsed() });
  progress();

  library.markPending(files);
  if (files.length > 0) library.setExcerptIfUnset(excerpt);

  const requested = Math.max(0, Math.floor(opts.workers ?? defaultWorkers()));
  let analyzer: Promise<Analyzer> | undefined;
  const getAnalyzer = () =>
    (analyzer ??= createAnalyzer({ embedders, embedderModule: opts.embedderModule, workers: Math.min(requested, files.length), workerScript: opts.workerScript }).then((a) => {
      checkDims(library, a.dims);
      return a;
    }));

  const writer = new BatchWriter(library);
  const pending: Promise<void>[] = [];
  const claims = new Map<string, Promise<void>>();
  let fatal: unknown;

  const commit = (item: IngestRecord, onDone?: () => void) => {
    pending.push(
      writer.push(item).then(
        (r) => {
          done++;
          if (r.outcome === 'failed') failed.push({ path: item.file.path, code: r.code, message: r.message });
          else if (r.outcome === 'added') counts.added++;
          else if (r.outcome === 'updated') counts.updated++;
          else counts.duplicates++;
          onDone?.();
          progress(item.file.path);
        },
        (err) => {
          fatal ??= err;
          onDone?.();
        },
      ),
    );
  };

  const processFile = async (file: ScannedFile): Promise<void> => {
    const job = library.job(file.path);
    if (job?.status === 'done' && job.trackId !== null && job.size === file.size && job.mtimeMs === file.mtimeMs) {
      const have = new Set(library.trackEmbedders(job.trackId));
      if (ids.every((id) => have.has(id))) {
        done++;
        counts.unchanged++;
        progress(file.path);
        return;
      }
    }
    let hash: string;
    try {
      hash = await hashFile(file.path);
    } catch (err) {
      const e = asSonicprintError(err, file.path);
      commit({ kind: 'failed', file, code: e.code, message: e.message });
      return;
    }
    // Same content earlier in this run: wait until that file is committed, then it is a duplicate.
    while (claims.has(hash)) await claims.get(hash);
    const trackId = library.trackIdByHash(hash);
    const have = new Set(trackId === undefined ? [] : library.trackEmbedders(trackId));
    const missing = ids.filter((id) => !have.has(id));
    if (trackId !== undefined && missing.length === 0) {
      commit({ kind: 'duplicate', file, hash });
      return;
    }
    let release!: () => void;
    claims.set(hash, new Promise<void>((r) => (release = r)));
    const unclaim = () => {
      claims.delete(hash);
      release();
    };
    const pool = await getAnalyzer().catch((err) => {
      unclaim();
      throw err;
    });
    try {
      const a = await pool.analyze(file.path, missing, excerpt);
      const m = resolveMetadata(file.path, a.tags, metaOpts);
      const track: Omit<Track, 'id' | 'addedAt'> = {
        ...m,
        path: file.path,
        hash,
        sizeBytes: file.size,
        duration: a.duration,
        format: a.format,
        codec: a.codec,
        sampleRate: a.sampleRate,
        channels: a.channels,
        excerptOffset: a.excerptOffset,
        excerptDuration: a.excerptDuration,
      };
      commit({ kind: 'track', file, track, vectors: a.vectors }, unclaim);
    } catch (err) {
      const e = err instanceof SonicprintError ? err : asSonicprintError(err, file.path);
      commit({ kind: 'failed', file, code: e.code, message: e.message, hash }, unclaim);
    }
  };

  let next = 0;
  const concurrency = requested > 0 ? requested * 2 + 2 : 2;
  const runner = async () => {
    while (next < files.length && fatal === undefined) {
      const file = files[next++];
      try {
        await processFile(file);
      } catch (err) {
        fatal ??= err;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, runner));
    writer.flush();
    await Promise.all(pending);
  } finally {
    writer.flush();
    if (analyzer) await (await analyzer.catch(() => undefined))?.close();
  }
  if (fatal !== undefined) throw fatal;

  library.refresh(ids);
  const seconds = elapsed();
  return {
    library: library.dir,
    embedders: ids,
    workers: analyzer ? (await analyzer).workers : 0,
    excerpt,
    files: files.length + scan.errors.length,
    ...counts,
    failed,
    tracks: library.trackCount(),
    seconds,
    filesPerSecond: files.length / Math.max(seconds, 1e-9),
  };
}

/** The library's saved excerpt settings; asking for different ones would mix excerpts in one index. */
function resolveExcerpt(library: Library, opts: IngestOptions): ExcerptOptions {
  const saved = library.excerpt();
  const wanted: ExcerptOptions = {
    segment: opts.segment ?? saved?.segment ?? EXCERPT_DEFAULTS.segment,
    seconds: opts.excerptSeconds ?? saved?.seconds ?? EXCERPT_DEFAULTS.seconds,
  };
  if (!['start', 'middle', 'full'].includes(wanted.segment)) throw new ParameterError(`segment must be start, middle or full, got '${wanted.segment}'`);
  if (!(wanted.seconds > 0)) throw new ParameterError(`excerpt seconds must be > 0, got ${wanted.seconds}`);
  if (saved && (saved.segment !== wanted.segment || (saved.segment !== 'full' && saved.seconds !== wanted.seconds))) {
    throw new ParameterError(
      `the library's vectors were computed on the ${describe(saved)}; adding tracks analysed on the ${describe(wanted)} would make them incomparable (use another --library)`,
    );
  }
  return wanted;
}

function describe(e: ExcerptOptions): string {
  return e.segment === 'full' ? 'whole track' : `${e.segment} ${e.seconds} s`;
}

/** An embedder whose vector length changed cannot join the vectors already stored. */
function checkDims(library: Library, dims: Readonly<Record<string, number>>): void {
  for (const [id, dim] of Object.entries(dims)) {
    const have = library.embedderDim(id);
    if (have !== undefined && have !== dim) {
      throw new ParameterError(`embedder '${id}' now gives ${dim}-dimensional vectors but the library holds ${have}-dimensional ones; use another --library`);
    }
  }
}

/** Collects file results and commits them together every INGEST_DEFAULTS.flushMs or flushCount files. */
class BatchWriter {
  private buffer: { item: IngestRecord; resolve: (r: RecordOutcome) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly library: Library) {}

  push(item: IngestRecord): Promise<RecordOutcome> {
    return new Promise((resolve, reject) => {
      this.buffer.push({ item, resolve, reject });
      if (this.buffer.length >= INGEST_DEFAULTS.flushCount) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), INGEST_DEFAULTS.flushMs);
    });
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer.splice(0);
    if (batch.length === 0) return;
    let outcomes: RecordOutcome[];
    try {
      outcomes = this.library.record(batch.map((b) => b.item));
    } catch (err) {
      for (const b of batch) b.reject(err);
      return;
    }
    batch.forEach((b, i) => b.resolve(outcomes[i]));
  }
}
