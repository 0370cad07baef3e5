/** Library: one folder holding a SQLite database (tracks, raw vectors, jobs, statistics) and per-embedder index files. */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { ExcerptOptions, Segment } from '../embed/embedder.js';
import { ParameterError } from '../errors.js';
import type { VectorMatrix } from '../search/vectors.js';
import { EMBEDDER_ID_PATTERN } from './embedder-id.js';
import { LibraryError } from './errors.js';
import { indexFilesCurrent, indexSizeBytes, readIndexFiles, removeIndexFiles, writeIndexFiles, type IndexHeader } from './index-files.js';
import { isStale, meanVector, normalizeMatrix, normalizeVector, NORMALIZATION_METHOD, STALE_FRACTION } from './normalize.js';
import { DB_FILE, openDatabase, schemaVersion } from './schema.js';

export { EMBEDDER_ID_PATTERN };

/** SQLite caps bound parameters per statement; id lists are split into chunks of this size. */
const CHUNK = 500;

export interface OpenOptions {
  /** Create the folder and database when missing (default false: a missing library is an E_NOT_FOUND error). */
  create?: boolean;
}

/** One track: a distinct file content. */
export interface Track {
  id: number;
  artist: string | null;
  title: string;
  genre: string | null;
  album: string | null;
  year: number | null;
  /** Seconds, the whole file (from its headers). */
  duration: number | null;
  /** Absolute path of the file the track was added from (updated if a later copy is added after the original disappeared). */
  path: string;
  /** sha256 of the file bytes, hex. */
  hash: string;
  sizeBytes: number;
  format: string;
  codec: string | null;
  /** The file's own sample rate (Hz) and channel count. */
  sampleRate: number | null;
  channels: number | null;
  /** The excerpt the vectors were computed on, seconds. excerptDuration null = to the end. */
  excerptOffset: number;
  excerptDuration: number | null;
  addedAt: string;
}

export interface TrackFilter {
  /** Case-insensitive exact match. */
  artist?: string;
  /** Case-insensitive exact match. */
  genre?: string;
  ids?: readonly number[];
}

export interface EmbedderInfo {
  embedderId: string;
  dim: number;
  vectors: number;
  /** Bumped by every change to this embedder's vectors or statistics. */
  generation: number;
}

export interface NormalizationStats {
  embedderId: string;
  method: string;
  /** Vectors the mean was computed over. */
  count: number;
  mean: Float64Array;
  computedAt: string;
}

/** Whether an embedder's normalisation statistics still describe its vectors. */
export interface Staleness {
  embedderId: string;
  /** False before any statistics exist (no vectors yet). */
  hasStats: boolean;
  computedAt: string | null;
  ageSeconds: number | null;
  vectorsAtReindex: number;
  vectorsNow: number;
  /** Vectors added plus removed since the statistics were computed. */
  changesSinceReindex: number;
  /** changesSinceReindex / max(1, vectorsAtReindex). */
  changedFraction: number;
  /** changedFraction > threshold, or vectors without statistics. */
  stale: boolean;
  /** STALE_FRACTION. */
  threshold: number;
}

/** The search-ready vectors of one embedder: normalised rows and the track id of each row. */
export interface LibraryIndex {
  embedderId: string;
  generation: number;
  ids: Int32Array;
  vectors: VectorMatrix;
}

export interface JobFailure {
  path: string;
  code: string;
  message: string;
  at: string;
}

export interface JobCounts {
  done: number;
  failed: number;
  pending: number;
}

export interface EmbedderStats extends EmbedderInfo {
  normalization: Staleness;
  /** Whether the index files on disk are of the current generation. */
  indexCurrent: boolean;
}

/** What `library stats --json` prints. */
export interface LibraryStats {
  library: string;
  schemaVersion: number;
  createdAt: string | null;
  tracks: number;
  artists: number;
  genres: number;
  tracksWithoutArtist: number;
  tracksWithoutGenre: number;
  /** Sum of track durations, seconds. */
  totalDuration: number;
  excerpt: ExcerptOptions | null;
  embedders: EmbedderStats[];
  jobs: JobCounts;
  failures: JobFailure[];
  sizeBytes: { database: number; index: number; total: number };
}

export interface ReindexResult {
  embedderId: string;
  vectors: number;
  dim: number;
  generation: number;
  computedAt: string;
}

