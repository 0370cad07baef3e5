import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { gaussian, seededRandom } from '../synth/random.js';
import { rankArtists } from './artists.js';
import { averagePrecision, evaluateRetrieval } from './retrieval.js';
import { anglesToVectors, clusteredVectors, normalizeRowsInPlace, randomUnitVectors } from '../../test/search-helpers.js';
import type { VectorMatrix } from './vectors.js';

describe('averagePrecision by hand', () => {
  // labels a a b a b a as ids 0 0 1 0 1 0
  const ids = new Int32Array([0, 0, 1, 0, 1, 0]);
  const rowsA = new Int32Array([0, 1, 3, 5]);

  it('ranking a b a b a (query row 0 left out): AP = (1/1 + 2/3 + 3/5) / 3', () => {
    const scores = new Float32Array([1, 0.9, 0.8, 0.7, 0.6, 0.5]);
    expect(averagePrecision(scores, 0, rowsA, ids, 0)).toBeCloseTo((1 + 2 / 3 + 3 / 5) / 3, 12);
  });

  it('relevant rows ranked last: AP = (1/3 + 2/4 + 3/5) / 3', () => {
    const scores = new Float32Array([1, 0.1, 0.9, 0.05, 0.8, 0.01]);
    expect(averagePrecision(scores, 0, rowsA, ids, 0)).toBeCloseTo((1 / 3 + 2 / 4 + 3 / 5) / 3, 12);
  });

  it('breaks exact ties like searchTopK: lower row first', () => {
    // Row 2 (b) and row 3 (a) tie at 0.7: row 2 ranks first, so a's are at 1, 3, 5.
    const tie = new Float32Array([1, 0.9, 0.7, 0.7, 0.6, 0.5]);
    expect(averagePrecision(tie, 0, rowsA, ids, 0)).toBeCloseTo((1 + 2 / 3 + 3 / 5) / 3, 12);
    // Row 1 (a) and row 2 (b) tie at 0.9: row 1 first.
    const tie2 = new Float32Array([1, 0.9, 0.9, 0.1, 0.6, 0.05]);
    // order: 1(a) 2(b) 4(b) 3(a) 5(a)
    expect(averagePrecision(tie2, 0, rowsA, ids, 0)).toBeCloseTo((1 + 2 / 4 + 3 / 5) / 3, 12);
  });

  it('matches a full sort on random scores with many exact ties', () => {
    const rand = seededRandom(5);
    for (let trial = 0; trial < 50; trial++) {
      const n = 5 + Math.floor(rand() * 300);
      const levels = 2 + Math.floor(rand() * 40); // few distinct values: many ties
      const scores = Float32Array.from({ length: n }, () => Math.floor(rand() * levels) / levels);
      const ids = Int32Array.from({ length: n }, () => Math.floor(rand() * 3));
      const self = Math.floor(rand() * n);
      const c = ids[self];
      const rows = Int32Array.from(Array.from({ length: n }, (_, r) => r).filter((r) => ids[r] === c));
      const order = Array.from({ length: n }, (_, r) => r)
        .filter((r) => r !== self)
        .sort((a, b) => scores[b] - scores[a] || a - b);
      let hits = 0;
      let sum = 0;
      order.forEach((r, i) => {
        if (ids[r] === c) sum += ++hits / (i + 1);
      });
      const expected = hits ? sum / hits : NaN;
      expect(averagePrecision(scores, self, rows, ids, c)).toBeCloseTo(expected, 12);
    }
  });

  it('is NaN when nothing else has the label', () => {
    expect(averagePrecision(new Float32Array([1, 0]), 0, new Int32Array([0]), new Int32Array([0, 1]), 0)).toBeNaN();
  });
});

