/** Search benchmark: exact top-k over seeded random 512-d unit vectors, against a plain nested-loop baseline. */
import { seededRandom } from '../synth/random.js';
import { wasmSimdAvailable } from '../kernels/dot.js';
import { createFlatIndex } from '../search/flat-index.js';
import { searchTopK } from '../search/topk.js';
import type { VectorMatrix } from '../search/vectors.js';
import { measure } from './measure.js';

export interface SearchBenchOptions {
  /** Library sizes (default 100k and 1M). */
  sizes?: number[];
  /** Vector length (default 512, OpenL3's). */
  dim?: number;
  /** Timed runs per case after one warm-up; the median is reported (default 5). */
  runs?: number;
  /** Queries in the batch case (default 100). */
  batch?: number;
  /** Neighbours per query (default 10 and 400: seed 002's top-10 and seed 000's top-400). */
  ks?: number[];
  /** Queries timed for the nested-loop baseline per library size (default 3). */
  baselineSample?: number;
  /** Also time the int8-prefiltered FlatIndex (default true). */
  flat?: boolean;
  seed?: number;
}

export interface SearchBenchCase {
  n: number;
  dim: number;
  k: number;
  /** 1 (single query) or the batch size. */
  queries: number;
  /**
   * 'matrix': searchTopK on the plain float32 matrix; 'flat-int8': on a FlatIndex with the int8
   * pre-filter forced on (same results; by default searchTopK uses it for ≤ 8 queries only).
   */
  method: 'matrix' | 'flat-int8';
  medianMs: number;
  minMs: number;
  maxMs: number;
  msPerQuery: number;
  /**
   * The nested-loop baseline on the same workload: for each query, for each row, a dot product
   * pushed as {row, score} to an array, then a full sort. Timed per query (median over
   * baselineSample queries) and multiplied by the query count: it has no batching to gain from.
   */
  baselineMs: number;
  /** baselineMs / medianMs. */
  speedup: number;
  /** Share of our top-k rows that are in the baseline's top-k, over the sampled queries (1 = same). */
  overlapWithBaseline: number;
  /** FlatIndex only: rows re-scored in float32 per query after the int8 pre-filter. */
  candidatesPerQuery?: number;
}

export interface SearchBenchMemory {
  n: number;
  /** N × dim × 4: the float32 library. */
  matrixBytes: number;
  /** The FlatIndex's int8 copy and per-row constants (0 without it). */
  flatExtraBytes: number;
  /** process.memoryUsage().rss after building both. */
  rssBytes: number;
  /** Peak resident set so far (process.resourceUsage().maxRSS). */
  maxRssBytes: number;
}

export interface SearchBenchResult {
  dim: number;
  /** The dot-product kernel used: 'wasm' (SIMD) or 'js'. */
  kernel: 'wasm' | 'js';
  node: string;
  runs: number;
  cases: SearchBenchCase[];
  memory: SearchBenchMemory[];
}

export const SEARCH_BENCH_DEFAULTS = Object.freeze({
  sizes: Object.freeze([100_000, 1_000_000]),
  dim: 512,
  runs: 5,
  batch: 100,
  ks: Object.freeze([10, 400]),
  baselineSample: 3,
  flat: true,
  seed: 2024,
});

/** `count` unit vectors, isotropic Gaussian then normalised; Box–Muller using both outputs (half the log/sqrt calls). */
function randomUnitMatrix(count: number, dim: number, seed: number): VectorMatrix {
  const rand = seededRandom(seed);
  const data = new Float32Array(count * dim);
  for (let i = 0; i < data.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12)));
    const t = 2 * Math.PI * rand();
    data[i] = r * Math.cos(t);
    if (i + 1 < data.length) data[i + 1] = r * Math.sin(t);
  }
  for (let v = 0; v < count; v++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += data[v * dim + d] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) data[v * dim + d] *= inv;
  }
  return { data, dim, count };
}

