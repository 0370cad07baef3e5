import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { createDotEngine, wasmSimdAvailable } from '../kernels/dot.js';
import { dot64, randomUnitVectors } from '../../test/search-helpers.js';
import { matchesOf, searchTopK } from './topk.js';
import { fromRows, type VectorMatrix } from './vectors.js';

/** Reference: every row's float64 score, sorted by score desc then row asc. */
function bruteForce(index: VectorMatrix, queries: VectorMatrix, q: number, exclude = -1): { row: number; score: number }[] {
  const all: { row: number; score: number }[] = [];
  for (let r = 0; r < index.count; r++) if (r !== exclude) all.push({ row: r, score: dot64(index, r, queries, q) });
  return all.sort((a, b) => b.score - a.score || a.row - b.row);
}

describe('dot kernel', () => {
  it('has Wasm SIMD on Node >= 20', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });

  for (const dim of [1, 3, 4, 5, 8, 13, 512]) {
    it(`wasm and js engines agree with float64 dot products (dim ${dim}, partial blocks)`, () => {
      const a = randomUnitVectors(7, dim, 1);
      const b = randomUnitVectors(23, dim, 2);
      for (const backend of ['wasm', 'js'] as const) {
        const e = createDotEngine(dim, 8, 32, backend);
        e.loadA(a, 1, 6);
        e.loadB(b, 2, 21);
        const s = e.compute(6, 21);
        for (let i = 0; i < 6; i++) for (let j = 0; j < 21; j++) expect(s[i * 21 + j]).toBeCloseTo(dot64(a, i + 1, b, j + 2), 5);
      }
    });
  }
});

describe('searchTopK known answers', () => {
  // Unit vectors in 2-D: scores with the query (1, 0) are the cosines of the angles.
  const index = fromRows([
    [Math.cos(0.3), Math.sin(0.3)], // 0: cos 0.3 = 0.955
    [0, 1], // 1: 0
    [1, 0], // 2: 1
    [-1, 0], // 3: -1
    [Math.cos(0.3), -Math.sin(0.3)], // 4: 0.955, ties row 0
  ]);
  const query = new Float32Array([1, 0]);

  it('returns rows best first with ties broken by lower row', () => {
    const r = searchTopK(index, query, 3);
    expect(Array.from(r.rows)).toEqual([2, 0, 4]);
    expect(r.scores[0]).toBeCloseTo(1, 6);
    expect(r.scores[1]).toBeCloseTo(Math.cos(0.3), 6);
    expect(r.scores[1]).toBe(r.scores[2]);
    expect(r.capped).toBe(false);
    expect(r.k).toBe(3);
  });

  it('caps k at the number of rows and flags it', () => {
    const r = searchTopK(index, query, 10);
    expect(r).toMatchObject({ k: 5, requestedK: 10, capped: true, queryCount: 1 });
    expect(Array.from(r.rows)).toEqual([2, 0, 4, 1, 3]);
  });

  it('leaves out one row per query (leave-one-out) and honours allowedRows', () => {
    const two = fromRows([
      [1, 0],
      [0, 1],
    ]);
    const r = searchTopK(index, two, 2, { excludeRows: [2, -1] });
    expect(Array.from(matchesOf(r, 0).rows)).toEqual([0, 4]);
    expect(Array.from(matchesOf(r, 1).rows)).toEqual([1, 0]);
    const allowed = new Uint8Array([0, 1, 0, 1, 1]);
    expect(Array.from(searchTopK(index, query, 5, { allowedRows: allowed }).rows)).toEqual([4, 1, 3]);
  });

  it('gives identical results on both kernels', () => {
    for (const backend of ['wasm', 'js'] as const) expect(Array.from(searchTopK(index, query, 5, { backend }).rows)).toEqual([2, 0, 4, 1, 3]);
  });
});