describe('evaluateRetrieval: a tiny case worked out by hand', () => {
  // 0° a, 20° b, 30° a, 100° b. Leave-one-out rankings by angular distance:
  //   q0: 1(b) 2(a) 3(b)   AP 1/2     q1: 2(a) 0(a) 3(b)   AP 1/3
  //   q2: 1(b) 0(a) 3(b)   AP 1/2     q3: 2(a) 1(b) 0(a)   AP 1/2
  const index = anglesToVectors([0, 20, 30, 100]);
  const r = evaluateRetrieval({ index, labelings: { style: ['a', 'b', 'a', 'b'] }, precisionAt: [1, 2] });
  const m = r.labelings[0];

  it('1-NN accuracy, precision@k, MAP and chance', () => {
    expect(r).toMatchObject({ count: 4, queryRows: 4 });
    expect(m).toMatchObject({ name: 'style', queries: 4, skipped: 0, nn1Accuracy: 0 });
    expect(m.precisionAt).toEqual([
      { k: 1, precision: 0 },
      { k: 2, precision: (0.5 + 0 + 0.5 + 0.5) / 4 },
    ]);
    expect(m.meanAveragePrecision).toBeCloseTo((0.5 + 1 / 3 + 0.5 + 0.5) / 4, 12);
    expect(m.chance1NN).toBeCloseTo(1 / 3, 12);
  });

  it('confusion matrix (true × 1-NN) with its label order', () => {
    expect(m.confusion).toEqual({
      labels: ['a', 'b'],
      counts: [
        [0, 2],
        [2, 0],
      ],
      unlabeled: [0, 0],
    });
    expect(m.topConfusions).toEqual([
      { label: 'a', predicted: 'b', count: 2 },
      { label: 'b', predicted: 'a', count: 2 },
    ]);
    expect(m.perLabel.map((x) => [x.label, x.queries, x.averagePrecision])).toEqual([
      ['a', 2, 0.5],
      ['b', 2, (1 / 3 + 1 / 2) / 2],
    ]);
  });

  it('skips singleton and unlabelled queries, which stay candidates', () => {
    const r2 = evaluateRetrieval({ index, labelings: { style: ['a', 'c', 'a', null] } });
    const m2 = r2.labelings[0];
    expect(m2).toMatchObject({ queries: 2, skipped: 2 });
    // q0: 1-NN is row 1 (c); q2: 1-NN is row 1 (c).
    expect(m2.confusion!.counts).toEqual([
      [0, 2],
      [0, 0],
    ]);
    // precision@5 and @10 are capped at the 3 other rows.
    expect(m2.precisionAt.map((x) => x.precision)).toEqual([1 / 3, 1 / 3]);
  });
});

describe('evaluateRetrieval on synthetic clusters and noise', () => {
  it('tight clusters: 1-NN, P@5, P@10, MAP are 1 (both kernels)', () => {
    const { matrix, labels } = clusteredVectors(5, 30, 32, 0.03, 21);
    for (const backend of ['wasm', 'js'] as const) {
      const r = evaluateRetrieval({ index: matrix, labelings: { genre: labels }, backend });
      const m = r.labelings[0];
      expect(m.nn1Accuracy).toBe(1);
      expect(m.precisionAt.map((x) => x.precision)).toEqual([1, 1]);
      expect(m.meanAveragePrecision).toBeCloseTo(1, 12);
      expect(m.confusion!.counts[3][3]).toBe(30);
      expect(m.chance1NN).toBeCloseTo(29 / 149, 12);
    }
  });

  it('random vectors: 1-NN accuracy and MAP near chance', () => {
    const index = randomUnitVectors(400, 32, 8);
    const labels = Array.from({ length: 400 }, (_, i) => `L${i % 5}`);
    const m = evaluateRetrieval({ index, labelings: { genre: labels } }).labelings[0];
    expect(m.chance1NN).toBeCloseTo(79 / 399, 12);
    expect(Math.abs(m.nn1Accuracy - m.chance1NN)).toBeLessThan(0.07);
    expect(Math.abs(m.meanAveragePrecision - 0.2)).toBeLessThan(0.05);
  });

  it('several labellings in one pass, and a sample of query rows', () => {
    const { matrix, labels } = clusteredVectors(4, 10, 16, 0.05, 5);
    const coarse = labels.map((l) => (l === 'L0' || l === 'L1' ? 'x' : 'y'));
    const r = evaluateRetrieval({ index: matrix, labelings: { fine: labels, coarse } });
    expect(r.labelings.map((m) => [m.name, m.nn1Accuracy])).toEqual([
      ['fine', 1],
      ['coarse', 1],
    ]);
    const s = evaluateRetrieval({ index: matrix, labelings: { fine: labels }, queryRows: [0, 11, 39] });
    expect(s.queryRows).toBe(3);
    expect(s.labelings[0].queries).toBe(3);
    expect(s.labelings[0].nn1Accuracy).toBe(1);
  });
});

