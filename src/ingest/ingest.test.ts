import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../store/library.js';
import { embedFiles } from './embed-files.js';
import { ingest, type IngestProgress } from './ingest.js';
import { scanPaths } from './scan.js';
import { treeSpecs, writeClips, writeTestEmbedders } from '../../test/ingest-testing.js';

let root: string;
let music: string;
let embedderModule: string;
const original = () => join(music, 'soft rock', 'Song 1 - Velvet Pianos.mp3');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sonicprint-ingest-'));
  music = join(root, 'music');
  embedderModule = await writeTestEmbedders(root);
  await writeClips(music, treeSpecs(2, 6));
  // A renamed copy (sorted after the original), a non-audio file with an audio name, an empty file, and files the scan ignores.
  mkdirSync(join(music, 'zz-copies'));
  copyFileSync(original(), join(music, 'zz-copies', 'Song 1 (copy).mp3'));
  writeFileSync(join(music, 'soft rock', 'broken.mp3'), '<html><body>404</body></html>');
  writeFileSync(join(music, 'country', 'empty.wav'), '');
  writeFileSync(join(music, 'notes.txt'), 'not music');
  writeFileSync(join(music, '.hidden.mp3'), 'x');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const base = () => ({ embedders: ['tone-v1'], embedderModule, workers: 0, genreFrom: 'dir' as const });

describe('scanPaths', () => {
  it('walks folders for audio extensions, skips hidden entries, names missing paths', async () => {
    const scan = await scanPaths([music, 'nope.mp3'], root);
    expect(scan.files.map((f) => f.path.slice(music.length + 1))).toEqual([
      'ambient/Song 1 - Organ Drift.mp3',
      'ambient/Song 2 - Organ Drift.wav',
      'country/Song 1 - Rust Pluckers.mp3',
      'country/Song 2 - Rust Pluckers.wav',
      'country/empty.wav',
      'soft rock/Song 1 - Velvet Pianos.mp3',
      'soft rock/Song 2 - Velvet Pianos.wav',
      'soft rock/broken.mp3',
      'zz-copies/Song 1 (copy).mp3',
    ]);
    expect(scan.errors.map((e) => [e.path, e.error.code])).toEqual([[join(root, 'nope.mp3'), 'E_NOT_FOUND']]);
    // A file named directly is taken whatever its extension.
    expect((await scanPaths([join(music, 'notes.txt')])).files).toHaveLength(1);
  });
});