export interface RemoveResult {
  /** Tracks removed, with what they were. */
  removed: Pick<Track, 'id' | 'artist' | 'title'>[];
  /** Requested ids with no track. */
  notFound: number[];
}

/** Identity of a file as the job table keys it: unchanged path + size + mtime = not decoded again. */
export interface FileKey {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface JobRow extends FileKey {
  status: 'pending' | 'done' | 'failed';
  outcome: 'added' | 'duplicate' | 'updated' | null;
  hash: string | null;
  trackId: number | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** Metadata of a track to insert (everything but id and addedAt). */
export type NewTrack = Omit<Track, 'id' | 'addedAt'>;

/** One file's result as ingest hands it to {@link Library.record}. */
export type IngestRecord =
  | { kind: 'track'; file: FileKey; track: NewTrack; vectors: Record<string, Float32Array> }
  | { kind: 'duplicate'; file: FileKey; hash: string }
  | { kind: 'failed'; file: FileKey; code: string; message: string; hash?: string };

export type RecordOutcome = { outcome: 'added' | 'duplicate' | 'updated'; trackId: number } | { outcome: 'failed'; code: string; message: string };

interface TrackRow {
  id: number;
  hash: string;
  path: string;
  title: string;
  artist: string | null;
  genre: string | null;
  album: string | null;
  year: number | null;
  duration: number | null;
  size_bytes: number;
  format: string;
  codec: string | null;
  sample_rate: number | null;
  channels: number | null;
  excerpt_offset: number;
  excerpt_duration: number | null;
  added_at: string;
}

const TRACK_COLUMNS = 'id, hash, path, title, artist, genre, album, year, duration, size_bytes, format, codec, sample_rate, channels, excerpt_offset, excerpt_duration, added_at';

/**
 * A reference library. The database is the source of truth; index files are a cache of the
 * normalised vectors that is rebuilt whenever its generation differs from the database's.
 * All methods are synchronous (better-sqlite3). One instance per process and folder; several
 * processes may open the same folder (SQLite serialises their writes).
 */
export class Library {
  /** Absolute path of the library folder. */
  readonly dir: string;
  /** The open database (for tests and maintenance; prefer the methods). */
  readonly db: Database.Database;
  private readonly cache = new Map<string, LibraryIndex>();
  private readonly statements = new Map<string, Database.Statement>();
  private closed = false;

  private constructor(dir: string, db: Database.Database) {
    this.dir = dir;
    this.db = db;
  }

  /**
   * Opens the library in `dir`. Without `create`, a folder with no library database is an
   * E_NOT_FOUND error whose message says how to create one. Migrates older schemas; refuses
   * newer ones (E_SCHEMA_TOO_NEW).
   */
  static open(dir: string, opts: OpenOptions = {}): Library {
    const abs = resolve(dir);
    const file = join(abs, DB_FILE);
    if (existsSync(abs) && !statSync(abs).isDirectory()) {
      throw new LibraryError('E_NOT_A_LIBRARY', `${abs} is a file; a library is a folder (give --library a folder name)`, { input: abs });
    }
    if (!existsSync(file)) {
      if (!opts.create) {
        throw new LibraryError('E_NOT_FOUND', `no library at ${abs}: create one with \`sonicprint library add --library ${abs} <music folder>\``, { input: abs });
      }
      mkdirSync(abs, { recursive: true });
    }
    return new Library(abs, openDatabase(file, abs));
  }

  /** Path of the database file. */
  get file(): string {
    return join(this.dir, DB_FILE);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    this.db.close();
  }

  /** A prepared statement, cached by its SQL text. */
  private sql(source: string): Database.Statement {
    let stmt = this.statements.get(source);
    if (!stmt) {
      stmt = this.db.prepare(source);
      this.statements.set(source, stmt);
    }
    return stmt;
  }

  // ---- tracks -------------------------------------------------------------------------------

  trackCount(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM tracks').get() as { n: number }).n;
  }

