/** VectorMatrix: the one layout of many vectors (library embeddings, queries) used by search. */
import { ParameterError } from '../errors.js';

/** `count` vectors of `dim` float32 values, row-major and contiguous: vector i is data[i*dim .. (i+1)*dim). */
export interface VectorMatrix {
  data: Float32Array;
  dim: number;
  count: number;
}

/** Row i as a view (no copy). */
export function row(m: VectorMatrix, i: number): Float32Array {
  return m.data.subarray(i * m.dim, (i + 1) * m.dim);
}

/** Wraps `data` as `data.length / dim` rows of `dim` values (no copy); the length must be a whole number of rows. */
export function vectorMatrix(data: Float32Array, dim: number): VectorMatrix {
  if (!Number.isInteger(dim) || dim < 1) throw new ParameterError(`dim: must be a positive integer (got ${dim})`);
  if (data.length % dim !== 0) throw new ParameterError(`data: length ${data.length} is not a multiple of dim ${dim}`);
  return { data, dim, count: data.length / dim };
}

/** Copies equal-length rows into one contiguous matrix (for tests and small inputs). */
export function fromRows(rows: readonly ArrayLike<number>[]): VectorMatrix {
  if (rows.length === 0) throw new ParameterError('rows: need at least one row to know the dimension');
  const dim = rows[0].length;
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (r.length !== dim) throw new ParameterError(`rows[${i}]: length ${r.length}, expected ${dim}`);
    data.set(r, i * dim);
  });
  return { data, dim, count: rows.length };
}
