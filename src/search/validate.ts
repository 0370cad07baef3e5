/** Parameter checks shared by the search functions, so every one of them fails with the same wording. */
import { ParameterError } from '../errors.js';
import type { VectorMatrix } from './vectors.js';

/** Throws unless `m` is a well-formed matrix with at least `minCount` rows. */
export function checkMatrix(m: VectorMatrix, name: string, minCount = 1): void {
  if (!m || !(m.data instanceof Float32Array)) throw new ParameterError(`${name}: expected a VectorMatrix with Float32Array data`);
  if (!Number.isInteger(m.dim) || m.dim < 1) throw new ParameterError(`${name}.dim: must be a positive integer (got ${m.dim})`);
  if (!Number.isInteger(m.count) || m.count < 0) throw new ParameterError(`${name}.count: must be a non-negative integer (got ${m.count})`);
  if (m.data.length < m.count * m.dim) {
    throw new ParameterError(`${name}.data: length ${m.data.length} is shorter than count × dim = ${m.count} × ${m.dim}`);
  }
  if (m.count < minCount) {
    throw new ParameterError(
      m.count === 0 ? `${name}: empty (0 vectors); nothing to search` : `${name}: needs at least ${minCount} vectors (got ${m.count})`,
    );
  }
}

/** Throws unless `queries` has the index's dimension. */
export function checkSameDim(index: VectorMatrix, queries: VectorMatrix, name = 'queries'): void {
  if (queries.dim !== index.dim) throw new ParameterError(`${name}: dim ${queries.dim} does not match the index dim ${index.dim}`);
}

/** Throws unless every value in the first `count` rows is finite (NaN would make every comparison false). */
export function checkFinite(m: VectorMatrix, name: string): void {
  const n = m.count * m.dim;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(m.data[i])) {
      throw new ParameterError(`${name}: row ${Math.floor(i / m.dim)} holds ${m.data[i]} at position ${i % m.dim}`);
    }
  }
}

/** Throws unless `value` is an integer ≥ `min`. */
export function checkInt(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ParameterError(`${name}: must be an integer >= ${min} (got ${value})`);
  }
}

/** Throws unless `value` is a finite number (optionally within [min, max]). */
export function checkNumber(value: number, name: string, min = -Infinity, max = Infinity): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = min === -Infinity && max === Infinity ? 'a finite number' : `a number in [${min}, ${max}]`;
    throw new ParameterError(`${name}: must be ${range} (got ${value})`);
  }
}

/** Throws unless a per-row array has exactly one entry per library row. */
export function checkPerRow(values: ArrayLike<unknown> | undefined, name: string, count: number): void {
  if (!values || typeof values.length !== 'number') throw new ParameterError(`${name}: required, one entry per library row`);
  if (values.length !== count) throw new ParameterError(`${name}: has ${values.length} entries, but the index has ${count} rows`);
}

/** A single vector is accepted wherever queries are, as a one-row matrix. */
export function asQueries(q: VectorMatrix | Float32Array, dim: number): VectorMatrix {
  if (q instanceof Float32Array) {
    if (q.length !== dim) throw new ParameterError(`queries: vector length ${q.length} does not match the index dim ${dim}`);
    return { data: q, dim, count: 1 };
  }
  return q;
}
