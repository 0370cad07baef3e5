import { describe, expect, it } from 'vitest';
import { rms, zeroCrossingRate } from './temporal.js';
import { createFrameMatrix, toBinMajor, type FrameMatrix } from './frame-matrix.js';
import { spectrogram } from './stft.js';
import { readFixtureSignal, readReference, SIGNALS } from '../../test/librosa-fixtures.js';
import { deviation } from '../../test/compare.js';

const SR = 22050;

function sine(freq: number, seconds = 1, amp = 0.5): Float32Array {
  const y = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < y.length; i++) y[i] = amp * Math.sin((2 * Math.PI * freq * i) / SR + 0.1);
  return y;
}

function interior(m: FrameMatrix): number[] {
  return Array.from(m.data.subarray(4, m.nFrames - 4));
}

describe('zeroCrossingRate known answers', () => {
  it('a sine of f Hz crosses zero 2f times a second', () => {
    for (const f of [200, 1000, 3000]) {
      for (const z of interior(zeroCrossingRate({ y: sine(f) }))) expect(Math.abs(z - (2 * f) / SR)).toBeLessThanOrEqual(1 / 2048 + 1e-12);
    }
  });

  it('values within the threshold count as zero, and zero counts as positive', () => {
    const tiny = new Float32Array(4096).map((_, i) => (i % 2 ? 1e-11 : -1e-11));
    expect(Math.max(...zeroCrossingRate({ y: tiny }).data)).toBe(0);
    // threshold 0 (or null) lets the sign of ±1e-11 count.
    expect(zeroCrossingRate({ y: tiny, threshold: 0, center: false }).data[0]).toBeCloseTo(2047 / 2048, 12);
    expect(zeroCrossingRate({ y: tiny, threshold: null, center: false }).data[0]).toBeCloseTo(2047 / 2048, 12);
    // refMagnitude scales the threshold: 1e-10 · 1000 = 1e-7 swallows ±1e-8.
    const small = tiny.map((v) => v * 1000);
    expect(zeroCrossingRate({ y: small, center: false }).data[0]).toBeCloseTo(2047 / 2048, 12);
    expect(zeroCrossingRate({ y: small, center: false, refMagnitude: 1000 }).data[0]).toBe(0);
    expect(zeroCrossingRate({ y: small, center: false, refMagnitude: (a) => 1e11 * Math.max(...a) }).data[0]).toBe(0);
  });

  it('zeroPos=false makes 0 its own sign; pad=true counts the first sample', () => {
    // 0, 1, 0, -1, 0, 1, 0, -1 with zero positive: only 0 -> -1 and -1 -> 0 change sign (3 of the 7 steps).
    const y = new Float32Array(8).map((_, i) => [0, 1, 0, -1][i % 4]);
    expect(zeroCrossingRate({ y, frameLength: 8, hopLength: 8, center: false }).data[0]).toBe(3 / 8);
    expect(zeroCrossingRate({ y, frameLength: 8, hopLength: 8, center: false, zeroPos: false }).data[0]).toBe(7 / 8);
    expect(zeroCrossingRate({ y, frameLength: 8, hopLength: 8, center: false, pad: true }).data[0]).toBe(4 / 8);
  });

  it('centring pads with the edge values, so a constant signal never crosses', () => {
    const y = new Float32Array(5000).fill(-0.3);
    const z = zeroCrossingRate({ y });
    expect(z.nFrames).toBe(1 + Math.floor(5000 / 512));
    expect(Math.max(...z.data)).toBe(0);
  });
});

describe('rms known answers', () => {
  it('a sine of amplitude A has RMS A/√2; a constant c has RMS |c|', () => {
    for (const v of interior(rms({ y: sine(441, 1, 0.8) }))) expect(v).toBeCloseTo(0.8 / Math.SQRT2, 2);
    for (const v of interior(rms({ y: new Float32Array(SR).fill(-0.25) }))) expect(v).toBeCloseTo(0.25, 6);
  });

  it('zero padding halves the energy of the first centred frame of a constant', () => {
    expect(rms({ y: new Float32Array(SR).fill(0.5) }).data[0]).toBeCloseTo(0.5 * Math.SQRT1_2, 6);
    expect(rms({ y: new Float32Array(SR).fill(0.5), padMode: 'edge' }).data[0]).toBeCloseTo(0.5, 6);
  });

  it('from an unwindowed, uncentred magnitude STFT equals the time-domain RMS (Parseval)', () => {
    const y = sine(1234, 0.5, 0.3);
    const S = spectrogram({ y, nFft: 2048, hopLength: 512, window: 'ones', center: false });
    const fromS = rms({ S });
    const fromY = rms({ y, center: false });
    expect(fromS.nFrames).toBe(fromY.nFrames);
    const d = deviation(fromS.data, fromY.data);
    expect(d.maxRel).toBeLessThan(1e-5);
  });

  it('handles a hop that does not divide the frame', () => {
    const y = sine(500, 0.3, 0.6);
    const r = rms({ y, frameLength: 1000, hopLength: 300, center: false });
    expect(r.nFrames).toBe(1 + Math.floor((y.length - 1000) / 300));
    let s = 0;
    for (let i = 300; i < 1300; i++) s += y[i] * y[i];
    expect(r.data[1]).toBeCloseTo(Math.sqrt(s / 1000), 6);
  });
});

describe('parity with librosa 0.11 (22.05 kHz, frame 2048, hop 512)', () => {
  for (const signal of SIGNALS) {
    it(`${signal}: zero-crossing rate and RMS within 1e-5 relative or 1e-6 absolute`, () => {
      const y = readFixtureSignal(signal, SR);
      for (const [key, actual] of [
        ['zero_crossing_rate_sr22050', zeroCrossingRate({ y })],
        ['rms_sr22050', rms({ y })],
      ] as const) {
        const ref = readReference(signal, key);
        expect([actual.nBins, actual.nFrames]).toEqual(ref.shape);
        const d = deviation(toBinMajor(actual), ref.data, { rtol: 1e-5, atol: 1e-6 });
        expect(d.failures, `${key}: max abs ${d.maxAbs}, max rel ${d.maxRel}`).toBe(0);
      }
    });
  }
});

describe('parameter errors name the parameter and the value', () => {
  const y = sine(440, 0.2);
  it('zero_crossing_rate', () => {
    expect(() => zeroCrossingRate({ y, frameLength: 0 })).toThrow(/frame_length.*got 0/);
    expect(() => zeroCrossingRate({ y, hopLength: 1.5 })).toThrow(/hop_length.*got 1\.5/);
    expect(() => zeroCrossingRate({ y, threshold: -1 })).toThrow(/threshold must be >= 0, got -1/);
    expect(() => zeroCrossingRate({ y: new Float32Array(10), center: false })).toThrow(/shorter than/);
  });

  it('rms', () => {
    expect(() => rms({})).toThrow(/give either y/);
    expect(() => rms({ y, frameLength: -4 })).toThrow(/frame_length must be a positive integer, got -4/);
    expect(() => rms({ y, hopLength: 0 })).toThrow(/hop_length.*got 0/);
    expect(() => rms({ S: createFrameMatrix(513, 3) })).toThrow(/frame_length must be 1024 or 1025; got 2048/);
    expect(() => rms({ y, padMode: 'wrap' as never })).toThrow(/pad_mode/);
  });
});
