/** A flat index with an int8 pre-filter that keeps search exact: bounds on the int8 scores pick the candidates, float32 re-scoring picks the answer. */
import { createDotEngine, createInt8Shard, int8Offset, rowBlockSize, type Backend, type Int8Shard } from '../kernels/dot.js';
import { heapSortBestFirst, offerRows } from './select.js';
import { checkFinite, checkMatrix } from './validate.js';
import type { VectorMatrix } from './vectors.js';

/**
 * A VectorMatrix plus an int8 copy of its rows. It *is* a VectorMatrix (same data, dim, count), so
 * every search function accepts it; searchTopK recognises it and takes the faster path, with the
 * same results as the plain float32 search.
 *
 * Why: a single query over a flat float32 index is memory-bound (1M × 512 floats = 2 GiB read per
 * query; one core streams ~10 GB/s here). The int8 copy is a quarter of that, and error bounds
 * make the shortcut exact rather than approximate.
 */
export interface FlatIndex extends VectorMatrix {
  readonly kind: 'flat-int8';
  /** Bytes of the int8 rows and per-row constants (on top of the float32 data). */
  readonly extraBytes: number;
  /** @internal int8 rows in Wasm memories of at most ~1 GiB each; empty where Wasm SIMD is missing. */
  readonly shards: readonly { start: number; shard: Int8Shard }[];
  /** @internal per row r: the int8 scale s_r, and c1_r, c2_r of the error bound (see searchFlatIndex). */
  readonly scale: Float32Array;
  readonly c1: Float32Array;
  readonly c2: Float32Array;
}

export function isFlatIndex(m: VectorMatrix): m is FlatIndex {
  return (m as Partial<FlatIndex>).kind === 'flat-int8';
}

const SHARD_BYTES = 1 << 30;
const QUERY_BLOCK = 64;
const ROW_BLOCK = 1024;
/** Rounds a bound up past float32 rounding (fround moves a value by at most 2^-24 relative). */
const up = (v: number): number => Math.fround(v * (1 + 2 ** -20));

/**
 * γ = m·u / (1 − m·u) with u = 2^-24: the relative error bound of the float32 kernel's dot product
 * (m = dim/4 terms per lane + the product + 3 lane additions, with slack), so that
 * |score_f32 − x·q| ≤ γ ‖x‖‖q‖ by Cauchy–Schwarz on Σ|x_d q_d|.
 */
function f32Gamma(dim: number): number {
  const m = Math.ceil(dim / 4) + 8;
  const u = 2 ** -24;
  return ((m * u) / (1 - m * u)) * 1.01;
}

/**
 * Builds the int8 copy: per row x, s = max|x_d| / 127 and x̂_d = round(x_d / s) ∈ [−127, 127],
 * with the residual e = x − s·x̂. Stored per row: s, c1 = ‖s·x̂‖ and c2 = ‖e‖ + γ‖x‖ (rounded up).
 * O(N · dim) time; extra memory N · (dim rounded up to 16) bytes + 12 bytes per row.
 * The float32 rows are kept by reference and must not change afterwards.
 */
export function createFlatIndex(matrix: VectorMatrix): FlatIndex {
  checkMatrix(matrix, 'index');
  checkFinite(matrix, 'index');
  const { data, dim, count } = matrix;
  const scale = new Float32Array(count);
  const c1 = new Float32Array(count);
  const c2 = new Float32Array(count);
  const dimPad = (dim + 15) & ~15;
  const shardRows = Math.max(1, Math.floor(SHARD_BYTES / dimPad));
  const gamma = f32Gamma(dim);
  const shards: { start: number; shard: Int8Shard }[] = [];
  for (let start = 0; start < count; start += shardRows) {
    const rows = Math.min(shardRows, count - start);
    const shard = createInt8Shard(rows, dim, QUERY_BLOCK, ROW_BLOCK);
    if (!shard) {
      shards.length = 0;
      break;
    }
    shards.push({ start, shard });
    const q8 = shard.data;
    const dp = shard.dimPad;
    for (let i = 0; i < rows; i++) {
      const r = start + i;
      const off = r * dim;
      let maxAbs = 0;
      for (let d = 0; d < dim; d++) maxAbs = Math.max(maxAbs, Math.abs(data[off + d]));
      const s = Math.fround(maxAbs / 127);
      let aSq = 0;
      let eSq = 0;
      let xSq = 0;
      for (let d = 0; d < dim; d++) {
        const x = data[off + d];
        const v = s > 0 ? Math.max(-127, Math.min(127, Math.round(x / s))) : 0;
        q8[int8Offset(i, d, dp)] = v;
        const back = s * v;
        aSq += back * back;
        eSq += (x - back) ** 2;
        xSq += x * x;
      }
      scale[r] = s;
      c1[r] = up(Math.sqrt(aSq));
      c2[r] = up(Math.sqrt(eSq) + gamma * Math.sqrt(xSq));
    }
  }
  const extraBytes = shards.reduce((b, s) => b + s.shard.rows * s.shard.dimPad, 0) + 12 * count;
  return { kind: 'flat-int8', data, dim, count, extraBytes, shards, scale, c1, c2 };
}

