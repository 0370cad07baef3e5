import { describe, expect, it } from 'vitest';
import { seededRandom } from '../synth/random.js';
import { chromaEntropy, chromaFourierMagnitudes } from './tonal.js';

const magnitudes = (p: number[]): number[] => {
  const out = new Float64Array(6);
  chromaFourierMagnitudes(p, 0, out);
  return Array.from(out);
};
const profile = (classes: number[]): number[] => Array.from({ length: 12 }, (_, c) => (classes.includes(c) ? 1 : 0));

describe('chromaFourierMagnitudes', () => {
  it('is 1 for every k on a single pitch class and 0 on a flat profile', () => {
    for (const m of magnitudes(profile([4]))) expect(m).toBeCloseTo(1, 12);
    for (const m of magnitudes(new Array(12).fill(0.3))) expect(m).toBeCloseTo(0, 12);
  });

  it('gives the known interval content of a major triad (C E G)', () => {
    // F_k = (1 + e^{-2πik·4/12} + e^{-2πik·7/12}) / 3; e.g. |F_3|: 1 + 1 + e^{-iπ·7/2} -> |2 + i| / 3.
    const m = magnitudes(profile([0, 4, 7]));
    expect(m[2]).toBeCloseTo(Math.sqrt(5) / 3, 12);
    // |F_6|: 1 + 1 - 1 -> 1/3.
    expect(m[5]).toBeCloseTo(1 / 3, 12);
  });

  it('does not change under transposition (rotation) or scaling of the profile', () => {
    const random = seededRandom(11);
    const p = Array.from({ length: 12 }, () => random());
    const base = magnitudes(p);
    for (let shift = 1; shift < 12; shift++) {
      const rotated = p.map((_, c) => p[(c + shift) % 12]);
      magnitudes(rotated).forEach((m, k) => expect(m).toBeCloseTo(base[k], 12));
    }
    magnitudes(p.map((v) => 5 * v)).forEach((m, k) => expect(m).toBeCloseTo(base[k], 12));
  });

  it('separates a diatonic scale from a chromatic cluster on |F_5| (fifths)', () => {
    const diatonic = magnitudes(profile([0, 2, 4, 5, 7, 9, 11]));
    const cluster = magnitudes(profile([0, 1, 2, 3, 4, 5, 6]));
    expect(diatonic[4]).toBeGreaterThan(0.3);
    expect(cluster[4]).toBeLessThan(0.1);
  });

  it('reads from an offset, writes to an offset and gives zeros for a zero profile', () => {
    const data = [9, 9, ...profile([2]), 9];
    const out = new Float64Array(8).fill(-1);
    chromaFourierMagnitudes(data, 2, out, 1);
    expect(out[0]).toBe(-1);
    for (let k = 1; k <= 6; k++) expect(out[k]).toBeCloseTo(1, 12);
    chromaFourierMagnitudes(new Array(12).fill(0), 0, out);
    expect(Array.from(out.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('chromaEntropy', () => {
  it('is 0 for one pitch class, 1 for all twelve, log(3)/log(12) for a triad', () => {
    expect(chromaEntropy(profile([3]))).toBe(0);
    expect(chromaEntropy(new Array(12).fill(2))).toBeCloseTo(1, 12);
    expect(chromaEntropy(profile([0, 4, 7]))).toBeCloseTo(Math.log(3) / Math.log(12), 12);
  });

  it('is NaN for a profile without energy', () => {
    expect(chromaEntropy(new Array(12).fill(0))).toBeNaN();
  });
});