describe('searchTopK against brute force on random data', () => {
  const dim = 24;
  const index = randomUnitVectors(1500, dim, 11);
  const queries = randomUnitVectors(150, dim, 12);

  for (const k of [1, 7, 64, 400, 1500]) {
    it(`k = ${k}: same rows in the same order as a full sort (150 queries, 2 query blocks)`, () => {
      const r = searchTopK(index, queries, k);
      expect(r.k).toBe(k);
      for (let q = 0; q < queries.count; q += 7) {
        const ref = bruteForce(index, queries, q).slice(0, k);
        const got = matchesOf(r, q);
        for (let i = 0; i < k; i++) {
          // float32 vs float64 scores may swap rows closer than 1e-6: compare those by score only.
          expect(got.scores[i]).toBeCloseTo(ref[i].score, 5);
          if (i + 1 < k && Math.abs(ref[i].score - ref[i + 1].score) > 1e-5 && (i === 0 || Math.abs(ref[i].score - ref[i - 1].score) > 1e-5)) {
            expect(got.rows[i]).toBe(ref[i].row);
          }
        }
        expect(new Set(got.rows).size).toBe(k);
      }
    });
  }

  it('handles exact ties (duplicated rows) by lower row, across block boundaries', () => {
    // 300 copies of 3 vectors: row r is vector r % 3, so every score has 100 exact ties.
    const base = randomUnitVectors(3, 16, 5);
    const data = new Float32Array(300 * 16);
    for (let r = 0; r < 300; r++) data.set(base.data.subarray((r % 3) * 16, (r % 3 + 1) * 16), r * 16);
    const dup: VectorMatrix = { data, dim: 16, count: 300 };
    const q = base.data.slice(16, 32); // vector 1: its copies are rows 1, 4, 7, ...
    for (const backend of ['wasm', 'js'] as const) {
      const r = searchTopK(dup, q, 150, { backend });
      expect(Array.from(r.rows.subarray(0, 100))).toEqual(Array.from({ length: 100 }, (_, i) => 1 + 3 * i));
      const second = r.rows[100] % 3;
      expect(Array.from(r.rows.subarray(100, 150))).toEqual(Array.from({ length: 50 }, (_, i) => second + 3 * i));
    }
  });

  it('excludeRows removes the query itself: each library row queried against the rest', () => {
    const r = searchTopK(index, { data: index.data, dim, count: 200 }, 5, { excludeRows: Array.from({ length: 200 }, (_, i) => i) });
    for (let q = 0; q < 200; q += 13) {
      const ref = bruteForce(index, index, q, q).slice(0, 5);
      expect(Array.from(matchesOf(r, q).rows)).not.toContain(q);
      expect(matchesOf(r, q).scores[0]).toBeCloseTo(ref[0].score, 5);
    }
  });
});

describe('searchTopK errors', () => {
  const index = randomUnitVectors(10, 4, 1);
  const q = randomUnitVectors(2, 4, 2);

  it('rejects k <= 0 or non-integer k, naming the value', () => {
    expect(() => searchTopK(index, q, 0)).toThrow(ParameterError);
    expect(() => searchTopK(index, q, 0)).toThrow(/k: must be an integer >= 1 \(got 0\)/);
    expect(() => searchTopK(index, q, 2.5)).toThrow(/got 2.5/);
  });

  it('rejects a dimension mismatch', () => {
    expect(() => searchTopK(index, randomUnitVectors(1, 5, 1), 1)).toThrow(/queries: dim 5 does not match the index dim 4/);
    expect(() => searchTopK(index, new Float32Array(3), 1)).toThrow(/vector length 3/);
  });

  it('rejects an empty index and empty query sets', () => {
    expect(() => searchTopK({ data: new Float32Array(0), dim: 4, count: 0 }, q, 1)).toThrow(/index: empty/);
    expect(() => searchTopK(index, { data: new Float32Array(0), dim: 4, count: 0 }, 1)).toThrow(/queries: empty/);
  });

  it('rejects NaN queries and malformed exclusions', () => {
    expect(() => searchTopK(index, new Float32Array([NaN, 0, 0, 0]), 1)).toThrow(/queries: row 0 holds NaN/);
    expect(() => searchTopK(index, q, 1, { excludeRows: [1] })).toThrow(/excludeRows: has 1 entries/);
    expect(() => searchTopK(fromRows([[1, 0]]), new Float32Array([1, 0]), 1, { excludeRows: [0] })).toThrow(/no rows left/);
  });
});