export interface FlatSearchResult {
  rows: Int32Array;
  scores: Float32Array;
  /** Rows re-scored in float32 per query, on average (the rest were ruled out by the bounds). */
  candidatesPerQuery: number;
}

/**
 * Exact top-k on a FlatIndex, same answer as the plain float32 search:
 *
 * 1. Quantise each query: s_q = max|q_d| / Q, q̂ = round(q / s_q) as int16 (Q ≤ 32767, small
 *    enough that Σ_d 127·Q never overflows int32), residual f = q − s_q·q̂.
 * 2. Int8 pass: t = s_r · s_q · (x̂ · q̂) with the integer dot exact. Writing x = s_r x̂ + e and
 *    q = s_q q̂ + f,  x·q − t = (s_r x̂)·f + e·q,  so  |x·q − t| ≤ c1_r‖f‖ + ‖e‖‖q‖, and the float32
 *    score the plain search reports is within γ‖x‖‖q‖ of x·q: |score − t| ≤ ε_r = c1_r‖f‖ + c2_r‖q‖.
 * 3. L = the k-th largest lower bound t − ε. At least k rows score ≥ L, so a row whose upper bound
 *    t + ε is below L cannot be among the k best; the rest (typically a few × k) are candidates.
 *    L is tracked while scanning, so most rows cost one comparison.
 * 4. Candidates are re-scored with the float32 kernel and selected exactly as searchTopK does.
 */
export function searchFlatIndex(
  index: FlatIndex,
  queries: VectorMatrix,
  k: number,
  excludeRows?: ArrayLike<number>,
  allowedRows?: Uint8Array,
  backend?: Backend,
): FlatSearchResult {
  const { dim } = index;
  const nq = queries.count;
  const dimPad = (dim + 15) & ~15;
  const qMax = Math.min(32767, Math.floor((2 ** 31 - 1) / (127 * dimPad)));
  const outRows = new Int32Array(nq * k);
  const outScores = new Float32Array(nq * k);
  const rb = rowBlockSize(dim);
  const engine = createDotEngine(dim, 1, rb, backend);
  const gathered = new Float32Array(rb * dim);
  const qs = new Float64Array(QUERY_BLOCK);
  const fNorm = new Float64Array(QUERY_BLOCK);
  const qNorm = new Float64Array(QUERY_BLOCK);
  const lowHeap = new Float64Array(QUERY_BLOCK * k);
  const lowSize = new Int32Array(QUERY_BLOCK);
  const threshold = new Float64Array(QUERY_BLOCK);
  const cand: Candidates[] = [];
  let totalCandidates = 0;

  for (let q0 = 0; q0 < nq; q0 += QUERY_BLOCK) {
    const nqb = Math.min(QUERY_BLOCK, nq - q0);
    lowSize.fill(0);
    threshold.fill(-Infinity);
    cand.length = 0;
    for (let i = 0; i < nqb; i++) cand.push({ rows: new Int32Array(4 * k + 64), hi: new Float64Array(4 * k + 64), n: 0 });
    const q16 = new Int16Array(nqb * dimPad);
    for (let i = 0; i < nqb; i++) {
      const off = (q0 + i) * dim;
      let maxAbs = 0;
      for (let d = 0; d < dim; d++) maxAbs = Math.max(maxAbs, Math.abs(queries.data[off + d]));
      const s = maxAbs / qMax;
      let fSq = 0;
      let qSq = 0;
      for (let d = 0; d < dim; d++) {
        const x = queries.data[off + d];
        const v = s > 0 ? Math.round(x / s) : 0;
        q16[i * dimPad + d] = v;
        fSq += (x - s * v) ** 2;
        qSq += x * x;
      }
      qs[i] = s;
      fNorm[i] = Math.sqrt(fSq) * (1 + 1e-9);
      qNorm[i] = Math.sqrt(qSq) * (1 + 1e-9);
    }
    for (const { start, shard } of index.shards) {
      shard.queries.set(q16);
      for (let r0 = 0; r0 < shard.rows; r0 += shard.blockRows) {
        const nr = Math.min(shard.blockRows, shard.rows - r0);
        const dots = shard.compute(nqb, r0, nr);
        const stride = (nr + 3) & ~3;
        for (let i = 0; i < nqb; i++) {
          const qi = q0 + i;
          const st: ScanState = { L: threshold[i], size: lowSize[i], cand: cand[i] };
          scanBlock(index, dots, i * stride, nr, start + r0, qs[i], fNorm[i], qNorm[i], excludeRows ? excludeRows[qi] : -1, allowedRows, lowHeap, i * k, k, st);
          threshold[i] = st.L;
          lowSize[i] = st.size;
        }
      }
    }
    // Exact re-scoring of the surviving candidates, in increasing row order.
    for (let i = 0; i < nqb; i++) {
      const qi = q0 + i;
      const c = cand[i];
      const L = threshold[i];
      let w = 0;
      for (let m = 0; m < c.n; m++) if (c.hi[m] >= L) c.rows[w++] = c.rows[m];
      totalCandidates += w;
      engine.loadA(queries, qi, 1);
      let size = 0;
      for (let m0 = 0; m0 < w; m0 += rb) {
        const nb = Math.min(rb, w - m0);
        for (let m = 0; m < nb; m++) gathered.set(index.data.subarray(c.rows[m0 + m] * dim, (c.rows[m0 + m] + 1) * dim), m * dim);
        engine.loadB({ data: gathered, dim }, 0, nb);
        size = offerRows(outScores, outRows, qi * k, size, k, engine.compute(1, nb), 0, nb, c.rows, m0);
      }
      heapSortBestFirst(outScores, outRows, qi * k, size);
    }
  }
  return { rows: outRows, scores: outScores, candidatesPerQuery: nq ? totalCandidates / nq : 0 };
}

