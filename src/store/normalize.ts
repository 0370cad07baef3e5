/** Library normalisation: subtract the library's mean vector, then L2-normalise, so inner product = cosine similarity. */
import { ParameterError } from '../errors.js';
import type { VectorMatrix } from '../search/vectors.js';

/** The method stored with the statistics, so a later method can live beside it. */
export const NORMALIZATION_METHOD = 'center-l2';

/**
 * Statistics count as stale when the vectors added plus removed since they were computed exceed
 * this fraction of the vectors they were computed over (10%). `match` warns; `library reindex` recomputes.
 */
export const STALE_FRACTION = 0.1;

/** Per-dimension mean of the rows, accumulated in float64: μ = (1/n) Σ_i x_i. */
export function meanVector(m: VectorMatrix): Float64Array {
  const mean = new Float64Array(m.dim);
  if (m.count === 0) return mean;
  const { data, dim } = m;
  for (let i = 0; i < m.count; i++) {
    const base = i * dim;
    for (let d = 0; d < dim; d++) mean[d] += data[base + d];
  }
  for (let d = 0; d < dim; d++) mean[d] /= m.count;
  return mean;
}

/**
 * (x − μ) / ‖x − μ‖₂ in float64, rounded to float32 into `out` (or a new array). A vector equal to
 * the mean maps to zeros (norm taken as 1, as in seed 000). Library rows and queries both go through
 * this one function, so a library track's raw vector normalises to exactly its index row.
 */
export function normalizeVector(raw: ArrayLike<number>, mean: Float64Array, out = new Float32Array(mean.length)): Float32Array {
  const dim = mean.length;
  if (raw.length !== dim) throw new ParameterError(`vector has ${raw.length} dimensions, the library's statistics have ${dim}`);
  let sq = 0;
  for (let d = 0; d < dim; d++) {
    const c = raw[d] - mean[d];
    sq += c * c;
  }
  const norm = Math.sqrt(sq);
  const scale = norm > 0 ? 1 / norm : 1;
  for (let d = 0; d < dim; d++) out[d] = (raw[d] - mean[d]) * scale;
  return out;
}

/** Every row of `m` through {@link normalizeVector}, into a new matrix. */
export function normalizeMatrix(m: VectorMatrix, mean: Float64Array): VectorMatrix {
  if (m.dim !== mean.length) throw new ParameterError(`matrix has ${m.dim} dimensions, the statistics have ${mean.length}`);
  const out = new Float32Array(m.count * m.dim);
  for (let i = 0; i < m.count; i++) {
    normalizeVector(m.data.subarray(i * m.dim, (i + 1) * m.dim), mean, out.subarray(i * m.dim, (i + 1) * m.dim));
  }
  return { data: out, dim: m.dim, count: m.count };
}

/** Whether statistics computed over `countAtStats` vectors are stale after `changes` additions and removals. */
export function isStale(countAtStats: number, changes: number): boolean {
  return changes / Math.max(1, countAtStats) > STALE_FRACTION;
}