describe('ingest (inline)', () => {
  let dir: string;
  beforeAll(() => {
    dir = join(root, 'lib');
  });

  it('adds a genre-folder tree: metadata from names and folders, duplicates by content, failures recorded with codes', async () => {
    const lib = Library.open(dir, { create: true });
    const seen: IngestProgress[] = [];
    const summary = await ingest(lib, [music], { ...base(), onProgress: (p) => seen.push(p) });
    expect(summary).toMatchObject({ files: 9, added: 6, duplicates: 1, updated: 0, unchanged: 0, tracks: 6, workers: 0, embedders: ['tone-v1'] });
    expect(summary.excerpt).toEqual({ segment: 'middle', seconds: 30 });
    expect(summary.failed.map((f) => [f.path.slice(music.length + 1), f.code])).toEqual([
      ['country/empty.wav', 'E_EMPTY_FILE'],
      ['soft rock/broken.mp3', 'E_UNKNOWN_FORMAT'],
    ]);
    expect(summary.failed[1].message).toContain('<html');
    expect(seen[0]).toMatchObject({ done: 0, total: 9 });
    expect(seen.at(-1)).toMatchObject({ done: 9, total: 9, added: 6, duplicates: 1, failed: 2 });

    expect(lib.genres()).toEqual([
      { genre: 'ambient', trackCount: 2 },
      { genre: 'country', trackCount: 2 },
      { genre: 'soft rock', trackCount: 2 },
    ]);
    expect(lib.artists().map((a) => [a.artist, a.trackCount])).toEqual([
      ['Organ Drift', 2],
      ['Rust Pluckers', 2],
      ['Velvet Pianos', 2],
    ]);
    const t = lib.tracks({ artist: 'velvet pianos' }).find((x) => x.title === 'Song 1')!;
    expect(t).toMatchObject({ title: 'Song 1', genre: 'soft rock', format: 'mp3', channels: 1, sampleRate: 22050, path: original(), excerptOffset: 0 });
    expect(t.duration!).toBeGreaterThan(5.9);
    expect(t.duration!).toBeLessThan(6.2);
    expect(t.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(lib.failures().map((f) => f.code)).toEqual(['E_EMPTY_FILE', 'E_UNKNOWN_FORMAT']);
    expect(lib.jobCounts()).toEqual({ done: 7, failed: 2, pending: 0 });
    expect(lib.job(join(music, 'zz-copies', 'Song 1 (copy).mp3'))).toMatchObject({ status: 'done', outcome: 'duplicate', trackId: t.id });
    // Statistics were computed automatically and the index written.
    expect(lib.staleness('tone-v1')).toMatchObject({ hasStats: true, stale: false, vectorsAtReindex: 6 });
    expect(lib.indexIsCurrent('tone-v1')).toBe(true);
    expect(lib.index('tone-v1').vectors).toMatchObject({ count: 6, dim: 12 });
    lib.close();
  });

  it('a second run skips unchanged files, retries failures; a touched copy of a known file is a duplicate', async () => {
    const lib = Library.open(dir);
    const again = await ingest(lib, [music], base());
    expect(again).toMatchObject({ added: 0, duplicates: 0, unchanged: 7, tracks: 6 });
    expect(again.failed).toHaveLength(2);

    const copy = join(root, 'elsewhere.mp3');
    copyFileSync(original(), copy);
    utimesSync(copy, new Date(), new Date(2001, 1, 1));
    const dup = await ingest(lib, [copy], base());
    expect(dup).toMatchObject({ added: 0, duplicates: 1, tracks: 6 });
    lib.close();
  });

  it('a second embedder adds vectors to the existing tracks ("updated"), keeping one track per content', async () => {
    const lib = Library.open(dir);
    const summary = await ingest(lib, [music], { ...base(), embedders: ['tone-v1', 'tone-zcr'] });
    expect(summary).toMatchObject({ added: 0, updated: 6, duplicates: 1, tracks: 6 });
    expect(lib.embedders().map((e) => [e.embedderId, e.dim, e.vectors])).toEqual([
      ['tone-v1', 12, 6],
      ['tone-zcr', 4, 6],
    ]);
    expect(lib.index('tone-zcr').vectors.count).toBe(6);
    lib.close();
  });

  it('embedFiles gives a library track the same raw vector, so normalizeQuery reproduces its index row', async () => {
    const lib = Library.open(dir);
    const { files, failures } = await embedFiles([original(), join(music, 'soft rock', 'broken.mp3')], ['tone-v1'], { embedderModule, excerpt: lib.excerpt()! });
    expect(failures.map((f) => f.error.code)).toEqual(['E_UNKNOWN_FORMAT']);
    const id = lib.tracks({ artist: 'Velvet Pianos' }).find((x) => x.path === original())!.id;
    expect(Array.from(files[0].vectors['tone-v1'])).toEqual(Array.from(lib.rawVector(id, 'tone-v1')!));
    const index = lib.index('tone-v1');
    const row = index.ids.indexOf(id);
    expect(Array.from(lib.normalizeQuery('tone-v1', files[0].vectors['tone-v1']))).toEqual(Array.from(index.vectors.data.subarray(row * 12, (row + 1) * 12)));
    lib.close();
  });

  it('refuses to mix excerpt settings or vector sizes in one library', async () => {
    const lib = Library.open(dir);
    await expect(ingest(lib, [music], { ...base(), segment: 'start' })).rejects.toThrow(/middle 30 s.*start 30 s/);
    // An embedder of the same id whose vectors changed length (a new version without a new id).
    const changed = join(root, 'changed-embedder.mjs');
    writeFileSync(changed, "export function getEmbedder(id) { return { id, dim: 3, sampleRate: 8000, embed: () => Float32Array.of(1, 2, 3) }; }");
    const copy = join(root, 'changed.mp3');
    copyFileSync(original(), copy);
    writeFileSync(copy, Buffer.concat([readFileSync(copy), Buffer.alloc(1)]));
    await expect(ingest(lib, [copy], { ...base(), embedderModule: changed })).rejects.toThrow(/'tone-v1' now gives 3-dimensional vectors but the library holds 12-dimensional/);
    expect(lib.trackCount()).toBe(6);
    lib.close();
  });

  it('an embedder returning NaN fails each file with E_EMBED_FAILED; an unknown embedder stops before any work', async () => {
    const lib = Library.open(join(root, 'lib-nan'), { create: true });
    const summary = await ingest(lib, [original()], { ...base(), embedders: ['nan-v1'] });
    expect(summary.added).toBe(0);
    expect(summary.failed.map((f) => f.code)).toEqual(['E_EMBED_FAILED']);
    expect(summary.failed[0].message).toMatch(/non-finite/);
    await expect(ingest(lib, [original()], { ...base(), embedders: ['nope'] })).rejects.toThrow(/unknown test embedder 'nope'/);
    await expect(ingest(lib, [original()], { ...base(), embedders: ['bad id!'] })).rejects.toThrow(/letters, digits/);
    lib.close();
  });
});
