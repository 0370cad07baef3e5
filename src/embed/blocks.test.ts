import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { blockOffsets, blockShares, type EmbeddingBlock } from './blocks.js';

const BLOCKS: EmbeddingBlock[] = [
  { name: 'a', dim: 2, weight: 0.5, description: 'first' },
  { name: 'b', dim: 1, weight: 0.5, description: 'second' },
];

describe('blockOffsets', () => {
  it('gives each block its first dimension and the total at the end', () => {
    expect(blockOffsets(BLOCKS)).toEqual([0, 2, 3]);
    expect(blockOffsets([])).toEqual([0]);
  });
});

describe('blockShares', () => {
  it('splits the squared distances from the mean between blocks', () => {
    // Mean (0, 0, 0); block a holds 1² + 1² per vector, block b 2² per vector: shares 2/6 and 4/6.
    const vectors = [Float32Array.from([1, 1, 2]), Float32Array.from([-1, -1, -2])];
    const [a, b] = blockShares(vectors, BLOCKS);
    expect(a).toBeCloseTo(1 / 3, 12);
    expect(b).toBeCloseTo(2 / 3, 12);
  });

  it('ignores a common offset (what a library subtracts anyway)', () => {
    const shifted = [Float32Array.from([11, 1, 102]), Float32Array.from([9, -1, 98])];
    const [a, b] = blockShares(shifted, BLOCKS);
    expect(a).toBeCloseTo(1 / 3, 5);
    expect(b).toBeCloseTo(2 / 3, 5);
  });

  it('gives zeros when all vectors coincide', () => {
    expect(blockShares([Float32Array.from([1, 2, 3]), Float32Array.from([1, 2, 3])], BLOCKS)).toEqual([0, 0]);
  });

  it('rejects an empty set and vectors of the wrong length', () => {
    expect(() => blockShares([], BLOCKS)).toThrow(ParameterError);
    expect(() => blockShares([new Float32Array(4)], BLOCKS)).toThrow(/vector 0 has 4 dimensions but the blocks add up to 3/);
  });
});