interface Candidates {
  rows: Int32Array;
  hi: Float64Array;
  n: number;
}

interface ScanState {
  /** Current threshold: the k-th largest lower bound so far (−∞ until k rows were seen). */
  L: number;
  /** Lower bounds in the heap. */
  size: number;
  cand: Candidates;
}

/**
 * Step 2-3 of searchFlatIndex for one query and one block of rows: bounds from the int8 dots at
 * `dots[from ..]`, updating the threshold heap and the candidate list. A separate small function
 * so V8 optimises the hot loop early.
 */
function scanBlock(
  index: FlatIndex,
  dots: Int32Array,
  from: number,
  nr: number,
  row0: number,
  sq: number,
  fn: number,
  qn: number,
  exclude: number,
  allowedRows: Uint8Array | undefined,
  lowHeap: Float64Array,
  hb: number,
  k: number,
  st: ScanState,
): void {
  const { scale, c1, c2 } = index;
  let L = st.L;
  let size = st.size;
  const c = st.cand;
  for (let j = 0; j < nr; j++) {
    const row = row0 + j;
    const t = scale[row] * sq * dots[from + j];
    // 1e-9 covers the float64 rounding of t and ε themselves.
    const eps = c1[row] * fn + c2[row] * qn + 1e-9;
    const hi = t + eps;
    if (hi < L) continue;
    if (row === exclude || (allowedRows && allowedRows[row] === 0)) continue;
    if (c.n === c.rows.length) compact(c, L);
    c.rows[c.n] = row;
    c.hi[c.n++] = hi;
    const lo = t - eps;
    if (size < k) {
      lowPush(lowHeap, hb, size++, lo);
      if (size === k) L = lowHeap[hb];
    } else if (lo > L) {
      lowReplaceRoot(lowHeap, hb, k, lo);
      L = lowHeap[hb];
    }
  }
  st.L = L;
  st.size = size;
}

/** Drops candidates the risen threshold rules out; doubles the arrays when that frees too little. */
function compact(c: Candidates, L: number): void {
  let w = 0;
  for (let m = 0; m < c.n; m++) {
    if (c.hi[m] >= L) {
      c.rows[w] = c.rows[m];
      c.hi[w++] = c.hi[m];
    }
  }
  c.n = w;
  if (w > c.rows.length / 2) {
    const rows = new Int32Array(c.rows.length * 2);
    rows.set(c.rows);
    const hi = new Float64Array(c.rows.length * 2);
    hi.set(c.hi);
    c.rows = rows;
    c.hi = hi;
  }
}

// A plain min-heap of lower bounds (values only: ties do not matter for a threshold).

function lowPush(h: Float64Array, base: number, size: number, v: number): void {
  let i = size;
  h[base + i] = v;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[base + p] <= h[base + i]) break;
    const t = h[base + p];
    h[base + p] = h[base + i];
    h[base + i] = t;
    i = p;
  }
}

function lowReplaceRoot(h: Float64Array, base: number, size: number, v: number): void {
  h[base] = v;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const m = l + 1 < size && h[base + l + 1] < h[base + l] ? l + 1 : l;
    if (h[base + m] >= h[base + i]) return;
    const t = h[base + m];
    h[base + m] = h[base + i];
    h[base + i] = t;
    i = m;
  }
}
