import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { genreCentroids, mapGroupsToGenres, mapToGenre, resolveGenre, searchInGenre } from './genre.js';
import { anglesToVectors, clusteredVectors } from '../../test/search-helpers.js';
import { fromRows } from './vectors.js';

const rad = (deg: number) => (deg * Math.PI) / 180;

// 2-D library: rock at 0°, 12°, 21°; jazz at 90°, 104°; pop at 180°.
const angles = [0, 12, 21, 90, 104, 180];
const genre = ['rock', 'rock', 'rock', 'jazz', 'jazz', 'pop'];
const artist = ['a', 'b', 'c', 'd', 'e', 'f'];
const index = anglesToVectors(angles);

/** Direction (degrees) of the mean of unit vectors at these angles. */
function meanAngle(deg: number[]): number {
  const x = deg.reduce((s, a) => s + Math.cos(rad(a)), 0);
  const y = deg.reduce((s, a) => s + Math.sin(rad(a)), 0);
  return (Math.atan2(y, x) * 180) / Math.PI;
}

describe('genreCentroids', () => {
  it('is the re-normalised mean of each genre, genres sorted', () => {
    const c = genreCentroids(index, genre);
    expect(c.genres).toEqual(['jazz', 'pop', 'rock']);
    expect(c.counts).toEqual([2, 1, 3]);
    const rock = meanAngle([0, 12, 21]);
    expect(c.centroids.data[4]).toBeCloseTo(Math.cos(rad(rock)), 6);
    expect(c.centroids.data[5]).toBeCloseTo(Math.sin(rad(rock)), 6);
    expect(Math.hypot(c.centroids.data[0], c.centroids.data[1])).toBeCloseTo(1, 6);
  });

  it('ignores rows without a genre and rejects a library with none', () => {
    expect(genreCentroids(index, [...genre.slice(0, 5), null]).genres).toEqual(['jazz', 'rock']);
    expect(() => genreCentroids(index, angles.map(() => null))).toThrow(/no row has a genre/);
  });
});

describe('mapToGenre', () => {
  const c = genreCentroids(index, genre);

  it('maps the group mean (30°, 50° → 40°) to the nearest centroid, with the full ranking', () => {
    const m = mapToGenre(c, anglesToVectors([30, 50]));
    expect(m.genre).toBe('rock');
    expect(m.similarity).toBeCloseTo(Math.cos(rad(40 - meanAngle([0, 12, 21]))), 6);
    expect(m.ranking.map((r) => r.genre)).toEqual(['rock', 'jazz', 'pop']);
    expect(m.ranking[1].similarity).toBeCloseTo(Math.cos(rad(97 - 40)), 6);
    expect(m.ranking[2].similarity).toBeCloseTo(Math.cos(rad(140)), 6);
    expect(m.queryCount).toBe(2);
  });

  it('maps labelled groups separately (seed 002: soul → blues)', () => {
    const groups = mapGroupsToGenres(c, anglesToVectors([80, 100, 5, 170]), ['soul', 'soul', 'garage', 'doom']);
    expect(groups.map((g) => [g.group, g.mapping.genre])).toEqual([
      ['doom', 'pop'],
      ['garage', 'rock'],
      ['soul', 'jazz'],
    ]);
  });

  it('maps clustered genres to themselves', () => {
    const { matrix, labels } = clusteredVectors(4, 25, 64, 0.04, 9);
    const cents = genreCentroids(matrix, labels);
    const q = { data: matrix.data.slice(50 * 64, 53 * 64), dim: 64, count: 3 }; // L2
    expect(mapToGenre(cents, q).genre).toBe('L2');
  });

  it('rejects a group whose mean is zero', () => {
    expect(() => mapToGenre(c, fromRows([[1, 0], [-1, 0]]))).toThrow(/queries: the mean vector is zero/);
  });
});

describe('searchInGenre (top 100 then top k within the genre)', () => {
  // Query at 50°: neighbours 21° (29° away), 12° (38°), 90° (40°), 0° (50°), 104° (54°), 180°.
  const queries = anglesToVectors([50]);

  it('auto picks the mapped genre and filters the candidates', () => {
    const r = searchInGenre({ index, labels: { genre, artist }, queries, genre: 'auto', candidates: 3 });
    expect(r.mode).toBe('auto');
    expect(r.genre).toBe('rock');
    expect(r.candidates).toBe(3);
    expect(r.perQuery[0].inGenre).toBe(2);
    expect(r.perQuery[0].matches.map((m) => [m.row, m.artist])).toEqual([
      [2, 'c'],
      [1, 'b'],
    ]);
    expect(r.perQuery[0].matches[0].score).toBeCloseTo(Math.cos(rad(29)), 6);
  });

  it('a named genre (case-insensitive) keeps at most k; the mapping is reported anyway', () => {
    const r = searchInGenre({ index, labels: { genre }, queries, genre: 'JAZZ', k: 1 });
    expect(r.mode).toBe('named');
    expect(r.genre).toBe('jazz');
    expect(r.mapping.genre).toBe('rock');
    expect(r.candidates).toBe(6); // 100 capped at the library size
    expect(r.perQuery[0].inGenre).toBe(2);
    expect(r.perQuery[0].matches.map((m) => m.row)).toEqual([3]);
  });

  it('an unknown genre lists the known ones', () => {
    expect(() => searchInGenre({ index, labels: { genre }, queries, genre: 'metal' })).toThrow(ParameterError);
    expect(() => searchInGenre({ index, labels: { genre }, queries, genre: 'metal' })).toThrow(
      "genre: unknown 'metal'; known genres: jazz, pop, rock (or 'auto')",
    );
    expect(() => resolveGenre('Rock', ['rock', 'ROCK'])).toThrow(/unknown 'Rock'/);
  });

  it('names missing labels and bad counts', () => {
    expect(() => searchInGenre({ index, labels: {}, queries, genre: 'auto' })).toThrow(/labels.genre: required/);
    expect(() => searchInGenre({ index, labels: { genre }, queries, genre: 'auto', k: 0 })).toThrow(/k: must be an integer >= 1 \(got 0\)/);
    expect(() => searchInGenre({ index, labels: { genre }, queries, genre: 'auto', candidates: -1 })).toThrow(/candidates/);
  });
});
