/** Exact top-k search by inner product over a flat matrix, like FAISS IndexFlatIP (cosine on normalised vectors). */
import { ParameterError } from '../errors.js';
import { createDotEngine, rowBlockSize, type Backend } from '../kernels/dot.js';
import { isFlatIndex, searchFlatIndex } from './flat-index.js';
import { cappedK, heapSortBestFirst, offerScores } from './select.js';
import { asQueries, checkFinite, checkMatrix, checkSameDim } from './validate.js';
import type { VectorMatrix } from './vectors.js';

export interface SearchOptions {
  /**
   * Per query, one library row to leave out (−1 or any value outside [0, N): none). Leave-one-out
   * evaluation passes each query's own row here.
   */
  excludeRows?: ArrayLike<number>;
  /** Only rows r with `allowedRows[r] !== 0` are candidates (e.g. one genre); length N. */
  allowedRows?: Uint8Array;
  /** Dot-product kernel: 'auto' (Wasm SIMD when available), 'wasm' or 'js'. Results agree to ~1e-6. */
  backend?: Backend;
  /**
   * With a FlatIndex: 'auto' uses the int8 pre-filter for up to 8 queries at a time, 'always' /
   * 'never' force it. Results are identical either way; only the speed differs (see searchTopK).
   */
  prefilter?: 'auto' | 'always' | 'never';
}

/**
 * Most queries for which 'auto' takes the int8 pre-filter. Measured (100k × 512): a single query
 * is memory-bound and the int8 pass is ~3× faster; a batch of 100 is compute-bound, where the
 * float32 kernel is as fast per query and needs no re-scoring, so the plain path wins.
 */
export const PREFILTER_MAX_QUERIES = 8;

/**
 * The k best library rows per query. Row-major: query q's i-th match (0 = best) is
 * `rows[q * k + i]` with score `scores[q * k + i]`.
 *
 * Order: score descending; equal scores (duplicate vectors) by lower row first, so results never
 * depend on block sizes or the kernel.
 */
export interface TopKResult {
  /** Matches per query actually returned: min(requestedK, rows that can be searched). */
  k: number;
  /** The k asked for. */
  requestedK: number;
  /**
   * True when k < requestedK because the index has fewer searchable rows (after `excludeRows` and
   * `allowedRows`). We cap rather than pad: FAISS pads with row −1 and score −∞ (or throws in some
   * wrappers), and every caller then has to filter those; a capped, flagged result is simpler to use.
   */
  capped: boolean;
  queryCount: number;
  rows: Int32Array;
  scores: Float32Array;
  /** With a FlatIndex: rows re-scored in float32 per query, on average, after the int8 pre-filter. */
  candidatesPerQuery?: number;
}

/** Query blocks this size read each library block once for up to 128 queries (a batch of 100 in one pass). */
const QUERY_BLOCK = 128;

/**
 * Exact k nearest neighbours by inner product: for each query q, the k library rows r with the
 * largest `score(q, r) = Σ_d index[r, d] · q[d]`, which is cos(q, r) when both are L2-normalised
 * (FAISS IndexFlatIP semantics). O(N · nq · dim) time, O(nq · k) memory beyond the inputs.
 *
 * Blocked like a GEMM: up to 128 queries at a time pass over each ~256 KiB block of library rows
 * while it sits in cache, so a batch of 100 queries reads the index from memory once. Scores are
 * float32 inner products; `k` larger than the searchable rows is capped (see {@link TopKResult.capped}).
 *
 * Given a {@link FlatIndex} (createFlatIndex), an exact int8 pre-filter reads a quarter of the
 * bytes first and re-scores only the rows it cannot rule out: same results, ~3× faster for
 * single queries on large libraries (used for up to {@link PREFILTER_MAX_QUERIES} queries).
 *
 * @param index N library vectors (already centred and normalised by the library layer), or a FlatIndex of them.
 * @param queries nq query vectors of the same dim (or one Float32Array).
 * @param k neighbours per query, ≥ 1.
 */
export function searchTopK(index: VectorMatrix, queries: VectorMatrix | Float32Array, k: number, options: SearchOptions = {}): TopKResult {
  checkMatrix(index, 'index');
  const q = asQueries(queries, index.dim);
  checkMatrix(q, 'queries');
  checkSameDim(index, q);
  checkFinite(q, 'queries');
  const n = index.count;
  const nq = q.count;
  const { excludeRows, allowedRows } = options;
  const kk = cappedK(k, n, nq, excludeRows, allowedRows);
  const base = { k: kk, requestedK: k, capped: kk < k, queryCount: nq };

  const prefilter = options.prefilter ?? 'auto';
  const usePrefilter = prefilter === 'always' || (prefilter === 'auto' && nq <= PREFILTER_MAX_QUERIES);
  if (isFlatIndex(index) && index.shards.length > 0 && options.backend !== 'js' && usePrefilter) {
    const r = searchFlatIndex(index, q, kk, excludeRows, allowedRows, options.backend);
    return { ...base, rows: r.rows, scores: r.scores, candidatesPerQuery: r.candidatesPerQuery };
  }

  const heapScores = new Float32Array(nq * kk);
  const heapRows = new Int32Array(nq * kk);
  const sizes = new Int32Array(nq);
  const rb = rowBlockSize(index.dim);
  const qb = Math.min(QUERY_BLOCK, nq);
  const engine = createDotEngine(index.dim, qb, rb, options.backend);

  for (let q0 = 0; q0 < nq; q0 += qb) {
    const nqb = Math.min(qb, nq - q0);
    engine.loadA(q, q0, nqb);
    for (let r0 = 0; r0 < n; r0 += rb) {
      const nrb = Math.min(rb, n - r0);
      engine.loadB(index, r0, nrb);
      const s = engine.compute(nqb, nrb);
      for (let i = 0; i < nqb; i++) {
        const qi = q0 + i;
        const ex = excludeRows ? excludeRows[qi] : -1;
        sizes[qi] = offerScores(heapScores, heapRows, qi * kk, sizes[qi], kk, s, i * nrb, nrb, r0, ex, allowedRows);
      }
    }
  }
  for (let i = 0; i < nq; i++) heapSortBestFirst(heapScores, heapRows, i * kk, kk);
  return { ...base, rows: heapRows, scores: heapScores };
}

/** Query q's matches as views (no copy), best first. */
export function matchesOf(result: TopKResult, q: number): { rows: Int32Array; scores: Float32Array } {
  if (!Number.isInteger(q) || q < 0 || q >= result.queryCount) {
    throw new ParameterError(`q: must be a query index in [0, ${result.queryCount}) (got ${q})`);
  }
  return {
    rows: result.rows.subarray(q * result.k, (q + 1) * result.k),
    scores: result.scores.subarray(q * result.k, (q + 1) * result.k),
  };
}
