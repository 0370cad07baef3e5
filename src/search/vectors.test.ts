import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { fromRows, row, vectorMatrix } from './vectors.js';

describe('VectorMatrix helpers', () => {
  it('fromRows copies rows contiguously; row() is a view', () => {
    const m = fromRows([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(m).toMatchObject({ dim: 2, count: 3 });
    expect(Array.from(row(m, 1))).toEqual([3, 4]);
    row(m, 2)[0] = 9;
    expect(m.data[4]).toBe(9);
  });

  it('vectorMatrix wraps without copying and checks the shape', () => {
    const data = new Float32Array(6);
    expect(vectorMatrix(data, 3)).toEqual({ data, dim: 3, count: 2 });
    expect(() => vectorMatrix(data, 4)).toThrow(ParameterError);
    expect(() => vectorMatrix(data, 4)).toThrow(/data: length 6 is not a multiple of dim 4/);
    expect(() => vectorMatrix(data, 0)).toThrow(/dim: must be a positive integer \(got 0\)/);
    expect(() => fromRows([[1, 2], [3]])).toThrow(/rows\[1\]: length 1, expected 2/);
    expect(() => fromRows([])).toThrow(/rows: need at least one row/);
  });
});