/** The baseline the issue names: nested loops, an object per row, a full sort. */
function nestedLoopTopK(index: VectorMatrix, q: Float32Array, k: number): number[] {
  const all: { row: number; score: number }[] = [];
  const { data, dim, count } = index;
  for (let r = 0; r < count; r++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += data[r * dim + d] * q[d];
    all.push({ row: r, score: s });
  }
  all.sort((a, b) => b.score - a.score || a.row - b.row);
  return all.slice(0, k).map((x) => x.row);
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times exact top-k search (single query and a batch, each k) on seeded random unit vectors for
 * each library size, for the plain matrix and the FlatIndex, against the nested-loop baseline.
 * Returns plain JSON; prints nothing. Needs about N × dim × 5 bytes (1M × 512: ~2.6 GB).
 */
export async function runSearchBenchmark(opts: SearchBenchOptions = {}): Promise<SearchBenchResult> {
  const o = { ...SEARCH_BENCH_DEFAULTS, ...opts };
  const cases: SearchBenchCase[] = [];
  const memory: SearchBenchMemory[] = [];
  const maxK = Math.max(...o.ks);
  for (const n of o.sizes) {
    let index: VectorMatrix | null = randomUnitMatrix(n, o.dim, o.seed + n);
    const queries = randomUnitMatrix(o.batch, o.dim, o.seed + n + 1);
    const single: VectorMatrix = { data: queries.data.subarray(0, o.dim), dim: o.dim, count: 1 };

    // Baseline: per-query time and reference rows for the sampled queries.
    const baseTimes: number[] = [];
    const reference: number[][] = [];
    for (let i = 0; i < o.baselineSample; i++) {
      const t0 = performance.now();
      reference.push(nestedLoopTopK(index, queries.data.subarray(i * o.dim, (i + 1) * o.dim), maxK));
      baseTimes.push(performance.now() - t0);
    }
    const basePerQuery = median(baseTimes);

    let flat = o.flat ? createFlatIndex(index) : null;
    memory.push({
      n,
      matrixBytes: n * o.dim * 4,
      flatExtraBytes: flat ? flat.extraBytes : 0,
      rssBytes: process.memoryUsage().rss,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    });

    const targets: { method: SearchBenchCase['method']; m: VectorMatrix }[] = [{ method: 'matrix', m: index }];
    if (flat) targets.push({ method: 'flat-int8', m: flat });
    for (const { method, m } of targets) {
      for (const k of o.ks) {
        for (const q of [single, queries]) {
          let last: ReturnType<typeof searchTopK> | null = null;
          const t = await measure(() => (last = searchTopK(m, q, k, { prefilter: 'always' })), o.runs);
          const result = last as unknown as ReturnType<typeof searchTopK>;
          let overlap = 0;
          let compared = 0;
          for (let i = 0; i < Math.min(q.count, reference.length); i++) {
            const ref = new Set(reference[i].slice(0, k));
            for (let j = 0; j < k; j++) overlap += ref.has(result.rows[i * result.k + j]) ? 1 : 0;
            compared += k;
          }
          const baselineMs = basePerQuery * q.count;
          cases.push({
            n,
            dim: o.dim,
            k,
            queries: q.count,
            method,
            medianMs: t.medianMs,
            minMs: t.minMs,
            maxMs: t.maxMs,
            msPerQuery: t.medianMs / q.count,
            baselineMs,
            speedup: baselineMs / t.medianMs,
            overlapWithBaseline: compared ? overlap / compared : 1,
            ...(result.candidatesPerQuery !== undefined ? { candidatesPerQuery: result.candidatesPerQuery } : {}),
          });
        }
      }
    }
    // Let the next size reuse the memory.
    index = null;
    flat = null;
  }
  return { dim: o.dim, kernel: wasmSimdAvailable() ? 'wasm' : 'js', node: process.version, runs: o.runs, cases, memory };
}
