import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { besselI0, firwinKaiserLowpass, kaiserWindow } from './window-design.js';

describe('besselI0', () => {
  it('matches tabulated values (scipy.special.i0)', () => {
    expect(besselI0(0)).toBe(1);
    expect(besselI0(1)).toBeCloseTo(1.2660658777520082, 15);
    expect(besselI0(5)).toBeCloseTo(27.239871823604442, 12);
    expect(besselI0(-5)).toBe(besselI0(5));
    expect(besselI0(20) / 43558282.55955353).toBeCloseTo(1, 13);
  });
});

describe('kaiserWindow', () => {
  it('is symmetric, 1 at the centre and 1 / I0(beta) at the ends', () => {
    const w = kaiserWindow(7, 5);
    expect(w[3]).toBe(1);
    for (let n = 0; n < 7; n++) expect(w[n]).toBe(w[6 - n]);
    expect(w[0]).toBeCloseTo(1 / 27.239871823604442, 15);
  });

  it('beta 0 is rectangular; one point is [1]', () => {
    expect(Array.from(kaiserWindow(5, 0))).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(kaiserWindow(1, 5))).toEqual([1]);
    expect(kaiserWindow(0, 5).length).toBe(0);
  });

  it('rejects bad arguments', () => {
    expect(() => kaiserWindow(-1, 5)).toThrow(ParameterError);
    expect(() => kaiserWindow(2.5, 5)).toThrow(/m.*2\.5/);
    expect(() => kaiserWindow(5, NaN)).toThrow(/beta.*NaN/);
  });
});

describe('firwinKaiserLowpass', () => {
  it('has unit DC gain, linear phase, and zeros at the sinc nulls of a half-band filter', () => {
    const h = firwinKaiserLowpass(41, 0.5, 5);
    expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    for (let n = 0; n < 41; n++) expect(h[n]).toBeCloseTo(h[40 - n], 15);
    // Centre of a half-band filter is 0.5 before normalisation, and the sum of h is ~1 already.
    expect(h[20]).toBeCloseTo(0.5, 3);
    for (let k = 2; k <= 20; k += 2) expect(Math.abs(h[20 + k])).toBeLessThan(1e-16);
  });

  it('rejects bad arguments', () => {
    expect(() => firwinKaiserLowpass(0, 0.5, 5)).toThrow(/numtaps.*0/);
    expect(() => firwinKaiserLowpass(11, 1, 5)).toThrow(/cutoff.*1/);
    expect(() => firwinKaiserLowpass(11, 0, 5)).toThrow(ParameterError);
  });
});