  /** Tracks in id order, optionally filtered. */
  tracks(filter: TrackFilter = {}): Track[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.artist !== undefined) {
      where.push('artist = ? COLLATE NOCASE');
      params.push(filter.artist);
    }
    if (filter.genre !== undefined) {
      where.push('genre = ? COLLATE NOCASE');
      params.push(filter.genre);
    }
    const base = `SELECT ${TRACK_COLUMNS} FROM tracks`;
    if (filter.ids === undefined) {
      const sql = `${base}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      return (this.sql(sql).all(...params) as TrackRow[]).map(toTrack);
    }
    const out: Track[] = [];
    for (const chunk of chunks(filter.ids)) {
      const sql = `${base} WHERE ${[...where, `id IN (${chunk.map(() => '?').join(',')})`].join(' AND ')}`;
      out.push(...(this.sql(sql).all(...params, ...chunk) as TrackRow[]).map(toTrack));
    }
    return out.sort((a, b) => a.id - b.id);
  }

  track(id: number): Track | undefined {
    const row = this.sql(`SELECT ${TRACK_COLUMNS} FROM tracks WHERE id = ?`).get(id) as TrackRow | undefined;
    return row && toTrack(row);
  }

  /** Artists with their track counts, most tracks first (tracks without an artist are not listed). */
  artists(): { artist: string; trackCount: number }[] {
    return this.sql('SELECT artist, COUNT(*) AS trackCount FROM tracks WHERE artist IS NOT NULL GROUP BY artist COLLATE NOCASE ORDER BY trackCount DESC, artist')
      .all() as { artist: string; trackCount: number }[];
  }

  /** Genres with their track counts, most tracks first. */
  genres(): { genre: string; trackCount: number }[] {
    return this.sql('SELECT genre, COUNT(*) AS trackCount FROM tracks WHERE genre IS NOT NULL GROUP BY genre COLLATE NOCASE ORDER BY trackCount DESC, genre')
      .all() as { genre: string; trackCount: number }[];
  }

  // ---- vectors ------------------------------------------------------------------------------

  /** Embedders with vectors in this library. */
  embedders(): EmbedderInfo[] {
    return this.sql(
        `SELECT e.embedder_id AS embedderId, e.dim, e.generation,
                (SELECT COUNT(*) FROM embeddings v WHERE v.embedder_id = e.embedder_id) AS vectors
           FROM embedders e ORDER BY e.embedder_id`,
      )
      .all() as EmbedderInfo[];
  }

  /** Ids of the embedders that have a vector for this track. */
  trackEmbedders(trackId: number): string[] {
    return (this.sql('SELECT embedder_id AS id FROM embeddings WHERE track_id = ? ORDER BY embedder_id').all(trackId) as { id: string }[]).map((r) => r.id);
  }

  /** The raw (un-normalised) vector of a track, as the embedder returned it. */
  rawVector(trackId: number, embedderId: string): Float32Array | undefined {
    const row = this.sql('SELECT vector FROM embeddings WHERE embedder_id = ? AND track_id = ?').get(embedderId, trackId) as { vector: Buffer } | undefined;
    return row && floatsOf(row.vector);
  }

  /** All raw vectors of an embedder in track-id order (for evaluation and statistics). */
  rawVectors(embedderId: string): { ids: Int32Array; vectors: VectorMatrix } {
    return this.db.transaction(() => this.readRaw(embedderId))();
  }

  /** The saved normalisation statistics, or undefined before any exist. */
  normalization(embedderId: string): NormalizationStats | undefined {
    const row = this.sql('SELECT embedder_id, method, count, mean, computed_at FROM norm_stats WHERE embedder_id = ?').get(embedderId) as
      | { embedder_id: string; method: string; count: number; mean: Buffer; computed_at: string }
      | undefined;
    if (!row) return undefined;
    const mean = new Float64Array(row.mean.byteLength / 8);
    new Uint8Array(mean.buffer).set(row.mean);
    return { embedderId: row.embedder_id, method: row.method, count: row.count, mean, computedAt: row.computed_at };
  }

  /**
   * Normalises a query vector exactly as the library's rows were: minus the saved mean, then unit
   * L2 norm. Statistics are computed first if the embedder has vectors but none yet.
   * E_EMPTY_LIBRARY when the library has no vectors of this embedder.
   */
  normalizeQuery(embedderId: string, raw: Float32Array): Float32Array {
    const stats = this.ensureStats(embedderId);
    if (raw.length !== stats.mean.length) {
      throw new ParameterError(`query vector of '${embedderId}' has ${raw.length} dimensions, the library's have ${stats.mean.length}`);
    }
    return normalizeVector(raw, stats.mean);
  }

