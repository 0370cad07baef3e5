import { describe, expect, it } from 'vitest';
import { chromaFilterBank, chromaStft } from './chroma.js';
import { createFrameMatrix, toBinMajor } from './frame-matrix.js';
import { estimateTuning } from './pitch.js';
import { spectrogram } from './stft.js';
import { readFilter, readFixtureSignal, readReference, SIGNALS } from '../../test/librosa-fixtures.js';
import { deviation } from '../../test/compare.js';

const SR = 22050;

function tones(freqs: number[], seconds = 1): Float32Array {
  const y = new Float32Array(Math.round(seconds * SR));
  for (const f of freqs) for (let i = 0; i < y.length; i++) y[i] += (0.5 / freqs.length) * Math.sin((2 * Math.PI * f * i) / SR);
  return y;
}

describe('chromaFilterBank (librosa.filters.chroma)', () => {
  it('matches chroma_sr22050_nfft2048 within 1e-5 absolute', () => {
    const ref = readFilter('chroma_sr22050_nfft2048');
    const bank = chromaFilterBank({ sr: SR, nFft: 2048 });
    expect([bank.nFilters, bank.nBins]).toEqual(ref.shape);
    const d = deviation(bank.weights, ref.data, { atol: 1e-5 });
    expect(d.failures, `max abs ${d.maxAbs}`).toBe(0);
  });

  it('without octave weighting every column has unit norm; baseC=false starts at A; banks are cached', () => {
    const flat = chromaFilterBank({ sr: SR, nFft: 2048, octwidth: null });
    for (const k of [1, 40, 500, 1024]) {
      let s = 0;
      for (let c = 0; c < 12; c++) s += flat.weights[c * flat.nBins + k] ** 2;
      expect(Math.sqrt(s)).toBeCloseTo(1, 6);
    }
    const inf = chromaFilterBank({ sr: SR, nFft: 2048, octwidth: null, norm: Infinity });
    let mx = 0;
    for (let c = 0; c < 12; c++) mx = Math.max(mx, inf.weights[c * inf.nBins + 300]);
    expect(mx).toBeCloseTo(1, 6);
    const fromC = chromaFilterBank({ sr: SR, nFft: 2048 });
    const fromA = chromaFilterBank({ sr: SR, nFft: 2048, baseC: false });
    // Row 0 of the C-based bank (C) is row 3 of the A-based one.
    expect(Array.from(fromC.weights.subarray(0, 1025))).toEqual(Array.from(fromA.weights.subarray(3 * 1025, 4 * 1025)));
    expect(chromaFilterBank({ sr: SR, nFft: 2048 })).toBe(fromC);
  });

  it('a tuning of +0.5 bin moves each pitch class half a semitone up', () => {
    // 440 Hz is A at tuning 0; at +0.5 the classes are centred a quarter tone higher, so 440 sits between G# and A.
    const k = Math.round((440 * 2048) / SR);
    const col = (b: ReturnType<typeof chromaFilterBank>) => Array.from({ length: 12 }, (_, c) => b.weights[c * b.nBins + k]);
    const at0 = col(chromaFilterBank({ sr: SR, nFft: 2048 }));
    const atHalf = col(chromaFilterBank({ sr: SR, nFft: 2048, tuning: 0.5 }));
    expect(at0.indexOf(Math.max(...at0))).toBe(9);
    expect(atHalf[8]).toBeGreaterThan(0.5 * atHalf[9]);
  });
});

