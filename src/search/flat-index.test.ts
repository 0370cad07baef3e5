import { describe, expect, it } from 'vitest';
import { rankArtists } from './artists.js';
import { createFlatIndex, isFlatIndex } from './flat-index.js';
import { clusteredVectors, randomUnitVectors } from '../../test/search-helpers.js';
import { searchTopK } from './topk.js';
import type { VectorMatrix } from './vectors.js';

function expectSame(a: ReturnType<typeof searchTopK>, b: ReturnType<typeof searchTopK>): void {
  expect(a.k).toBe(b.k);
  expect(Array.from(a.rows)).toEqual(Array.from(b.rows));
  expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
}

describe('FlatIndex (int8 pre-filter) gives exactly the plain float32 results', () => {
  for (const dim of [3, 20, 128]) {
    it(`random unit vectors, dim ${dim}, k = 1, 10, 400, a batch spanning two query blocks`, () => {
      const plain = randomUnitVectors(3000, dim, dim);
      const flat = createFlatIndex(plain);
      expect(isFlatIndex(flat)).toBe(true);
      expect(isFlatIndex(plain)).toBe(false);
      const queries = randomUnitVectors(70, dim, dim + 1);
      for (const k of [1, 10, 400]) {
        const f = searchTopK(flat, queries, k, { prefilter: 'always' });
        expectSame(f, searchTopK(plain, queries, k));
        expect(f.candidatesPerQuery).toBeGreaterThanOrEqual(k);
        if (dim >= 20) expect(f.candidatesPerQuery).toBeLessThan(3000 / 2);
      }
    });
  }

  it('tight clusters (many near-ties), exclusions and allowed rows', () => {
    const { matrix } = clusteredVectors(10, 200, 64, 0.02, 3);
    const flat = createFlatIndex(matrix);
    const queries: VectorMatrix = { data: matrix.data.slice(0, 50 * 64), dim: 64, count: 50 };
    const excludeRows = Array.from({ length: 50 }, (_, i) => i);
    const allowedRows = new Uint8Array(2000).map((_, r) => (r % 3 === 0 ? 0 : 1));
    for (const k of [5, 150]) {
      expectSame(searchTopK(flat, queries, k, { excludeRows, prefilter: 'always' }), searchTopK(matrix, queries, k, { excludeRows }));
      expectSame(searchTopK(flat, queries, k, { allowedRows, prefilter: 'always' }), searchTopK(matrix, queries, k, { allowedRows }));
    }
  });

  it('exact duplicates and zero rows keep the lower-row-first order', () => {
    const base = randomUnitVectors(4, 32, 9);
    const data = new Float32Array(2000 * 32);
    for (let r = 0; r < 2000; r++) if (r % 5 !== 4) data.set(base.data.subarray((r % 5) * 32, (r % 5 + 1) * 32), r * 32);
    const m: VectorMatrix = { data, dim: 32, count: 2000 };
    const q = base.data.slice(32, 64);
    expectSame(searchTopK(createFlatIndex(m), q, 700), searchTopK(m, q, 700));
  });

  it("'auto' takes the pre-filter for small query counts only", () => {
    const m = randomUnitVectors(500, 32, 2);
    const flat = createFlatIndex(m);
    expect(searchTopK(flat, randomUnitVectors(8, 32, 3), 5).candidatesPerQuery).toBeDefined();
    expect(searchTopK(flat, randomUnitVectors(9, 32, 3), 5).candidatesPerQuery).toBeUndefined();
    expect(searchTopK(flat, randomUnitVectors(1, 32, 3), 5, { prefilter: 'never' }).candidatesPerQuery).toBeUndefined();
  });

  it('is accepted wherever a VectorMatrix is (rankArtists uses the fast path)', () => {
    const { matrix, labels } = clusteredVectors(8, 50, 32, 0.1, 4);
    const queries: VectorMatrix = { data: matrix.data.slice(100 * 32, 105 * 32), dim: 32, count: 5 };
    const a = rankArtists({ index: createFlatIndex(matrix), labels: { artist: labels }, queries });
    const b = rankArtists({ index: matrix, labels: { artist: labels }, queries });
    expect(a).toEqual(b);
  });

  it('reports its extra memory and rejects non-finite rows', () => {
    const m = randomUnitVectors(10, 20, 1);
    expect(createFlatIndex(m).extraBytes).toBe(10 * 32 + 12 * 10);
    m.data[5] = NaN;
    expect(() => createFlatIndex(m)).toThrow(/index: row 0 holds NaN/);
  });
});