  /**
   * The normalised vectors of an embedder with their track ids, from the index files when they
   * are of the database's current generation, else rebuilt from the database (and rewritten,
   * atomically, when the folder is writable). E_EMPTY_LIBRARY when there are no vectors.
   */
  index(embedderId: string): LibraryIndex {
    this.ensureStats(embedderId);
    const info = this.embedderRow(embedderId)!;
    const cached = this.cache.get(embedderId);
    if (cached && cached.generation === info.generation) return cached;
    const files = readIndexFiles(this.dir, embedderId, info.generation, info.dim);
    const index: LibraryIndex = files
      ? { embedderId, generation: info.generation, ids: files.ids, vectors: files.vectors }
      : this.rebuildIndex(embedderId, true);
    this.cache.set(embedderId, index);
    return index;
  }

  /** Whether the index files of an embedder are of the database's current generation. */
  indexIsCurrent(embedderId: string): boolean {
    const info = this.embedderRow(embedderId);
    if (!info) return false;
    return indexFilesCurrent(this.dir, embedderId, info.generation, info.dim);
  }

  /** Staleness of an embedder's statistics (see STALE_FRACTION). */
  staleness(embedderId: string): Staleness {
    const info = this.embedderRow(embedderId);
    const vectorsNow = info ? this.vectorCount(embedderId) : 0;
    const stats = this.sql('SELECT count, computed_at FROM norm_stats WHERE embedder_id = ?').get(embedderId) as { count: number; computed_at: string } | undefined;
    const changes = info?.changes_since_stats ?? 0;
    if (!stats) {
      return {
        embedderId,
        hasStats: false,
        computedAt: null,
        ageSeconds: null,
        vectorsAtReindex: 0,
        vectorsNow,
        changesSinceReindex: vectorsNow,
        changedFraction: vectorsNow > 0 ? 1 : 0,
        stale: vectorsNow > 0,
        threshold: STALE_FRACTION,
      };
    }
    const changedFraction = changes / Math.max(1, stats.count);
    return {
      embedderId,
      hasStats: true,
      computedAt: stats.computed_at,
      ageSeconds: Math.max(0, (Date.now() - Date.parse(stats.computed_at)) / 1000),
      vectorsAtReindex: stats.count,
      vectorsNow,
      changesSinceReindex: changes,
      changedFraction,
      stale: isStale(stats.count, changes),
      threshold: STALE_FRACTION,
    };
  }

