import { describe, expect, it } from 'vitest';
import { autocorrelate, Autocorrelator, fastFftSize } from './autocorrelate.js';
import { seededRandom as seeded } from '../synth/random.js';

function directAutocorrelation(x: ArrayLike<number>, maxSize: number): Float64Array {
  const out = new Float64Array(maxSize);
  for (let k = 0; k < maxSize; k++) for (let n = 0; n + k < x.length; n++) out[k] += x[n] * x[n + k];
  return out;
}

describe('autocorrelate (librosa.autocorrelate)', () => {
  it('gives the linear (not circular) autocorrelation: [1, 2, 3] -> [14, 8, 3]', () => {
    const ac = autocorrelate(new Float32Array([1, 2, 3]));
    expect(Array.from(ac).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([14, 8, 3]);
  });

  it('truncates to maxSize lags and treats an empty input as empty', () => {
    expect(autocorrelate(new Float32Array([1, 2, 3]), { maxSize: 2 }).length).toBe(2);
    expect(autocorrelate(new Float32Array([1, 2, 3]), { maxSize: 10 }).length).toBe(3);
    expect(autocorrelate(new Float32Array(0)).length).toBe(0);
  });

  it('matches the direct sum within 1e-6 of ac[0] on seeded noise (odd length, windowed)', () => {
    const rand = seeded(7);
    const x = Float64Array.from({ length: 345 }, () => rand() - 0.3);
    const w = Float64Array.from({ length: 345 }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 345));
    const xw = x.map((v, i) => v * w[i]);
    const expected = directAutocorrelation(xw, 345);
    const out = new Float64Array(345);
    new Autocorrelator(345).run(x, out, w);
    let worst = 0;
    for (let k = 0; k < 345; k++) worst = Math.max(worst, Math.abs(out[k] - expected[k]));
    expect(worst / expected[0]).toBeLessThan(1e-6);
  });

  it('picks FFT sizes PFFFT runs natively, at least 2n - 1', () => {
    expect(fastFftSize(687)).toBe(768);
    expect(fastFftSize(767)).toBe(768);
    expect(fastFftSize(1)).toBe(32);
    for (const m of [33, 100, 500, 1000, 4097]) {
      const n = fastFftSize(m);
      expect(n).toBeGreaterThanOrEqual(m);
      expect(n % 32).toBe(0);
    }
  });

  it('rejects bad sizes with a message naming them', () => {
    expect(() => autocorrelate(new Float32Array(4), { maxSize: 0 })).toThrow(/max_size/);
    expect(() => new Autocorrelator(0)).toThrow(/length/);
    expect(() => new Autocorrelator(8, 1.5)).toThrow(/max_size/);
  });
});
