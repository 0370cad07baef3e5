import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { treeSpecs, writeClips, writeTestEmbedders } from '../../../test/ingest-testing.js';
import { bufferIo } from '../io.js';
import { runCli } from '../program.js';

let root: string;
let env: Record<string, string>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sonicprint-library-cli-'));
  env = { SONICPRINT_EMBEDDER_MODULE: await writeTestEmbedders(root), SONICPRINT_LIBRARY: 'lib' };
  await writeClips(join(root, 'music'), treeSpecs(2, 4));
  writeFileSync(join(root, 'music', 'ambient', 'page.mp3'), '<!doctype html><html></html>');
  mkdirSync(join(root, 'nothing'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(argv: string[], extraEnv: Record<string, string> = {}) {
  const io = bufferIo({ cwd: root, env: { ...env, ...extraEnv } });
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('sonicprint library', () => {
  it('add --json: adds the tree, reports the failure with its code, exits 1; a rerun skips everything', async () => {
    const { code, out, err } = await cli(['library', 'add', '--json', '--genre-from', 'dir', '--embedders', 'tone-v1,tone-zcr', 'music']);
    expect(err).toBe('');
    expect(code).toBe(1);
    const s = JSON.parse(out);
    expect(s).toMatchObject({ library: join(root, 'lib'), files: 7, added: 6, duplicates: 0, unchanged: 0, tracks: 6, embedders: ['tone-v1', 'tone-zcr'] });
    expect(s.failed).toEqual([{ path: join(root, 'music', 'ambient', 'page.mp3'), code: 'E_UNKNOWN_FORMAT', message: expect.stringContaining('<!doctype') }]);
    expect(s.filesPerSecond).toBeGreaterThan(0);

    const again = await cli(['library', 'add', '--genre-from', 'dir', '--embedders', 'tone-v1,tone-zcr', 'music']);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/0 tracks added, 0 duplicates skipped, 6 unchanged, 1 failed/);
    expect(again.out).toMatch(/the library at .*lib has 6 tracks/);
    expect(again.err).toMatch(/1 of 7 files failed:\n {2}\[E_UNKNOWN_FORMAT\] .*page\.mp3/);
  });

  it('ls lists tracks with id, artist, title, genre, duration, path; filters by artist and genre', async () => {
    const all = JSON.parse((await cli(['library', 'ls', '--json'])).out);
    expect(all.count).toBe(6);
    expect(all.tracks[0]).toEqual(expect.objectContaining({ id: expect.any(Number), artist: expect.any(String), title: expect.any(String), genre: expect.any(String), duration: expect.any(Number), path: expect.any(String) }));
    const byArtist = JSON.parse((await cli(['library', 'ls', '--json', '--artist', 'rust pluckers'])).out);
    expect(byArtist.tracks.map((t: { title: string; genre: string }) => [t.title, t.genre]).sort()).toEqual([
      ['Song 1', 'country'],
      ['Song 2', 'country'],
    ]);
    expect(JSON.parse((await cli(['library', 'ls', '--json', '--genre', 'AMBIENT'])).out).count).toBe(2);
    const table = await cli(['library', 'ls', '--genre', 'ambient']);
    expect(table.out).toMatch(/id\s+artist\s+title\s+genre\s+duration\s+path/);
    expect(table.out).toMatch(/Organ Drift\s+Song 1\s+ambient\s+0:04\.\d/);
    const none = await cli(['library', 'ls', '--artist', 'Nobody']);
    expect(none.code).toBe(0);
    expect(none.err).toMatch(/no tracks match --artist 'Nobody'/);
  });

  it('stats --json: counts, vectors per embedder, statistics age and staleness, failures, size on disk', async () => {
    const { code, out } = await cli(['library', 'stats', '--json']);
    expect(code).toBe(0);
    const s = JSON.parse(out);
    expect(s).toMatchObject({ tracks: 6, artists: 3, genres: 3, schemaVersion: 1, jobs: { done: 6, failed: 1, pending: 0 }, excerpt: { segment: 'middle', seconds: 30 } });
    expect(s.embedders.map((e: { embedderId: string; dim: number; vectors: number; indexCurrent: boolean }) => [e.embedderId, e.dim, e.vectors, e.indexCurrent])).toEqual([
      ['tone-v1', 12, 6, true],
      ['tone-zcr', 4, 6, true],
    ]);
    expect(s.embedders[0].normalization).toMatchObject({ hasStats: true, stale: false, vectorsAtReindex: 6, changesSinceReindex: 0, threshold: 0.1 });
    expect(s.failures).toEqual([expect.objectContaining({ code: 'E_UNKNOWN_FORMAT', path: join(root, 'music', 'ambient', 'page.mp3') })]);
    expect(s.sizeBytes.database).toBeGreaterThan(0);
    expect(s.sizeBytes.index).toBeGreaterThan(6 * 12 * 4);
    const text = await cli(['library', 'stats']);
    expect(text.out).toMatch(/tracks {4}6 \(3 artists, 3 genres/);
    expect(text.out).toMatch(/tone-v1\s+12\s+6\s+\d+ s ago\s+0%\s+no\s+current/);
    expect(text.out).toMatch(/1 failed file:\n {2}\[E_UNKNOWN_FORMAT\]/);
  });

  it('rm by id and by artist updates the rows and the index; unknown ids exit 1; no target is a usage error', async () => {
    const ids = JSON.parse((await cli(['library', 'ls', '--json', '--genre', 'soft rock'])).out).tracks.map((t: { id: number }) => t.id);
    const byId = await cli(['library', 'rm', '--json', String(ids[0])]);
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.out)).toMatchObject({ removed: [{ id: ids[0], artist: 'Velvet Pianos' }], notFound: [] });
    const byArtist = await cli(['library', 'rm', '--artist', 'Organ Drift']);
    expect(byArtist.code).toBe(0);
    expect(byArtist.out).toMatch(/removed 2 tracks:\n {2}\d+ {2}Organ Drift - Song/);
    const missing = await cli(['library', 'rm', '9999']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no track with id 9999/);
    expect((await cli(['library', 'rm'])).code).toBe(2);
    expect((await cli(['library', 'rm', 'abc'])).code).toBe(2);

    const s = JSON.parse((await cli(['library', 'stats', '--json'])).out);
    expect(s.tracks).toBe(3);
    expect(s.embedders[0]).toMatchObject({ vectors: 3, indexCurrent: true });
    // 3 of 6 vectors removed since the statistics: stale.
    expect(s.embedders[0].normalization).toMatchObject({ stale: true, changesSinceReindex: 3, changedFraction: 0.5 });
  });

  it('reindex recomputes the statistics and rewrites the index files', async () => {
    const { code, out } = await cli(['library', 'reindex', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.embedders.map((e: { embedderId: string; vectors: number }) => [e.embedderId, e.vectors])).toEqual([
      ['tone-v1', 3],
      ['tone-zcr', 3],
    ]);
    const s = JSON.parse((await cli(['library', 'stats', '--json'])).out);
    expect(s.embedders[0].normalization).toMatchObject({ stale: false, vectorsAtReindex: 3, changesSinceReindex: 0 });
    const text = await cli(['library', 'reindex', '--embedders', 'tone-v1']);
    expect(text.out).toMatch(/^tone-v1: 3 vectors of 12 values, statistics recomputed, index written \(generation \d+\)\n$/);
  });

  it('--library overrides $SONICPRINT_LIBRARY; a missing library is an error, an empty one gets a clear message', async () => {
    const missing = await cli(['library', 'ls', '--library', 'elsewhere']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no library at .*elsewhere: create one with `sonicprint library add/);

    const empty = await cli(['library', 'add', '--library', 'empty-lib', 'nothing']);
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/no audio files found/);
    for (const sub of ['ls', 'stats', 'reindex']) {
      const r = await cli(['library', sub, '--library', 'empty-lib']);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(/the library at .*empty-lib is empty: add music with `sonicprint library add --library .*empty-lib <music folder>`/);
    }
    expect(JSON.parse((await cli(['library', 'ls', '--json'], { SONICPRINT_LIBRARY: 'empty-lib' })).out)).toMatchObject({ count: 0, tracks: [] });
  });

  it('rejects bad option values with exit 2 and lists the subcommands in --help', async () => {
    const bad = await cli(['library', 'add', '--artist-from', 'nope', 'music']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--artist-from/);
    expect((await cli(['library', 'add', '--workers', '-1', 'music'])).code).toBe(2);
    const envBad = await cli(['library', 'add', 'music'], { SONICPRINT_WORKERS: 'lots' });
    expect(envBad.code).toBe(1);
    expect(envBad.err).toMatch(/\$SONICPRINT_WORKERS: expected a whole number/);
    const help = await cli(['library', '--help']);
    expect(help.code).toBe(0);
    for (const sub of ['add', 'ls', 'stats', 'rm', 'reindex']) expect(help.out).toContain(sub);
  });
});