  /**
   * Recomputes the normalisation statistics of the given embedders (default: all with vectors)
   * from all their current vectors, and rewrites their index files.
   */
  reindex(embedderIds?: readonly string[]): ReindexResult[] {
    const ids = embedderIds ?? this.embedders().filter((e) => e.vectors > 0).map((e) => e.embedderId);
    const results: ReindexResult[] = [];
    for (const id of ids) {
      const stats = this.computeStats(id, true);
      const index = this.rebuildIndex(id, true);
      this.cache.set(id, index);
      results.push({ embedderId: id, vectors: index.vectors.count, dim: index.vectors.dim, generation: index.generation, computedAt: stats.computedAt });
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return results;
  }

  /**
   * Statistics for embedders that have vectors but none yet (the first time a library gets
   * vectors), then index files for every embedder whose files are not current.
   */
  refresh(embedderIds?: readonly string[]): void {
    const ids = embedderIds ?? this.embedders().map((e) => e.embedderId);
    for (const id of ids) {
      const info = this.embedderRow(id);
      if (!info) continue;
      if (this.vectorCount(id) === 0) {
        removeIndexFiles(this.dir, id);
        continue;
      }
      this.index(id);
    }
  }

  // ---- removal ------------------------------------------------------------------------------

  /**
   * Removes tracks, their vectors and their job rows in one transaction, then rewrites the
   * index files of the embedders concerned. An embedder left with no vectors loses its
   * statistics, so the next vectors it gets are normalised with fresh ones.
   */
  remove(ids: readonly number[]): RemoveResult {
    const wanted = [...new Set(ids)];
    const result: RemoveResult = { removed: [], notFound: [] };
    const touched = new Set<string>();
    this.db
      .transaction(() => {
        const found = this.tracks({ ids: wanted });
        const foundIds = new Set(found.map((t) => t.id));
        result.notFound = wanted.filter((id) => !foundIds.has(id));
        result.removed = found.map((t) => ({ id: t.id, artist: t.artist, title: t.title }));
        for (const chunk of chunks(found.map((t) => t.id))) {
          const marks = chunk.map(() => '?').join(',');
          const perEmbedder = this.sql(`SELECT embedder_id AS id, COUNT(*) AS n FROM embeddings WHERE track_id IN (${marks}) GROUP BY embedder_id`).all(...chunk) as {
            id: string;
            n: number;
          }[];
          for (const { id, n } of perEmbedder) {
            this.bump(id, n);
            touched.add(id);
          }
          this.sql(`DELETE FROM embeddings WHERE track_id IN (${marks})`).run(...chunk);
          this.sql(`DELETE FROM jobs WHERE track_id IN (${marks})`).run(...chunk);
          this.sql(`DELETE FROM tracks WHERE id IN (${marks})`).run(...chunk);
        }
        for (const id of touched) {
          if (this.vectorCount(id) === 0) this.sql('DELETE FROM norm_stats WHERE embedder_id = ?').run(id);
        }
      })
      .immediate();
    for (const id of touched) this.cache.delete(id);
    this.refresh([...touched]);
    return result;
  }

  // ---- jobs ---------------------------------------------------------------------------------

  /** The job row of a path, if it was ever offered to ingest. */
  job(path: string): JobRow | undefined {
    const row = this.sql('SELECT path, size, mtime_ms, status, outcome, hash, track_id, error_code, error_message FROM jobs WHERE path = ?')
      .get(path) as
      | { path: string; size: number; mtime_ms: number; status: JobRow['status']; outcome: JobRow['outcome']; hash: string | null; track_id: number | null; error_code: string | null; error_message: string | null }
      | undefined;
    if (!row) return undefined;
    return {
      path: row.path,
      size: row.size,
      mtimeMs: row.mtime_ms,
      status: row.status,
      outcome: row.outcome,
      hash: row.hash,
      trackId: row.track_id,
      errorCode: row.error_code,
      errorMessage: row.error_message,
    };
  }

  jobCounts(): JobCounts {
    const counts: JobCounts = { done: 0, failed: 0, pending: 0 };
    for (const r of this.sql('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all() as { status: keyof JobCounts; n: number }[]) counts[r.status] = r.n;
    return counts;
  }

  /** Files whose last attempt failed, with the error code and message. */
  failures(): JobFailure[] {
    return this.sql("SELECT path, error_code AS code, error_message AS message, updated_at AS at FROM jobs WHERE status = 'failed' ORDER BY path")
      .all() as JobFailure[];
  }

  /** Marks files as pending work (one transaction), keeping rows already done for the same size and mtime. */
  markPending(files: readonly FileKey[]): void {
    const now = new Date().toISOString();
    const upsert = this.sql(
      `INSERT INTO jobs (path, size, mtime_ms, status, updated_at) VALUES (?, ?, ?, 'pending', ?)
       ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, status = 'pending',
         outcome = NULL, hash = NULL, track_id = NULL, error_code = NULL, error_message = NULL, updated_at = excluded.updated_at
       WHERE NOT (jobs.status = 'done' AND jobs.size = excluded.size AND jobs.mtime_ms = excluded.mtime_ms)`,
    );
    this.db
      .transaction(() => {
        for (const f of files) upsert.run(f.path, f.size, f.mtimeMs, now);
      })
      .immediate();
  }

  /** The id of the track with this content hash. */
  trackIdByHash(hash: string): number | undefined {
    return (this.sql('SELECT id FROM tracks WHERE hash = ?').get(hash) as { id: number } | undefined)?.id;
  }

  /** Dimension of an embedder's vectors in this library, if it has any. */
  embedderDim(embedderId: string): number | undefined {
    return this.embedderRow(embedderId)?.dim;
  }

  /**
   * Writes the results of several files in ONE transaction: for each file its track row, its
   * vectors and its job row, so a crash leaves every file either fully recorded or not at all.
   * A track whose content is already present (another process, or an earlier file) becomes a
   * 'duplicate', or 'updated' when it brings vectors of embedders the track lacked.
   */
  record(items: readonly IngestRecord[]): RecordOutcome[] {
    if (items.length === 0) return [];
    try {
      return this.db.transaction(() => items.map((item) => this.recordOne(item))).immediate();
    } catch (err) {
      if (items.length === 1) throw err;
      // Something in the batch failed: record one by one so only the culprit is affected.
      return items.map((item) => {
        try {
          return this.db.transaction(() => this.recordOne(item)).immediate();
        } catch (e) {
          const failed: IngestRecord = { kind: 'failed', file: item.file, code: 'E_CORRUPT', message: `${item.file.path}: cannot record in the library: ${(e as Error).message}` };
          return this.db.transaction(() => this.recordOne(failed)).immediate();
        }
      });
    }
  }

  /** The excerpt settings the library's vectors were computed with (set by the first ingest). */
  excerpt(): ExcerptOptions | null {
    const rows = this.sql("SELECT key, value FROM meta WHERE key IN ('excerpt_segment', 'excerpt_seconds')").all() as { key: string; value: string }[];
    const m = new Map(rows.map((r) => [r.key, r.value]));
    if (!m.has('excerpt_segment') || !m.has('excerpt_seconds')) return null;
    return { segment: m.get('excerpt_segment') as Segment, seconds: Number(m.get('excerpt_seconds')) };
  }

  /** Saves the excerpt settings unless some are saved already; returns the saved ones. */
  setExcerptIfUnset(opts: ExcerptOptions): ExcerptOptions {
    this.db
      .transaction(() => {
        const put = this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
        put.run('excerpt_segment', opts.segment);
        put.run('excerpt_seconds', String(opts.seconds));
      })
      .immediate();
    return this.excerpt()!;
  }

  // ---- summary ------------------------------------------------------------------------------

  sizeOnDisk(): { database: number; index: number; total: number } {
    let database = 0;
    for (const suffix of ['', '-wal', '-shm']) {
      try {
        database += statSync(this.file + suffix).size;
      } catch {
        // no such file (e.g. the WAL after a checkpoint)
      }
    }
    const index = indexSizeBytes(this.dir);
    return { database, index, total: database + index };
  }

  stats(): LibraryStats {
    const one = <T>(sql: string) => this.sql(sql).get() as T;
    const counts = one<{ tracks: number; noArtist: number; noGenre: number; total: number | null }>(
      'SELECT COUNT(*) AS tracks, SUM(artist IS NULL) AS noArtist, SUM(genre IS NULL) AS noGenre, SUM(duration) AS total FROM tracks',
    );
    const created = this.sql("SELECT value FROM meta WHERE key = 'created_at'").get() as { value: string } | undefined;
    return {
      library: this.dir,
      schemaVersion: this.schemaVersion,
      createdAt: created?.value ?? null,
      tracks: counts.tracks,
      artists: one<{ n: number }>('SELECT COUNT(DISTINCT artist COLLATE NOCASE) AS n FROM tracks WHERE artist IS NOT NULL').n,
      genres: one<{ n: number }>('SELECT COUNT(DISTINCT genre COLLATE NOCASE) AS n FROM tracks WHERE genre IS NOT NULL').n,
      tracksWithoutArtist: counts.noArtist ?? 0,
      tracksWithoutGenre: counts.noGenre ?? 0,
      totalDuration: counts.total ?? 0,
      excerpt: this.excerpt(),
      embedders: this.embedders().map((e) => ({ ...e, normalization: this.staleness(e.embedderId), indexCurrent: this.indexIsCurrent(e.embedderId) })),
      jobs: this.jobCounts(),
      failures: this.failures(),
      sizeBytes: this.sizeOnDisk(),
    };
  }

  // ---- internals ----------------------------------------------------------------------------

  private embedderRow(embedderId: string): { dim: number; generation: number; changes_since_stats: number } | undefined {
    return this.sql('SELECT dim, generation, changes_since_stats FROM embedders WHERE embedder_id = ?').get(embedderId) as
      | { dim: number; generation: number; changes_since_stats: number }
      | undefined;
  }

  private vectorCount(embedderId: string): number {
    return (this.sql('SELECT COUNT(*) AS n FROM embeddings WHERE embedder_id = ?').get(embedderId) as { n: number }).n;
  }

  /** A clear error for an embedder without vectors, naming the ones the library has. */
  private emptyError(embedderId: string): LibraryError {
    const others = this.embedders().filter((e) => e.vectors > 0 && e.embedderId !== embedderId).map((e) => e.embedderId);
    const hint = `add music with \`sonicprint library add --library ${this.dir} --embedders ${embedderId} <music folder>\``;
    const msg =
      this.trackCount() === 0
        ? `the library at ${this.dir} is empty: ${hint}`
        : `the library at ${this.dir} has no '${embedderId}' vectors${others.length ? ` (it has: ${others.join(', ')})` : ''}: ${hint}`;
    return new LibraryError('E_EMPTY_LIBRARY', msg, { input: this.dir });
  }

  /** Statistics of an embedder, computed now if it has vectors but no statistics yet. */
  private ensureStats(embedderId: string): NormalizationStats {
    if (this.vectorCount(embedderId) === 0) throw this.emptyError(embedderId);
    return this.normalization(embedderId) ?? this.computeStats(embedderId, false);
  }

  /**
   * Computes and saves the mean of an embedder's raw vectors (IMMEDIATE transaction, so the vectors
   * read are the ones the statistics are saved for). Without `force`, keeps statistics another
   * process saved meanwhile.
   */
  private computeStats(embedderId: string, force: boolean): NormalizationStats {
    return this.db
      .transaction(() => {
        if (!force) {
          const existing = this.normalization(embedderId);
          if (existing) return existing;
        }
        const raw = this.readRaw(embedderId);
        if (raw.vectors.count === 0) throw this.emptyError(embedderId);
        const mean = meanVector(raw.vectors);
        const computedAt = new Date().toISOString();
        this.sql(
            `INSERT INTO norm_stats (embedder_id, method, count, mean, computed_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (embedder_id) DO UPDATE SET method = excluded.method, count = excluded.count, mean = excluded.mean, computed_at = excluded.computed_at`,
          )
          .run(embedderId, NORMALIZATION_METHOD, raw.vectors.count, Buffer.from(mean.buffer), computedAt);
        this.sql('UPDATE embedders SET generation = generation + 1, changes_since_stats = 0 WHERE embedder_id = ?').run(embedderId);
        this.cache.delete(embedderId);
        return { embedderId, method: NORMALIZATION_METHOD, count: raw.vectors.count, mean, computedAt };
      })
      .immediate();
  }

  /** Raw vectors in track-id order; call inside a transaction for a consistent snapshot. */
  private readRaw(embedderId: string): { ids: Int32Array; vectors: VectorMatrix } {
    const info = this.embedderRow(embedderId);
    if (!info) throw this.emptyError(embedderId);
    const count = this.vectorCount(embedderId);
    const ids = new Int32Array(count);
    const data = new Float32Array(count * info.dim);
    const bytes = new Uint8Array(data.buffer);
    const rowBytes = info.dim * 4;
    let i = 0;
    for (const [trackId, vector] of this.sql('SELECT track_id, vector FROM embeddings WHERE embedder_id = ? ORDER BY track_id')
      .raw()
      .iterate(embedderId) as IterableIterator<[number, Buffer]>) {
      if (vector.byteLength !== rowBytes) {
        throw new LibraryError('E_CORRUPT', `${this.dir}: track ${trackId} has a '${embedderId}' vector of ${vector.byteLength / 4} values, expected ${info.dim}`, { input: this.dir });
      }
      ids[i] = trackId;
      bytes.set(vector, i * rowBytes);
      i++;
    }
    return { ids, vectors: { data, dim: info.dim, count } };
  }

  /** Normalised rows from the database (one read transaction), written to index files when possible. */
  private rebuildIndex(embedderId: string, write: boolean): LibraryIndex {
    const snapshot = this.db.transaction(() => {
      const info = this.embedderRow(embedderId);
      const stats = this.normalization(embedderId);
      if (!info || !stats) throw this.emptyError(embedderId);
      return { generation: info.generation, stats, raw: this.readRaw(embedderId) };
    })();
    if (snapshot.raw.vectors.count === 0) throw this.emptyError(embedderId);
    const vectors = normalizeMatrix(snapshot.raw.vectors, snapshot.stats.mean);
    const index: LibraryIndex = { embedderId, generation: snapshot.generation, ids: snapshot.raw.ids, vectors };
    if (write) {
      try {
        writeIndexFiles(this.dir, embedderId, snapshot.generation, snapshot.stats.method, snapshot.raw.ids, vectors);
      } catch (err) {
        // A read-only library still serves queries from memory.
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') throw err;
      }
    }
    return index;
  }

  /** Adds `changes` to an embedder's change counter and bumps its generation. */
  private bump(embedderId: string, changes: number): void {
    this.sql('UPDATE embedders SET generation = generation + 1, changes_since_stats = changes_since_stats + ? WHERE embedder_id = ?').run(changes, embedderId);
  }

  private recordOne(item: IngestRecord): RecordOutcome {
    const now = new Date().toISOString();
    const { path, size, mtimeMs } = item.file;
    const job = this.sql(
      `INSERT INTO jobs (path, size, mtime_ms, status, outcome, hash, track_id, error_code, error_message, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, status = excluded.status, outcome = excluded.outcome,
         hash = excluded.hash, track_id = excluded.track_id, error_code = excluded.error_code, error_message = excluded.error_message, updated_at = excluded.updated_at`,
    );
    if (item.kind === 'failed') {
      job.run(path, size, mtimeMs, 'failed', null, item.hash ?? null, null, item.code, item.message, now);
      return { outcome: 'failed', code: item.code, message: item.message };
    }
    if (item.kind === 'duplicate') {
      const id = this.trackIdByHash(item.hash);
      if (id === undefined) {
        const message = `${path}: the track with the same content was removed while this file was being added; run library add again`;
        job.run(path, size, mtimeMs, 'failed', null, item.hash, null, 'E_NOT_FOUND', message, now);
        return { outcome: 'failed', code: 'E_NOT_FOUND', message };
      }
      this.adoptPath(id, path);
      job.run(path, size, mtimeMs, 'done', 'duplicate', item.hash, id, null, null, now);
      return { outcome: 'duplicate', trackId: id };
    }
    const t = item.track;
    const inserted = this.sql(
        `INSERT INTO tracks (hash, path, title, artist, genre, album, year, duration, size_bytes, format, codec, sample_rate, channels, excerpt_offset, excerpt_duration, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING RETURNING id`,
      )
      .get(t.hash, t.path, t.title, t.artist, t.genre, t.album, t.year, t.duration, t.sizeBytes, t.format, t.codec, t.sampleRate, t.channels, t.excerptOffset, t.excerptDuration, now) as
      | { id: number }
      | undefined;
    const trackId = inserted?.id ?? this.trackIdByHash(t.hash)!;
    if (!inserted) this.adoptPath(trackId, path);
    let newVectors = 0;
    const addEmbedder = this.sql('INSERT INTO embedders (embedder_id, dim) VALUES (?, ?) ON CONFLICT (embedder_id) DO NOTHING');
    const addVector = this.sql('INSERT INTO embeddings (embedder_id, track_id, vector) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    for (const [embedderId, v] of Object.entries(item.vectors)) {
      if (!EMBEDDER_ID_PATTERN.test(embedderId)) throw new ParameterError(`embedder id '${embedderId}' must be letters, digits, '-' or '_'`);
      addEmbedder.run(embedderId, v.length);
      const dim = this.embedderRow(embedderId)!.dim;
      if (dim !== v.length) throw new ParameterError(`embedder '${embedderId}' gave ${v.length} values; the library holds ${dim}-dimensional '${embedderId}' vectors`);
      if (addVector.run(embedderId, trackId, Buffer.from(v.buffer, v.byteOffset, v.byteLength)).changes > 0) {
        this.bump(embedderId, 1);
        newVectors++;
      }
    }
    const outcome = inserted ? 'added' : newVectors > 0 ? 'updated' : 'duplicate';
    job.run(path, size, mtimeMs, 'done', outcome, t.hash, trackId, null, null, now);
    return { outcome, trackId };
  }

  /** Points a track at `path` when the file it was added from no longer exists (moved or renamed). */
  private adoptPath(trackId: number, path: string): void {
    const row = this.sql('SELECT path FROM tracks WHERE id = ?').get(trackId) as { path: string } | undefined;
    if (row && row.path !== path && !existsSync(row.path)) this.sql('UPDATE tracks SET path = ? WHERE id = ?').run(path, trackId);
  }
}

/** The library header file of an embedder, for tools that read index files directly. */
export type { IndexHeader };

function toTrack(r: TrackRow): Track {
  return {
    id: r.id,
    artist: r.artist,
    title: r.title,
    genre: r.genre,
    album: r.album,
    year: r.year,
    duration: r.duration,
    path: r.path,
    hash: r.hash,
    sizeBytes: r.size_bytes,
    format: r.format,
    codec: r.codec,
    sampleRate: r.sample_rate,
    channels: r.channels,
    excerptOffset: r.excerpt_offset,
    excerptDuration: r.excerpt_duration,
    addedAt: r.added_at,
  };
}

function floatsOf(buf: Buffer): Float32Array {
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}
