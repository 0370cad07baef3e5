import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { homogeneity, homogeneityOfRows, rankHomogeneity } from './homogeneity.js';
import { anglesToVectors, randomUnitVectors } from '../../test/search-helpers.js';
import { fromRows } from './vectors.js';

const cos = (deg: number) => Math.cos((deg * Math.PI) / 180);

describe('homogeneity known answers', () => {
  it('n = 3 at 0°, 60°, 90°: pairs cos 60°, cos 90°, cos 30°', () => {
    const r = homogeneity(anglesToVectors([0, 60, 90]));
    const v = [cos(60), 0, cos(30)];
    const mean = (v[0] + v[1] + v[2]) / 3;
    expect(r.n).toBe(3);
    expect(r.pairCount).toBe(3);
    expect(r.mean).toBeCloseTo(mean, 6);
    expect(r.median).toBeCloseTo(0.5, 6);
    expect(r.std).toBeCloseTo(Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / 3), 6);
    expect(r.min).toBeCloseTo(0, 6);
    expect(r.max).toBeCloseTo(cos(30), 6);
    expect(r.mostSimilar).toMatchObject({ a: 1, b: 2 });
    expect(r.leastSimilar).toMatchObject({ a: 0, b: 2 });
    expect(r.matrix[0][0]).toBe(1);
    expect(r.matrix[2][1]).toBeCloseTo(cos(30), 6);
    expect(r.matrix[1][2]).toBe(r.matrix[2][1]);
  });

  it('n = 4 at 0°, 60°, 90°, 180° (even pair count: median of the middle two), vectors not unit length', () => {
    const m = anglesToVectors([0, 60, 90, 180]);
    for (let i = 0; i < m.data.length; i++) m.data[i] *= 3;
    const r = homogeneity(m);
    // pairs: .5, 0, -1, .866, -.5, 0 → sorted -1, -.5, 0, 0, .5, .866
    expect(r.pairCount).toBe(6);
    expect(r.median).toBeCloseTo(0, 6);
    expect(r.mean).toBeCloseTo((0.5 - 1 + cos(30) - 0.5) / 6, 6);
    expect(r.min).toBeCloseTo(-1, 6);
    expect(r.leastSimilar).toMatchObject({ a: 0, b: 3 });
    expect(r.mostSimilar).toMatchObject({ a: 1, b: 2 });
  });

  it('agrees on both kernels and across blocks (n = 150, 3 query blocks)', () => {
    const m = randomUnitVectors(150, 20, 4);
    const w = homogeneity(m, { backend: 'wasm' });
    const j = homogeneity(m, { backend: 'js' });
    let direct = 0;
    for (let d = 0; d < 20; d++) direct += m.data[140 * 20 + d] * m.data[7 * 20 + d];
    expect(w.matrix[140][7]).toBeCloseTo(direct, 6);
    expect(w.mean).toBeCloseTo(j.mean, 6);
    expect(w.median).toBeCloseTo(j.median, 6);
    expect(w.mostSimilar).toEqual({ ...j.mostSimilar, similarity: w.mostSimilar.similarity });
  });

  it('homogeneityOfRows reports pairs as library rows; a zero vector has cosine 0', () => {
    const index = fromRows([
      [1, 0],
      [0, 0],
      [0, 1],
      [1, 1],
    ]);
    const r = homogeneityOfRows(index, [3, 0, 1]);
    expect(r.mostSimilar).toMatchObject({ a: 3, b: 0 });
    expect(r.mostSimilar.similarity).toBeCloseTo(cos(45), 6);
    expect(r.min).toBe(0);
    expect(r.matrix[2][2]).toBe(0);
  });

  it('needs at least two vectors and valid rows', () => {
    expect(() => homogeneity(anglesToVectors([0]))).toThrow(ParameterError);
    expect(() => homogeneity(anglesToVectors([0]))).toThrow(/vectors: needs at least 2 vectors \(got 1\)/);
    expect(() => homogeneityOfRows(anglesToVectors([0, 1]), [0, 2])).toThrow(/rows\[1\]: 2 is not a row/);
  });
});

describe('rankHomogeneity', () => {
  // X: 0/5/10° (uniform), Y: 0/60/120° (varied), Z: 0/30/60°, W: 2 tracks (not ranked).
  const angles = [0, 5, 10, 0, 60, 120, 0, 30, 60, 0, 90];
  const artist = ['X', 'X', 'X', 'Y', 'Y', 'Y', 'Z', 'Z', 'Z', 'W', 'W'];
  const index = anglesToVectors(angles);

  it('orders artists from most varied to most uniform and skips small ones', () => {
    const r = rankHomogeneity({ index, labels: { artist } });
    expect(r.artists.map((a) => [a.artist, a.rank])).toEqual([
      ['Y', 1],
      ['Z', 2],
      ['X', 3],
    ]);
    expect(r.artists[0].mean).toBeCloseTo((cos(60) + cos(120) + cos(60)) / 3, 6);
    expect(r.artists[0].leastSimilar).toMatchObject({ a: 3, b: 5 }); // library rows
    expect(r.focus).toBeUndefined();
  });

  it('places a library artist and an outside group', () => {
    const z = rankHomogeneity({ index, labels: { artist }, focusArtist: 'Z' }).focus!;
    expect(z).toMatchObject({ name: 'Z', inLibrary: true, rank: 2, percentile: 50, of: 2 });
    const g = rankHomogeneity({ index, labels: { artist }, focus: anglesToVectors([0, 1, 2]), focusName: 'AI band' }).focus!;
    expect(g).toMatchObject({ name: 'AI band', inLibrary: false, rank: 4, percentile: 100, of: 3 });
    const mid = rankHomogeneity({ index, labels: { artist }, focus: anglesToVectors([0, 45, 90]) }).focus!;
    expect(mid).toMatchObject({ name: 'query', rank: 2 });
    expect(mid.percentile).toBeCloseTo(100 / 3, 9);
  });

  it('names unknown or too-small focus artists', () => {
    expect(() => rankHomogeneity({ index, labels: { artist }, focusArtist: 'Q' })).toThrow(/no library artist is named 'Q'/);
    expect(() => rankHomogeneity({ index, labels: { artist }, focusArtist: 'W' })).toThrow(/'W' has 2 tracks, fewer than minTracks 3/);
    expect(() => rankHomogeneity({ index, labels: { artist }, minTracks: 1 })).toThrow(/minTracks: must be an integer >= 2/);
  });
});
