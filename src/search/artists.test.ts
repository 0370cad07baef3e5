import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { ARTIST_RANKING_DEFAULTS, rankArtists } from './artists.js';
import { anglesToVectors, clusteredVectors } from '../../test/search-helpers.js';

const cos = (deg: number) => Math.cos((deg * Math.PI) / 180);

// A 2-D library where every cosine is the cosine of an angle difference.
//   A: 0°, 10°, 20°, 80°   B: 30°, 40°, 50°   C: 5°, 15° (2 tracks)   D: 170°, 180°, 190°
const angles = [0, 10, 20, 80, 30, 40, 50, 5, 15, 170, 180, 190];
const artist = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D', 'D', 'D'];
const title = angles.map((a) => `t${a}`);
const index = anglesToVectors(angles);
// q0 at 0°: top 5 = A0 (0°), C (5°), A (10°), C (15°), A (20°)
// q1 at 45°: top 5 = B (40°), B (50°), B (30°), A (20° → 25° away), C (15° → 30°)
const queries = anglesToVectors([0, 45]);

describe('rankArtists known answers (seed 000 formula by hand)', () => {
  const sA0 = (1 + cos(10) + cos(20)) / 3; // q0: A's top 3
  const sA1 = cos(25); // q1: A has 1 hit, mean of what is there
  const sB1 = (2 * cos(5) + cos(15)) / 3; // q1: B's 3 hits
  const meanA = (sA0 + sA1) / 2;

  it('scores A and B by top-3 means, consistency and 0.7/0.3 weights; C (2 tracks) and D (absent) are left out', () => {
    const r = rankArtists({ index, labels: { artist, title }, queries, topN: 5 });
    expect(r.neighbours).toBe(5);
    expect(r.libraryArtists).toBe(4);
    expect(r.eligibleArtists).toBe(3);
    expect(r.artists.map((a) => a.artist)).toEqual(['A', 'B']);
    const [a, b] = r.artists;
    expect(a.meanScore).toBeCloseTo(meanA, 6);
    expect(a.consistency).toBe(1);
    expect(a.finalScore).toBeCloseTo(meanA * (0.7 + 0.3 * 1), 6);
    expect(a).toMatchObject({ rank: 1, matchedQueries: 2, queryCount: 2, trackCount: 4, hits: 4 });
    expect(b.meanScore).toBeCloseTo(sB1, 6);
    expect(b.consistency).toBe(0.5);
    expect(b.finalScore).toBeCloseTo(sB1 * 0.85, 6);
    expect(b).toMatchObject({ rank: 2, matchedQueries: 1, hits: 3 });
    expect(b.perQuery).toHaveLength(1);
    expect(b.perQuery[0].query).toBe(1);
    expect(b.perQuery[0].score).toBeCloseTo(sB1, 6);
  });

  it('lists best distinct tracks with their query and title, and every similarity seen', () => {
    const r = rankArtists({ index, labels: { artist, title }, queries, topN: 5 });
    const a = r.artists[0];
    expect(a.bestTracks.map((t) => [t.row, t.query, t.title])).toEqual([
      [0, 0, 't0'],
      [1, 0, 't10'],
      [2, 0, 't20'], // row 2 also matched q1 (cos 25°), listed once with its best score
    ]);
    expect(a.bestTracks[2].score).toBeCloseTo(cos(20), 6);
    const sims = [...a.similarities].sort((x, y) => y - x);
    [1, cos(10), cos(20), cos(25)].forEach((v, i) => expect(sims[i]).toBeCloseTo(v, 6));
    expect(sims).toHaveLength(4);
  });

  it('minTracks = 2 brings C in; its q1 list has one hit (mean of what is there)', () => {
    const r = rankArtists({ index, labels: { artist }, queries, topN: 5, minTracks: 2 });
    const c = r.artists.find((x) => x.artist === 'C')!;
    expect(c.meanScore).toBeCloseTo(((cos(5) + cos(15)) / 2 + cos(30)) / 2, 6);
    expect(c.finalScore).toBeCloseTo(c.meanScore, 12);
  });

  it('consistency is capped at 1 (fullConsistencyAt = 1 gives every matched artist full weight)', () => {
    const r = rankArtists({ index, labels: { artist }, queries, topN: 5, fullConsistencyAt: 1 });
    // A matched 2 queries: 2 / 1 capped to 1; B's 1 / 1 = 1; now B's higher mean wins.
    expect(r.artists.map((x) => [x.artist, x.consistency])).toEqual([
      ['B', 1],
      ['A', 1],
    ]);
    expect(r.artists[0].finalScore).toBeCloseTo(sB1, 6);
  });

  it('honours other weights and topM', () => {
    const r = rankArtists({ index, labels: { artist }, queries, topN: 5, baseWeight: 0.5, consistencyWeight: 0.5, topM: 1 });
    const b = r.artists.find((x) => x.artist === 'B')!;
    expect(b.meanScore).toBeCloseTo(cos(5), 6);
    expect(b.finalScore).toBeCloseTo(cos(5) * 0.75, 6);
    expect(r.params).toMatchObject({ baseWeight: 0.5, consistencyWeight: 0.5, topM: 1, minTracks: 3, topN: 5 });
  });

  it('caps topN at the library size (the default 400 on a 12-track library)', () => {
    const r = rankArtists({ index, labels: { artist }, queries });
    expect(r.params.topN).toBe(400);
    expect(r.neighbours).toBe(12);
    // Every artist is in both lists now: A = mean(q0 top 3, q1 top 3 = 25°, 35°, 35°), B = mean(30/40/50°, 5/5/15°).
    expect(r.artists.map((x) => x.artist)).toEqual(['A', 'B', 'D']);
    expect(r.artists[0].meanScore).toBeCloseTo(((1 + cos(10) + cos(20)) / 3 + (cos(25) + 2 * cos(35)) / 3) / 2, 6);
    expect(r.artists[1].meanScore).toBeCloseTo(((cos(30) + cos(40) + cos(50)) / 3 + (2 * cos(5) + cos(15)) / 3) / 2, 6);
    expect(r.artists[2].meanScore).toBeLessThan(0); // D (170-190°) matches with negative cosines
  });

  it('has frozen seed defaults', () => {
    expect(ARTIST_RANKING_DEFAULTS).toEqual({ topN: 400, topM: 3, minTracks: 3, baseWeight: 0.7, consistencyWeight: 0.3, fullConsistencyAt: null, bestTracks: 5 });
    expect(Object.isFrozen(ARTIST_RANKING_DEFAULTS)).toBe(true);
  });
});

