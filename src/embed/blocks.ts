/** Named blocks of an embedding vector (which dimensions measure what) and how much of a collection's spread each carries. */
import { ParameterError } from '../errors.js';

/** A contiguous run of dimensions that measures one family of properties (timbre, rhythm...). */
export interface EmbeddingBlock {
  name: string;
  /** Number of dimensions; blocks follow each other in order, so offsets are the running sums. */
  dim: number;
  /** Intended share of a centred vector's squared norm (the weights of an embedder's blocks sum to 1). */
  weight: number;
  /** What the block measures, for tables (README, `--help`). */
  description: string;
}

/** Offset of each block's first dimension, plus the total dimension as the last entry. */
export function blockOffsets(blocks: readonly EmbeddingBlock[]): number[] {
  const offsets = [0];
  for (const b of blocks) offsets.push(offsets[offsets.length - 1] + b.dim);
  return offsets;
}

/**
 * Share of each block in the squared distances of `vectors` from their own mean:
 *
 *   share_b = Σ_i ‖x_i,b - m_b‖² / Σ_i ‖x_i - m‖²,   m = mean_i x_i,
 *
 * the quantity block weights are meant to fix once a library subtracts its mean (the cosine similarity
 * then sums per-block products in these proportions). Shares sum to 1; all zeros when the vectors coincide.
 */
export function blockShares(vectors: readonly Float32Array[], blocks: readonly EmbeddingBlock[]): number[] {
  const offsets = blockOffsets(blocks);
  const dim = offsets[offsets.length - 1];
  if (vectors.length === 0) throw new ParameterError('blockShares needs at least one vector, got 0');
  for (const [i, v] of vectors.entries()) {
    if (v.length !== dim) throw new ParameterError(`vector ${i} has ${v.length} dimensions but the blocks add up to ${dim}`);
  }
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let d = 0; d < dim; d++) mean[d] += v[d] / vectors.length;
  const perBlock = new Float64Array(blocks.length);
  for (const v of vectors) {
    for (let b = 0; b < blocks.length; b++) {
      for (let d = offsets[b]; d < offsets[b + 1]; d++) perBlock[b] += (v[d] - mean[d]) ** 2;
    }
  }
  const total = perBlock.reduce((a, b) => a + b, 0);
  return Array.from(perBlock, (x) => (total > 0 ? x / total : 0));
}
