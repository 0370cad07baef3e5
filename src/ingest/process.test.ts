/**
 * Ingest with real worker threads and real processes: the worker pool, kill -9 in the middle of
 * `library add` and a rerun, and two `library add` processes on one library at once. Worker
 * threads and child processes cannot load TypeScript, so these run a compiled copy of src/
 * (testing.ts compiledCopy: transpiled into node_modules/.cache, keyed by the sources' hash).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../store/schema.js';
import { Library } from '../store/library.js';
import { ingest } from './ingest.js';
import { compiledCopy, treeSpecs, writeClips, writeTestEmbedders } from '../../test/ingest-testing.js';

let root: string;
let music: string;
let embedderModule: string;
let build: string;
const N = 12;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sonicprint-process-'));
  music = join(root, 'music');
  embedderModule = await writeTestEmbedders(root);
  await writeClips(music, treeSpecs(N / 3, 4));
  build = await compiledCopy();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

function addProcess(library: string, extraEnv: Record<string, string> = {}, workers = 1): Run {
  const child = spawn(
    process.execPath,
    [join(build, 'cli', 'main.js'), 'library', 'add', '--json', '--library', library, '--genre-from', 'dir', '--embedders', 'tone-v1', '--workers', String(workers), music],
    { env: { ...process.env, SONICPRINT_EMBEDDER_MODULE: embedderModule, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done };
}

/** Rows of a table, read through a separate read-only connection (what another process sees). */
function countRows(library: string, table: string): number {
  const file = join(library, DB_FILE);
  if (!existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // schema not created yet
  }
}

/** Everything a complete, consistent library of the N clips must satisfy. */
function expectComplete(library: string): void {
  const lib = Library.open(library);
  try {
    expect(lib.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    expect(lib.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    const tracks = lib.tracks();
    expect(tracks).toHaveLength(N);
    expect(new Set(tracks.map((t) => t.hash)).size).toBe(N);
    expect(new Set(tracks.map((t) => t.path)).size).toBe(N);
    expect(lib.embedders()).toMatchObject([{ embedderId: 'tone-v1', vectors: N, dim: 12 }]);
    expect(lib.jobCounts()).toEqual({ done: N, failed: 0, pending: 0 });
    expect(lib.indexIsCurrent('tone-v1')).toBe(true);
    const index = lib.index('tone-v1');
    expect(Array.from(index.ids)).toEqual(tracks.map((t) => t.id));
    for (let i = 0; i < N; i++) {
      const row = index.vectors.data.subarray(i * 12, (i + 1) * 12);
      expect(Array.from(lib.normalizeQuery('tone-v1', lib.rawVector(index.ids[i], 'tone-v1')!))).toEqual(Array.from(row));
    }
  } finally {
    lib.close();
  }
}

describe('worker pool', () => {
  it('gives the same vectors as inline analysis, with 2 worker threads', async () => {
    const pooled = Library.open(join(root, 'pooled'), { create: true });
    const inline = Library.open(join(root, 'inline'), { create: true });
    const opts = { embedders: ['tone-v1', 'tone-zcr'], embedderModule, genreFrom: 'dir' as const };
    const a = await ingest(pooled, [music], { ...opts, workers: 2, workerScript: join(build, 'ingest', 'worker.js') });
    const b = await ingest(inline, [music], { ...opts, workers: 0 });
    expect(a).toMatchObject({ workers: 2, added: N, failed: [] });
    expect(b).toMatchObject({ workers: 0, added: N, failed: [] });
    for (const t of pooled.tracks()) {
      const twin = inline.trackIdByHash(t.hash)!;
      for (const e of ['tone-v1', 'tone-zcr']) expect(Array.from(pooled.rawVector(t.id, e)!)).toEqual(Array.from(inline.rawVector(twin, e)!));
    }
    pooled.close();
    inline.close();
  });

  it('an embedder that cannot be loaded stops the run with its message', async () => {
    const lib = Library.open(join(root, 'bad-embedder'), { create: true });
    await expect(ingest(lib, [music], { embedders: ['nope'], embedderModule, workers: 1, workerScript: join(build, 'ingest', 'worker.js') })).rejects.toThrow(
      /unknown test embedder 'nope'/,
    );
    lib.close();
  });
});

describe('crash safety and concurrency (child processes)', () => {
  it('kill -9 in the middle of library add, then the same command again: complete, no duplicates, consistent index', async () => {
    const library = join(root, 'killed');
    const run = addProcess(library, { SONICPRINT_TEST_EMBED_DELAY_MS: '150' });
    let atKill = 0;
    for (const t0 = Date.now(); Date.now() - t0 < 60_000; ) {
      atKill = countRows(library, 'tracks');
      if (atKill >= 3) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    const afterKill = countRows(library, 'tracks');
    expect(afterKill).toBeGreaterThanOrEqual(3);
    expect(afterKill).toBeLessThan(N);

    // What the killed run left: every committed file complete (track + vector + done job), the rest pending.
    const lib = Library.open(library);
    expect(lib.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    expect(countRows(library, 'embeddings')).toBe(afterKill);
    expect(lib.jobCounts()).toEqual({ done: afterKill, failed: 0, pending: N - afterKill });
    lib.close();

    const rerun = await addProcess(library).done;
    expect(rerun.err).toBe('');
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.out);
    expect(summary).toMatchObject({ unchanged: afterKill, added: N - afterKill, duplicates: 0, failed: [], tracks: N, workers: 1 });
    expectComplete(library);
  }, 120_000);

  it('two library add processes on the same (new) library at once: each track once, index consistent', async () => {
    const library = join(root, 'concurrent');
    const env = { SONICPRINT_TEST_EMBED_DELAY_MS: '20' };
    const [a, b] = await Promise.all([addProcess(library, env).done, addProcess(library, env).done]);
    expect([a.code, b.code, a.err, b.err]).toEqual([0, 0, '', '']);
    const sa = JSON.parse(a.out);
    const sb = JSON.parse(b.out);
    expect(sa.added + sb.added).toBe(N);
    for (const s of [sa, sb]) expect(s.added + s.duplicates + s.unchanged).toBe(N);
    expectComplete(library);
  }, 120_000);
});