describe('rankArtists on clusters', () => {
  it('puts the query cluster first', () => {
    const { matrix, labels } = clusteredVectors(6, 20, 32, 0.05, 3);
    const queries = { data: matrix.data.slice(40 * 32, 45 * 32), dim: 32, count: 5 }; // 5 tracks of L2
    const r = rankArtists({ index: matrix, labels: { artist: labels }, queries, topN: 50 });
    expect(r.artists[0].artist).toBe('L2');
    expect(r.artists[0].consistency).toBe(1);
  });
});

describe('rankArtists errors', () => {
  it('names bad parameters and missing labels', () => {
    expect(() => rankArtists({ index, labels: {}, queries })).toThrow(/labels.artist: required/);
    expect(() => rankArtists({ index, labels: { artist: ['A'] }, queries })).toThrow(/labels.artist: has 1 entries/);
    expect(() => rankArtists({ index, labels: { artist }, queries, topM: 0 })).toThrow(ParameterError);
    expect(() => rankArtists({ index, labels: { artist }, queries, topM: 0 })).toThrow(/topM: must be an integer >= 1 \(got 0\)/);
    expect(() => rankArtists({ index, labels: { artist }, queries, baseWeight: NaN })).toThrow(/baseWeight/);
    expect(() => rankArtists({ index, labels: { artist }, queries, fullConsistencyAt: 0 })).toThrow(/fullConsistencyAt/);
  });
});
