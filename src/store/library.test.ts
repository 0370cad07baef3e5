import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gaussian, seededRandom } from '../synth/random.js';
import { isLibraryError } from './errors.js';
import { headerPath, readIndexFiles } from './index-files.js';
import { Library, type IngestRecord } from './library.js';
import { STALE_FRACTION } from './normalize.js';
import { DB_FILE, SCHEMA_VERSION } from './schema.js';

let dir: string;
let lib: Library;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'sonicprint-store-')), 'lib');
});
afterEach(() => {
  lib?.close();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

/** Synthetic tracks: vectors = offset + noise, so the mean is far from 0 and centring matters. */
function records(n: number, opts: { dim?: number; embedder?: string; first?: number; artist?: (i: number) => string } = {}): IngestRecord[] {
  const dim = opts.dim ?? 8;
  const randn = gaussian(seededRandom(opts.first ?? 1));
  return Array.from({ length: n }, (_, k) => {
    const i = (opts.first ?? 0) + k;
    const v = Float32Array.from({ length: dim }, (_, d) => 5 + d + randn());
    return {
      kind: 'track' as const,
      file: { path: `/music/${i}.mp3`, size: 1000 + i, mtimeMs: 1 },
      track: {
        path: `/music/${i}.mp3`,
        hash: `hash-${i}`,
        title: `Song ${i}`,
        artist: opts.artist ? opts.artist(i) : `Artist ${i % 3}`,
        genre: i % 2 ? 'rock' : 'jazz',
        album: null,
        year: null,
        duration: 30,
        sizeBytes: 1000 + i,
        format: 'mp3',
        codec: 'MPEG 1 Layer 3',
        sampleRate: 44100,
        channels: 2,
        excerptOffset: 0,
        excerptDuration: 30,
      },
      vectors: { [opts.embedder ?? 'emb-a']: v },
    };
  });
}

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

describe('Library.open and migrations', () => {
  it('refuses a missing library without create, creates schema v1 from an empty folder, and reopens it', () => {
    expect(() => Library.open(dir)).toThrow(/no library at .*sonicprint library add/);
    try {
      Library.open(dir);
    } catch (err) {
      expect(isLibraryError(err, 'E_NOT_FOUND')).toBe(true);
    }
    lib = Library.open(dir, { create: true });
    expect(lib.schemaVersion).toBe(SCHEMA_VERSION);
    expect(lib.schemaVersion).toBe(1);
    expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(lib.trackCount()).toBe(0);
    lib.record(records(3));
    lib.close();
    lib = Library.open(dir);
    expect(lib.trackCount()).toBe(3);
    const versions = lib.db.prepare('SELECT version FROM schema_version').all();
    expect(versions).toEqual([{ version: 1 }]);
  });

  it('refuses a database of a newer schema and a SQLite file that is not a library', () => {
    lib = Library.open(dir, { create: true });
    lib.db.prepare("INSERT INTO schema_version VALUES (99, 'future', 'now')").run();
    lib.close();
    expect(() => (lib = Library.open(dir))).toThrow(/schema version 99.*upgrade sonicprint/);

    const other = join(dir, '..', 'other');
    mkdirSync(other);
    const foreign = new Database(join(other, DB_FILE));
    foreign.exec('CREATE TABLE songs (x)');
    foreign.close();
    try {
      Library.open(other);
      expect.unreachable();
    } catch (err) {
      expect(isLibraryError(err, 'E_NOT_A_LIBRARY')).toBe(true);
    }
    writeFileSync(join(dir, '..', 'plain-file'), 'x');
    expect(() => Library.open(join(dir, '..', 'plain-file'))).toThrow(/is a file/);
  });
});

describe('tracks and metadata', () => {
  it('lists, filters (case-insensitive), counts artists and genres; duplicates by hash are not inserted', () => {
    lib = Library.open(dir, { create: true });
    const out = lib.record(records(6));
    expect(out.map((o) => o.outcome)).toEqual(Array(6).fill('added'));
    expect(lib.record(records(1)).map((o) => o.outcome)).toEqual(['duplicate']);
    expect(lib.trackCount()).toBe(6);
    expect(lib.tracks({ artist: 'artist 1' }).map((t) => t.title)).toEqual(['Song 1', 'Song 4']);
    expect(lib.tracks({ genre: 'ROCK' })).toHaveLength(3);
    expect(lib.tracks({ ids: [2, 4, 99] }).map((t) => t.id)).toEqual([2, 4]);
    expect(lib.artists()).toEqual([
      { artist: 'Artist 0', trackCount: 2 },
      { artist: 'Artist 1', trackCount: 2 },
      { artist: 'Artist 2', trackCount: 2 },
    ]);
    expect(lib.genres()).toEqual([
      { genre: 'jazz', trackCount: 3 },
      { genre: 'rock', trackCount: 3 },
    ]);
    expect(lib.track(1)).toMatchObject({ id: 1, title: 'Song 0', hash: 'hash-0', path: '/music/0.mp3', duration: 30 });
    expect(lib.track(1)!.addedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('a record carrying a new embedder for a known track is "updated"; a wrong dimension is refused', () => {
    lib = Library.open(dir, { create: true });
    lib.record(records(2));
    const extra = records(1, { embedder: 'emb-b', dim: 3 });
    expect(lib.record(extra)[0]).toEqual({ outcome: 'updated', trackId: 1 });
    expect(lib.trackEmbedders(1)).toEqual(['emb-a', 'emb-b']);
    // Batch with one bad item: the others still commit, the bad one is recorded as failed.
    const bad = records(1, { embedder: 'emb-b', dim: 5, first: 10 });
    const good = records(1, { first: 11 });
    const outcomes = lib.record([...bad, ...good]);
    expect(outcomes[0]).toMatchObject({ outcome: 'failed', code: 'E_CORRUPT' });
    expect(outcomes[0].outcome === 'failed' && outcomes[0].message).toMatch(/gave 5 values.*3-dimensional/);
    expect(outcomes[1].outcome).toBe('added');
    expect(lib.failures()).toHaveLength(1);
    expect(lib.trackIdByHash('hash-10')).toBeUndefined();
  });
});

describe('normalisation and index files', () => {
  it('index rows have unit norm, the centred raw vectors have mean ≈ 0, and normalizeQuery(raw) equals the row', () => {
    lib = Library.open(dir, { create: true });
    lib.record(records(50, { dim: 16 }));
    const index = lib.index('emb-a');
    expect(index.vectors).toMatchObject({ dim: 16, count: 50 });
    expect(Array.from(index.ids)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (let i = 0; i < 50; i++) expect(norm(index.vectors.data.subarray(i * 16, (i + 1) * 16))).toBeCloseTo(1, 5);

    const stats = lib.normalization('emb-a')!;
    expect(stats).toMatchObject({ method: 'center-l2', count: 50 });
    const raw = lib.rawVectors('emb-a');
    const centredMean = new Float64Array(16);
    for (let i = 0; i < 50; i++) for (let d = 0; d < 16; d++) centredMean[d] += (raw.vectors.data[i * 16 + d] - stats.mean[d]) / 50;
    for (const m of centredMean) expect(Math.abs(m)).toBeLessThan(1e-6);
    // The raw mean is ~5 + d: centring removes a large common offset.
    expect(stats.mean[0]).toBeGreaterThan(4);

    for (const id of [1, 17, 50]) {
      const q = lib.normalizeQuery('emb-a', lib.rawVector(id, 'emb-a')!);
      const row = index.vectors.data.subarray((id - 1) * 16, id * 16);
      expect(Array.from(q)).toEqual(Array.from(row));
    }
    // Inner product of normalised vectors is the cosine of the centred vectors.
    const a = lib.normalizeQuery('emb-a', lib.rawVector(1, 'emb-a')!);
    expect(a.reduce((s, x, d) => s + x * index.vectors.data[d], 0)).toBeCloseTo(1, 5);

    expect(() => lib.normalizeQuery('emb-a', new Float32Array(3))).toThrow(/3 dimensions.*16/);
  });

  it('writes index files atomically with the generation in their names, and reads them back instead of rebuilding', () => {
    lib = Library.open(dir, { create: true });
    lib.record(records(10));
    const first = lib.index('emb-a');
    const header = JSON.parse(readFileSync(headerPath(dir, 'emb-a'), 'utf8'));
    expect(header).toMatchObject({ format: 'sonicprint-index', embedderId: 'emb-a', count: 10, dim: 8, generation: first.generation, normalization: 'center-l2' });
    expect(readdirSync(join(dir, 'index')).sort()).toEqual([`emb-a.g${first.generation}.f32`, `emb-a.g${first.generation}.ids`, 'emb-a.json']);
    // A second process (here: a second instance) reads the files.
    const other = Library.open(dir);
    const again = other.index('emb-a');
    expect(Array.from(again.vectors.data)).toEqual(Array.from(first.vectors.data));
    other.close();
  });

  it('rebuilds a stale index: generation moved on, truncated data, missing files', () => {
    lib = Library.open(dir, { create: true });
    lib.record(records(10));
    const built = lib.index('emb-a');
    const rows = Array.from(built.vectors.data);
    lib.close();

    // A commit whose index write never happened (crash between the two): the DB's generation is ahead.
    const db = new Database(join(dir, DB_FILE));
    db.prepare("UPDATE embedders SET generation = generation + 1 WHERE embedder_id = 'emb-a'").run();
    db.close();
    lib = Library.open(dir);
    expect(lib.indexIsCurrent('emb-a')).toBe(false);
    const rebuilt = lib.index('emb-a');
    expect(rebuilt.generation).toBe(built.generation + 1);
    expect(Array.from(rebuilt.vectors.data)).toEqual(rows);
    expect(lib.indexIsCurrent('emb-a')).toBe(true);
    expect(readdirSync(join(dir, 'index')).filter((n) => n.endsWith('.f32'))).toEqual([`emb-a.g${rebuilt.generation}.f32`]);
    lib.close();

    // Truncated matrix file.
    truncateSync(join(dir, 'index', `emb-a.g${rebuilt.generation}.f32`), 12);
    lib = Library.open(dir);
    expect(readIndexFiles(dir, 'emb-a', rebuilt.generation, 8)).toBeUndefined();
    expect(Array.from(lib.index('emb-a').vectors.data)).toEqual(rows);
    expect(readIndexFiles(dir, 'emb-a', rebuilt.generation, 8)).toBeDefined();
    lib.close();

    // Index folder deleted; a temp file left by a dead writer is cleaned up.
    rmSync(join(dir, 'index'), { recursive: true });
    lib = Library.open(dir);
    expect(lib.stats().embedders[0].indexCurrent).toBe(false);
    lib.index('emb-a');
    writeFileSync(join(dir, 'index', 'emb-a.json.tmp-999999999-abc'), '{');
    lib.reindex();
    expect(existsSync(join(dir, 'index', 'emb-a.json.tmp-999999999-abc'))).toBe(false);
    expect(lib.indexIsCurrent('emb-a')).toBe(true);
  });

  it('staleness: fresh after the first statistics, stale after >10% changes, fresh again after reindex', () => {
    lib = Library.open(dir, { create: true });
    expect(lib.staleness('emb-a')).toMatchObject({ hasStats: false, stale: false, vectorsNow: 0 });
    lib.record(records(20));
    expect(lib.staleness('emb-a')).toMatchObject({ hasStats: false, stale: true, vectorsNow: 20 });
    lib.refresh();
    expect(lib.staleness('emb-a')).toMatchObject({ hasStats: true, stale: false, vectorsAtReindex: 20, changesSinceReindex: 0, threshold: STALE_FRACTION });
    lib.record(records(2, { first: 20 }));
    expect(lib.staleness('emb-a')).toMatchObject({ stale: false, changesSinceReindex: 2, changedFraction: 0.1 });
    const before = lib.normalization('emb-a')!;
    lib.record(records(1, { first: 22 }));
    expect(lib.staleness('emb-a')).toMatchObject({ stale: true, vectorsNow: 23, changesSinceReindex: 3 });
    // New vectors are normalised with the saved (old) statistics until reindex.
    expect(lib.index('emb-a').vectors.count).toBe(23);
    expect(Array.from(lib.normalization('emb-a')!.mean)).toEqual(Array.from(before.mean));
    const [r] = lib.reindex();
    expect(r).toMatchObject({ embedderId: 'emb-a', vectors: 23, dim: 8 });
    expect(lib.staleness('emb-a')).toMatchObject({ stale: false, vectorsAtReindex: 23, changesSinceReindex: 0 });
    expect(Array.from(lib.normalization('emb-a')!.mean)).not.toEqual(Array.from(before.mean));
    expect(lib.staleness('emb-a').ageSeconds).toBeLessThan(60);
  });

  it('an embedder without vectors is E_EMPTY_LIBRARY with a message naming what the library has', () => {
    lib = Library.open(dir, { create: true });
    expect(() => lib.index('emb-a')).toThrow(/library at .* is empty: add music with `sonicprint library add/);
    lib.record(records(3));
    try {
      lib.index('emb-x');
      expect.unreachable();
    } catch (err) {
      expect(isLibraryError(err, 'E_EMPTY_LIBRARY')).toBe(true);
      expect((err as Error).message).toMatch(/no 'emb-x' vectors \(it has: emb-a\)/);
    }
  });
});

describe('remove', () => {
  it('removes tracks, vectors and jobs in one transaction and rewrites the index', () => {
    lib = Library.open(dir, { create: true });
    lib.record(records(9));
    lib.index('emb-a');
    const res = lib.remove([2, 5, 42]);
    expect(res.removed.map((t) => t.id)).toEqual([2, 5]);
    expect(res.notFound).toEqual([42]);
    expect(lib.trackCount()).toBe(7);
    expect(lib.job('/music/1.mp3')).toBeUndefined();
    expect(lib.job('/music/0.mp3')).toMatchObject({ status: 'done', trackId: 1 });
    expect(lib.indexIsCurrent('emb-a')).toBe(true);
    expect(Array.from(lib.index('emb-a').ids)).toEqual([1, 3, 4, 6, 7, 8, 9]);
    expect(lib.staleness('emb-a').changesSinceReindex).toBe(2);
    // Removing everything drops the statistics and the index files.
    lib.remove(lib.tracks().map((t) => t.id));
    expect(lib.normalization('emb-a')).toBeUndefined();
    expect(existsSync(headerPath(dir, 'emb-a'))).toBe(false);
    expect(lib.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  });
});
