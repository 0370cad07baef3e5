import { describe, expect, it } from 'vitest';
import { dct2Ortho, dctBasis, mfcc } from './mfcc.js';
import { createFrameMatrix, fromBinMajor, toBinMajor } from './frame-matrix.js';
import { melSpectrogram } from './mel.js';
import { powerToDb } from './db.js';
import { readFixtureSignal, readReference, SIGNALS } from '../../test/librosa-fixtures.js';
import { deviation } from '../../test/compare.js';

const SR = 22050;

function sine(freq: number, seconds = 0.5): Float32Array {
  const y = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < y.length; i++) y[i] = 0.5 * Math.sin((2 * Math.PI * freq * i) / SR);
  return y;
}

describe('DCT (scipy.fftpack.dct)', () => {
  it('type 2 ortho is orthonormal and type 3 ortho is its inverse', () => {
    const n = 8;
    const B2 = dctBasis(n, n, 2, 'ortho');
    const B3 = dctBasis(n, n, 3, 'ortho');
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        let inv = 0;
        for (let m = 0; m < n; m++) {
          dot += B2[i * n + m] * B2[j * n + m];
          inv += B3[i * n + m] * B2[m * n + j];
        }
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
        expect(inv).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('matches scipy on [1, 2, 3, 4] for types 1, 2 and 3 unnormalised', () => {
    const x = [1, 2, 3, 4];
    const apply = (B: Float64Array) => [0, 1, 2, 3].map((k) => x.reduce((acc, v, m) => acc + B[k * 4 + m] * v, 0));
    // scipy.fftpack.dct([1, 2, 3, 4], type=t): hand-evaluated from its definitions.
    const c = (a: number) => Math.cos(a);
    apply(dctBasis(4, 4, 1, null)).forEach((v, k) => expect(v).toBeCloseTo([15, -4, 0, -1][k], 12));
    const t2 = [0, 1, 2, 3].map((k) => 2 * x.reduce((acc, v, m) => acc + v * c((Math.PI * k * (2 * m + 1)) / 8), 0));
    expect(t2[0]).toBe(20);
    expect(t2[1]).toBeCloseTo(-6.30864406, 7);
    apply(dctBasis(4, 4, 2, null)).forEach((v, k) => expect(v).toBeCloseTo(t2[k], 12));
    const t3 = [0, 1, 2, 3].map((k) => x[0] + 2 * [1, 2, 3].reduce((acc, m) => acc + x[m] * c((Math.PI * m * (2 * k + 1)) / 8), 0));
    apply(dctBasis(4, 4, 3, null)).forEach((v, k) => expect(v).toBeCloseTo(t3[k], 12));
  });

  it('dct2Ortho of a constant frame has only the DC coefficient c·√N', () => {
    const S = createFrameMatrix(16, 2);
    S.data.fill(3);
    const out = dct2Ortho(S, 5);
    expect([out.nBins, out.nFrames]).toEqual([5, 2]);
    expect(out.data[0]).toBeCloseTo(3 * 4, 5);
    for (let k = 1; k < 5; k++) expect(out.data[k]).toBeCloseTo(0, 5);
    expect(dctBasis(16, 5)).toBe(dctBasis(16, 5));
  });
});

describe('mfcc', () => {
  it('from S is the orthonormal DCT of that log-mel spectrogram; lifter scales coefficient n by 1 + L/2 sin(π(n+1)/L)', () => {
    const y = sine(440);
    const mel = melSpectrogram({ y, sr: SR, hopLength: 512 });
    const S = { data: powerToDb(mel.data), nBins: mel.nBins, nFrames: mel.nFrames };
    const fromY = mfcc({ y, sr: SR });
    const fromS = mfcc({ S, nMfcc: 20 });
    expect(deviation(fromY.data, fromS.data).maxAbs).toBe(0);
    expect(deviation(fromS.data, dct2Ortho(S, 20).data).maxAbs).toBe(0);
    const L = 22;
    const liftered = mfcc({ S, lifter: L });
    for (const n of [0, 5, 19]) {
      const gain = 1 + (L / 2) * Math.sin((Math.PI * (n + 1)) / L);
      expect(liftered.data[3 * 20 + n]).toBeCloseTo(fromS.data[3 * 20 + n] * gain, 3);
    }
  });

  it('passes mel options through (nMels, fmax, htk) while norm stays the DCT norm', () => {
    const y = sine(1000);
    const m = mfcc({ y, sr: SR, nMels: 40, fmax: 8000, nMfcc: 13 });
    expect([m.nBins, m.nFrames]).toEqual([13, 1 + Math.floor(y.length / 512)]);
    const unnormalised = mfcc({ y, sr: SR, nMels: 40, fmax: 8000, nMfcc: 13, norm: null });
    // c0 is 2 Σ x unnormalised and Σ x / √N orthonormal: a factor 2 √N.
    expect(unnormalised.data[26] / m.data[26]).toBeCloseTo(2 * Math.sqrt(40), 4);
  });

  for (const signal of SIGNALS) {
    it(`${signal}: parity with librosa.feature.mfcc (n_mfcc 20) within 1 % or 1e-3`, () => {
      const y = readFixtureSignal(signal, SR);
      const ref = readReference(signal, 'mfcc_sr22050');
      const M = mfcc({ y, sr: SR });
      expect([M.nBins, M.nFrames]).toEqual(ref.shape);
      const d = deviation(toBinMajor(M), ref.data, { rtol: 0.01, atol: 1e-3 });
      expect(d.failures, `max abs ${d.maxAbs}, max rel ${d.maxRel}`).toBe(0);
      // The fixture's own layout round-trips through fromBinMajor.
      expect(fromBinMajor(ref.data, ref.shape[0], ref.shape[1]).nFrames).toBe(M.nFrames);
    });
  }
});

describe('parameter errors name the parameter and the value', () => {
  const y = sine(440, 0.2);
  it('n_mfcc, lifter, dct_type, norm, input', () => {
    expect(() => mfcc({ y, nMfcc: 0 })).toThrow(/n_mfcc must be a positive integer, got 0/);
    expect(() => mfcc({ y, nMfcc: 200 })).toThrow(/n_mfcc=200 exceeds the 128 mel bands/);
    expect(() => mfcc({ y, lifter: -1 })).toThrow(/lifter=-1 must be a non-negative number/);
    expect(() => mfcc({ y, dctType: 4 as never })).toThrow(/dct_type must be 1, 2 or 3, got 4/);
    expect(() => mfcc({ y, norm: 'l2' as never })).toThrow(/norm must be 'ortho' or null, got l2/);
    expect(() => mfcc({ y, dctType: 1 })).toThrow(/not supported for dct_type=1/);
    expect(() => mfcc({ sr: SR })).toThrow(/give either y/);
  });

  it('DCT sizes', () => {
    expect(() => dctBasis(0, 1)).toThrow(/DCT length must be a positive integer, got 0/);
    expect(() => dctBasis(8, 9)).toThrow(/in \[1, 8\], got 9/);
  });
});