describe('evaluateRetrieval artist hold-out equals rankArtists on the library without the track', () => {
  /** Loose clusters of unequal size (2..7 tracks) so that ranks vary. */
  function library(): { index: VectorMatrix; artists: string[] } {
    const sizes = [7, 5, 4, 3, 3, 2, 6, 4];
    const dim = 12;
    const centres = randomUnitVectors(sizes.length, dim, 77);
    const g = gaussian(seededRandom(78));
    const rows: number[] = [];
    const artists: string[] = [];
    sizes.forEach((n, a) => {
      for (let t = 0; t < n; t++) {
        for (let d = 0; d < dim; d++) rows.push(centres.data[a * dim + d] + 0.35 * g());
        artists.push(`artist${a}`);
      }
    });
    return { index: normalizeRowsInPlace({ data: Float32Array.from(rows), dim, count: artists.length }), artists };
  }

  for (const params of [{ topN: 8 }, { topN: 400 }, { topN: 6, topM: 2, minTracks: 2 }]) {
    it(`params ${JSON.stringify(params)}`, () => {
      const { index, artists } = library();
      const minTracks = params.minTracks ?? 3;
      let evaluated = 0;
      let top1 = 0;
      let top5 = 0;
      let rr = 0;
      for (let i = 0; i < index.count; i++) {
        const keep = Array.from({ length: index.count }, (_, r) => r).filter((r) => r !== i);
        const truth = artists[i];
        if (artists.filter((a) => a === truth).length - 1 < minTracks) continue;
        evaluated++;
        const data = new Float32Array(keep.length * index.dim);
        keep.forEach((r, j) => data.set(index.data.subarray(r * index.dim, (r + 1) * index.dim), j * index.dim));
        const ranking = rankArtists({
          index: { data, dim: index.dim, count: keep.length },
          labels: { artist: keep.map((r) => artists[r]) },
          queries: index.data.slice(i * index.dim, (i + 1) * index.dim),
          ...params,
        });
        const rank = ranking.artists.findIndex((a) => a.artist === truth) + 1;
        if (rank === 1) top1++;
        if (rank >= 1 && rank <= 5) top5++;
        if (rank >= 1) rr += 1 / rank;
      }
      const r = evaluateRetrieval({ index, labelings: {}, artists, artistRanking: params }).artistRanking!;
      expect(r.evaluated).toBe(evaluated);
      expect(r.skipped).toBe(index.count - evaluated);
      expect(r.top1).toBeCloseTo(top1 / evaluated, 12);
      expect(r.top5).toBeCloseTo(top5 / evaluated, 12);
      expect(r.meanReciprocalRank).toBeCloseTo(rr / evaluated, 12);
      expect(r.top1).toBeGreaterThan(0);
      expect(r.top1).toBeLessThan(1);
    });
  }

  it('is perfect on tight clusters', () => {
    const { matrix, labels } = clusteredVectors(6, 8, 24, 0.03, 4);
    const r = evaluateRetrieval({ index: matrix, labelings: {}, artists: labels }).artistRanking!;
    expect(r).toMatchObject({ evaluated: 48, skipped: 0, top1: 1, top5: 1, meanReciprocalRank: 1, notRanked: 0 });
  });
});

describe('evaluateRetrieval errors', () => {
  const index = anglesToVectors([0, 10, 20]);
  it('names bad parameters', () => {
    expect(() => evaluateRetrieval({ index: anglesToVectors([0]), labelings: {} })).toThrow(/index: needs at least 2 vectors/);
    expect(() => evaluateRetrieval({ index, labelings: { g: ['a'] } })).toThrow(/labelings.g: has 1 entries/);
    expect(() => evaluateRetrieval({ index, labelings: {}, minLabelSize: 1 })).toThrow(ParameterError);
    expect(() => evaluateRetrieval({ index, labelings: {}, precisionAt: [0] })).toThrow(/precisionAt\[0\]: must be an integer >= 1 \(got 0\)/);
    expect(() => evaluateRetrieval({ index, labelings: {}, queryRows: [3] })).toThrow(/queryRows\[0\]: 3 is not a row/);
  });
});
