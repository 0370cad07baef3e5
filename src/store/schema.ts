/** The library database: file name, connection settings, and the schema as an ordered list of migrations. */
import Database from 'better-sqlite3';
import { LibraryError } from './errors.js';

/** The SQLite file inside a library folder. */
export const DB_FILE = 'library.sqlite';

/** How long a connection waits for another process's write transaction before giving up (ms). */
export const BUSY_TIMEOUT_MS = 60_000;

export interface Migration {
  version: number;
  description: string;
  /** SQL run inside the migration's transaction. */
  sql: string;
}

/**
 * Every schema change, oldest first. Never edit a released migration: append a new one.
 *
 * v1 tables:
 * - `tracks`: one row per distinct file content (`hash` = sha256 of the bytes), metadata and the excerpt analysed.
 * - `embedders`: one row per embedder with vectors in the library: `dim`, and `generation`, bumped by
 *   every change to its vectors or statistics (index files carry the generation they were built from).
 *   `changes_since_stats` counts vectors added or removed since the statistics were computed (staleness).
 * - `embeddings`: raw (un-normalised) vectors, float32 little-endian BLOBs, keyed by (embedder, track).
 * - `norm_stats`: per embedder, the mean vector (float64 LE BLOB) subtracted before L2 normalisation.
 * - `jobs`: one row per file path ever offered to `library add`: size + mtime tell whether it changed,
 *   status pending/done/failed, the track it became, or the error code and message.
 * - `meta`: key/value facts about the library (created_at, excerpt settings).
 */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    description: 'tracks, embedders, embeddings, norm_stats, jobs, meta',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE tracks (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        title TEXT NOT NULL,
        artist TEXT,
        genre TEXT,
        album TEXT,
        year INTEGER,
        duration REAL,
        size_bytes INTEGER NOT NULL,
        format TEXT NOT NULL,
        codec TEXT,
        sample_rate INTEGER,
        channels INTEGER,
        excerpt_offset REAL NOT NULL,
        excerpt_duration REAL,
        added_at TEXT NOT NULL
      );
      CREATE INDEX tracks_artist ON tracks (artist COLLATE NOCASE);
      CREATE INDEX tracks_genre ON tracks (genre COLLATE NOCASE);
      CREATE TABLE embedders (
        embedder_id TEXT PRIMARY KEY,
        dim INTEGER NOT NULL CHECK (dim > 0),
        generation INTEGER NOT NULL DEFAULT 0,
        changes_since_stats INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE embeddings (
        embedder_id TEXT NOT NULL REFERENCES embedders (embedder_id),
        track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
        vector BLOB NOT NULL,
        PRIMARY KEY (embedder_id, track_id)
      );
      CREATE INDEX embeddings_track ON embeddings (track_id);
      CREATE TABLE norm_stats (
        embedder_id TEXT PRIMARY KEY REFERENCES embedders (embedder_id),
        method TEXT NOT NULL,
        count INTEGER NOT NULL,
        mean BLOB NOT NULL,
        computed_at TEXT NOT NULL
      );
      CREATE TABLE jobs (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
        outcome TEXT CHECK (outcome IN ('added', 'duplicate', 'updated')),
        hash TEXT,
        track_id INTEGER,
        error_code TEXT,
        error_message TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_track ON jobs (track_id);
      CREATE INDEX jobs_status ON jobs (status);
    `,
  },
]);

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Opens (and if needed creates or upgrades) the library database at `file`.
 * WAL mode lets readers (`match`) run while a writer (`library add`) commits; busy_timeout makes
 * concurrent writers queue instead of failing; synchronous=NORMAL keeps every commit through a
 * process crash (kill -9) and loses at most the last commits, never consistency, on power loss.
 */
export function openDatabase(file: string, dir: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new LibraryError('E_UNREADABLE', `cannot open the library database ${file}: ${(err as Error).message}`, { input: dir, cause: err });
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    retryBusy(() => db.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, dir);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof LibraryError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new LibraryError('E_NOT_A_LIBRARY', `${file} is not a SQLite database, so ${dir} is not a sonicprint library`, { input: dir, cause: err });
    throw new LibraryError('E_UNREADABLE', `cannot open the library database ${file}: ${(err as Error).message}`, { input: dir, cause: err });
  }
}

/** The schema version of an open database (0 for a fresh file). */
export function schemaVersion(db: Database.Database): number {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!has) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Applies the migrations the database lacks, each in the same IMMEDIATE transaction as the
 * version check, so two processes opening a fresh folder at once apply them exactly once.
 */
function migrate(db: Database.Database, dir: string): void {
  const upgrade = db.transaction(() => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
    const names = new Set(tables.map((t) => t.name));
    if (names.size > 0 && !names.has('schema_version')) {
      throw new LibraryError('E_NOT_A_LIBRARY', `${dir}: the database has tables (${[...names].slice(0, 5).join(', ')}) but is not a sonicprint library`, { input: dir });
    }
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const current = schemaVersion(db);
    if (current > SCHEMA_VERSION) {
      throw new LibraryError(
        'E_SCHEMA_TOO_NEW',
        `${dir}: the library has schema version ${current}, this sonicprint knows versions up to ${SCHEMA_VERSION}; upgrade sonicprint`,
        { input: dir },
      );
    }
    const record = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      record.run(m.version, m.description, new Date().toISOString());
      if (m.version === 1) db.prepare("INSERT INTO meta (key, value) VALUES ('created_at', ?)").run(new Date().toISOString());
    }
  });
  // Fast path: an up-to-date library needs no write lock.
  if (schemaVersion(db) === SCHEMA_VERSION) return;
  upgrade.immediate();
}

/** Runs `fn`, retrying for a while if SQLite reports the database busy (journal mode switches do not always wait). */
function retryBusy<T>(fn: () => T): T {
  const until = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || Date.now() > until) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}