describe('chromaStft (librosa.feature.chroma_stft)', () => {
  it('an A440 tone peaks at A (row 9) with max-normalised frames; a C major triad lights C, E and G', () => {
    const a = chromaStft({ y: tones([440]), sr: SR, tuning: 0 });
    expect([a.nBins, a.nFrames]).toEqual([12, 1 + Math.floor(SR / 512)]);
    for (let t = 2; t < a.nFrames - 2; t++) {
      const frame = Array.from(a.data.subarray(t * 12, t * 12 + 12));
      expect(frame.indexOf(Math.max(...frame))).toBe(9);
      expect(Math.max(...frame)).toBeCloseTo(1, 6);
    }
    const triad = chromaStft({ y: tones([261.63, 329.63, 392.0]), sr: SR });
    const frame = Array.from(triad.data.subarray(10 * 12, 11 * 12));
    const top3 = frame.map((v, c) => [v, c]).sort((p, q) => q[0] - p[0]).slice(0, 3).map((p) => p[1]).sort((p, q) => p - q);
    expect(top3).toEqual([0, 4, 7]);
  });

  it('given S (power) equals the result from y; norm=null and norm=1 behave like librosa.util.normalize', () => {
    const y = tones([330, 500]);
    const S = spectrogram({ y, nFft: 2048, hopLength: 512, power: 2 });
    expect(deviation(chromaStft({ S, sr: SR }).data, chromaStft({ y, sr: SR }).data).maxAbs).toBe(0);
    const raw = chromaStft({ S, sr: SR, tuning: 0, norm: null });
    const l1 = chromaStft({ S, sr: SR, tuning: 0, norm: 1 });
    const frame = raw.data.subarray(20 * 12, 21 * 12);
    const sum = frame.reduce((p, v) => p + v, 0);
    for (let c = 0; c < 12; c++) expect(l1.data[20 * 12 + c]).toBeCloseTo(frame[c] / sum, 6);
    // The tuning it estimates is estimateTuning of that power spectrogram.
    const tuned = chromaStft({ S, sr: SR, tuning: estimateTuning({ S, sr: SR }) });
    expect(deviation(tuned.data, chromaStft({ S, sr: SR }).data).maxAbs).toBe(0);
  });

  it('leaves silent frames at 0 instead of dividing by 0', () => {
    const c = chromaStft({ y: new Float32Array(SR), sr: SR });
    expect(c.data.every((v) => v === 0)).toBe(true);
  });

  for (const signal of SIGNALS) {
    it(`${signal}: parity with chroma_stft at tuning 0 and with estimated tuning, within 1 % or 1e-3`, () => {
      const y = readFixtureSignal(signal, SR);
      const S = spectrogram({ y, nFft: 2048, hopLength: 512, power: 2 });
      for (const [key, actual] of [
        ['chroma_stft_tuning0_sr22050', chromaStft({ S, sr: SR, tuning: 0 })],
        ['chroma_stft_sr22050', chromaStft({ y, sr: SR })],
      ] as const) {
        const ref = readReference(signal, key);
        expect([actual.nBins, actual.nFrames]).toEqual(ref.shape);
        const d = deviation(toBinMajor(actual), ref.data, { rtol: 0.01, atol: 1e-3 });
        expect(d.failures, `${key}: max abs ${d.maxAbs}, max rel ${d.maxRel}`).toBe(0);
      }
    });
  }
});

describe('parameter errors name the parameter and the value', () => {
  it('chroma filterbank', () => {
    expect(() => chromaFilterBank({ sr: 0, nFft: 2048 })).toThrow(/sr must be > 0, got 0/);
    expect(() => chromaFilterBank({ sr: SR, nFft: 1 })).toThrow(/n_fft must be an integer >= 2, got 1/);
    expect(() => chromaFilterBank({ sr: SR, nFft: 2048, nChroma: 0 })).toThrow(/n_chroma must be a positive integer, got 0/);
    expect(() => chromaFilterBank({ sr: SR, nFft: 2048, tuning: NaN })).toThrow(/tuning must be a finite number, got NaN/);
    expect(() => chromaFilterBank({ sr: SR, nFft: 2048, octwidth: 0 })).toThrow(/octwidth must be > 0 or null, got 0/);
    expect(() => chromaFilterBank({ sr: SR, nFft: 2048, norm: -2 })).toThrow(/chroma filter norm .*got -2/);
  });

  it('chroma_stft', () => {
    const y = tones([440], 0.2);
    expect(() => chromaStft({ sr: SR })).toThrow(/give either y/);
    expect(() => chromaStft({ y, sr: -5 })).toThrow(/sr must be > 0, got -5/);
    expect(() => chromaStft({ y, norm: 0 })).toThrow(/norm must be > 0, Infinity or null; got 0/);
    expect(() => chromaStft({ y, power: 0 })).toThrow(/power must be > 0, got 0/);
    expect(() => chromaStft({ y, nChroma: 1.5 })).toThrow(/n_chroma .*1\.5|bins_per_octave .*1\.5/);
    expect(() => chromaStft({ S: createFrameMatrix(1, 3), tuning: 0 })).toThrow(/n_fft must be an integer >= 2, got 0/);
  });
});
