import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../audio/encode.js';
import { DEMO_STYLES } from '../../synth/song.js';
import { bufferIo } from '../io.js';
import { runCli } from '../program.js';
import { treeSpecs, writeClips } from '../../../test/ingest-testing.js';

let dir: string;
let lib: string;

async function cli(...argv: string[]) {
  const io = bufferIo({ cwd: dir });
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sonicprint-search-'));
  lib = join(dir, 'lib');
  // Three synthetic artists (piano pop, plucked country, organ ambient), 4 songs each, a folder per genre.
  await writeClips(join(dir, 'music'), treeSpecs(4, 8));
  // Unseen songs of the country artist (style 1) as queries, and a silent file.
  await writeClips(join(dir, 'queries'), [
    { rel: 'new country 1.wav', style: 1, seed: 901, seconds: 8 },
    { rel: 'new country 2.wav', style: 1, seed: 902, seconds: 8 },
  ]);
  await writeFile(join(dir, 'silence.wav'), encodeWav({ channels: [new Float32Array(22050 * 4)], sampleRate: 22050 }));
  const add = await cli('library', 'add', '--library', lib, '--artist-from', 'filename', '--genre-from', 'dir', '--workers', '0', '--json', 'music');
  expect(add.code, add.err).toBe(0);
  expect(JSON.parse(add.out).added).toBe(12);
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

const country = DEMO_STYLES[1];

describe('sonicprint match', () => {
  it('finds the artist an unseen song belongs to, per track and with --artists, and writes an HTML report', async () => {
    const { code, out, err } = await cli('match', '--library', lib, '--json', '--artists', '--html', 'match.html', 'queries');
    expect(code, err).toBe(0);
    const r = JSON.parse(out);
    expect(r.queries).toHaveLength(2);
    for (const q of r.queries) {
      expect(q.matches).toHaveLength(10);
      expect(q.matches[0].artist).toBe(country.name);
      expect(q.matches[0].score).toBeGreaterThan(q.matches[9].score);
    }
    // seed 000's scoring: the country artist first, matched by both queries, with consistency 1.
    const first = r.artists.ranking[0];
    expect(first.artist).toBe(country.name);
    expect(first.consistency).toBe(1);
    expect(first.finalScore).toBeCloseTo(first.meanScore * (0.7 + 0.3 * first.consistency), 9);
    expect(first.bestTracks[0].artist).toBe(country.name);
    const html = readFileSync(join(dir, 'match.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain(country.name);
    expect(err).toMatch(/report written to .*match\.html/);
  });

  it('a library track id as the query leaves the track itself out', async () => {
    const ls = JSON.parse((await cli('library', 'ls', '--library', lib, '--json')).out);
    const track = ls.tracks.find((t: { artist: string }) => t.artist === country.name);
    const { code, out } = await cli('match', '--library', lib, '--json', '-k', '3', String(track.id));
    expect(code).toBe(0);
    const [q] = JSON.parse(out).queries;
    expect(q.query.trackId).toBe(track.id);
    expect(q.matches.map((m: { trackId: number }) => m.trackId)).not.toContain(track.id);
    expect(q.matches[0].artist).toBe(country.name);
  });

  it('--genre auto maps the queries to their genre and keeps matches inside it', async () => {
    const { code, out } = await cli('match', '--library', lib, '--json', '--genre', 'auto', '-k', '3', 'queries');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.genre.genre).toBe(country.genre);
    expect(r.genre.ranking).toHaveLength(3);
    for (const q of r.queries) for (const m of q.matches) expect(m.genre).toBe(country.genre);
    const named = await cli('match', '--library', lib, '--genre', 'metal', 'queries');
    expect(named.code).toBe(1);
    expect(named.err).toMatch(/unknown 'metal'.*ambient/);
  });

  it('k larger than the library is capped with a warning; silence is refused by name', async () => {
    const { code, out } = await cli('match', '--library', lib, '--json', '-k', '50', join(dir, 'queries', 'new country 1.wav'), 'silence.wav');
    expect(code).toBe(1);
    const r = JSON.parse(out);
    expect(r.queries[0].matches).toHaveLength(12);
    expect(r.warnings.join()).toMatch(/k=50 but only 12/);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ code: 'E_NO_AUDIO' });
    expect(r.failures[0].message).toMatch(/silence\.wav.*silent/);
  });

  it('an empty or missing library gets a clear message', async () => {
    const missing = await cli('match', '--library', join(dir, 'nowhere'), 'queries');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nowhere/);
    expect(missing.err).toMatch(/library add/);
  });
});

describe('sonicprint homogeneity', () => {
  it('--artist gives the similarity matrix, its statistics and the rank among library artists', async () => {
    const { code, out } = await cli('homogeneity', '--library', lib, '--json', '--html', 'h.html', '--artist', country.name.toUpperCase());
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.subject).toBe(country.name);
    expect(r.matrix).toHaveLength(4);
    expect(r.matrix[1][1]).toBeCloseTo(1, 5);
    expect(r.stats.pairCount).toBe(6);
    expect(r.stats.min).toBeLessThanOrEqual(r.stats.median);
    expect(r.stats.median).toBeLessThanOrEqual(r.stats.max);
    expect(r.mostSimilar.similarity).toBe(r.stats.max);
    expect(r.ranking).toHaveLength(3);
    expect(r.placement.name).toBe(country.name);
    expect(existsSync(join(dir, 'h.html'))).toBe(true);
  });

  it('files work too, and an unknown artist gets suggestions', async () => {
    const files = await cli('homogeneity', '--library', lib, '--json', 'queries');
    expect(files.code).toBe(0);
    expect(JSON.parse(files.out).stats.n).toBe(2);
    const unknown = await cli('homogeneity', '--library', lib, '--artist', 'Rust');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/'Rust' is not in the library; did you mean 'Rust Pluckers'/);
  });
});

describe('sonicprint eval retrieval', () => {
  it('by artist and by genre: leave-one-out metrics far above chance, with the artist hold-out', async () => {
    const { code, out } = await cli('eval', 'retrieval', '--library', lib, '--json', '--by', 'artist', '--html', 'eval.html');
    expect(code).toBe(0);
    const [e] = JSON.parse(out).evaluations;
    const m = e.report.labelings[0];
    expect(m.queries).toBe(12);
    expect(m.chance1NN).toBeCloseTo(3 / 11, 6);
    expect(m.nn1Accuracy).toBeGreaterThanOrEqual(0.9);
    expect(m.meanAveragePrecision).toBeGreaterThan(0.8);
    expect(m.confusion.labels).toHaveLength(3);
    expect(e.report.artistRanking.top1).toBeGreaterThanOrEqual(0.9);
    expect(readFileSync(join(dir, 'eval.html'), 'utf8')).toContain('<svg');

    const genre = await cli('eval', 'retrieval', '--library', lib, '--by', 'genre');
    expect(genre.code).toBe(0);
    expect(genre.out).toMatch(/leave-one-out retrieval by genre over 12 tracks/);
    expect(genre.out).toMatch(/sonicprint-v1/);
  });
});
