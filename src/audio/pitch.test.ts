import { describe, expect, it } from 'vitest';
import { estimateTuning, piptrack, pitchTuning } from './pitch.js';
import { createFrameMatrix } from './frame-matrix.js';
import { spectrogram } from './stft.js';
import { readFixtureSignal, readReference, SIGNALS } from '../../test/librosa-fixtures.js';

const SR = 22050;

function tones(freqs: number[], seconds = 1): Float32Array {
  const y = new Float32Array(Math.round(seconds * SR));
  for (const f of freqs) for (let i = 0; i < y.length; i++) y[i] += (0.5 / freqs.length) * Math.sin((2 * Math.PI * f * i) / SR);
  return y;
}

describe('pitchTuning (librosa.pitch_tuning)', () => {
  it("librosa's docstring case: 24 notes from 55 Hz at +25 cents give 0.25, in float64 and float32", () => {
    const freqs = Array.from({ length: 24 }, (_, n) => 55 * 2 ** ((n + 0.25) / 12));
    expect(pitchTuning(freqs)).toBeCloseTo(0.25, 12);
    expect(pitchTuning(Float32Array.from(freqs))).toBeCloseTo(0.25, 12);
  });

  it('wraps deviations above half a bin to the next note down and honours resolution and bins per octave', () => {
    const sharp = [440, 880, 660].map((f) => f * 2 ** (0.7075 / 12));
    expect(pitchTuning(sharp)).toBeCloseTo(-0.3, 12);
    expect(pitchTuning(sharp, { resolution: 0.1 })).toBeCloseTo(-0.3, 12);
    // 24 bins per octave: +0.7075 semitone is 1.415 quarter tones, i.e. +0.415 of a bin.
    expect(pitchTuning(sharp, { binsPerOctave: 24 })).toBeCloseTo(0.41, 12);
  });

  it('ignores non-positive frequencies and returns 0 when none are left', () => {
    expect(pitchTuning([])).toBe(0);
    expect(pitchTuning([0, -440])).toBe(0);
    expect(pitchTuning([0, 440 * 2 ** (0.1 / 12), -5])).toBeCloseTo(0.1, 12);
  });
});

describe('piptrack (librosa.piptrack)', () => {
  it('finds a sine within one Hz by parabolic interpolation, and nothing outside fmin..fmax', () => {
    for (const f of [440, 1000, 3000]) {
      const { pitches, magnitudes } = piptrack({ y: tones([f]), sr: SR });
      expect([pitches.nBins, pitches.nFrames]).toEqual([1025, 1 + Math.floor(SR / 512)]);
      for (let t = 4; t < pitches.nFrames - 4; t++) {
        let best = 0;
        for (let k = 0; k < pitches.nBins; k++) if (magnitudes.data[t * 1025 + k] > magnitudes.data[t * 1025 + best]) best = k;
        expect(Math.abs(pitches.data[t * 1025 + best] - f)).toBeLessThan(1);
      }
    }
    const high = piptrack({ y: tones([5000]), sr: SR });
    expect(Math.max(...high.pitches.data)).toBe(0);
    const low = piptrack({ y: tones([100]), sr: SR, fmin: 50 });
    expect(Math.max(...low.pitches.data)).toBeGreaterThan(90);
  });

  it('keeps only bins above threshold · frame max; a fixed ref is used unscaled', () => {
    const S = createFrameMatrix(9, 1);
    // Bin frequencies at sr 16, nFft 16: k Hz. Peaks at bins 2 (10) and 5 (0.5) and 7 (2).
    S.data.set([0, 1, 10, 1, 0.2, 0.5, 0.3, 2, 0]);
    const opts = { S, sr: 16, nFft: 16, fmin: 0, fmax: 8 };
    const peaks = (r: ReturnType<typeof piptrack>) => Array.from(r.pitches.data.keys()).filter((k) => r.pitches.data[k] > 0);
    expect(peaks(piptrack(opts))).toEqual([2, 7]);
    expect(peaks(piptrack({ ...opts, threshold: 0.01 }))).toEqual([2, 5, 7]);
    expect(peaks(piptrack({ ...opts, ref: 1.5 }))).toEqual([2, 7]);
    expect(peaks(piptrack({ ...opts, ref: (frame) => frame[7] }))).toEqual([2, 5, 7]);
    // Peak at bin 2 is symmetric: no shift, magnitude unchanged.
    const r = piptrack(opts);
    expect(r.pitches.data[2]).toBe(2);
    expect(r.magnitudes.data[2]).toBe(10);
  });
});

describe('estimateTuning (librosa.estimate_tuning)', () => {
  it('recovers a detuning of the A440 grid to within 0.04 of a semitone', () => {
    for (const dev of [-0.4, -0.2, 0, 0.13, 0.3, 0.45]) {
      const f = 440 * 2 ** (dev / 12);
      const y = tones([f, f * 2 ** (4 / 12)], 2);
      expect(Math.abs(estimateTuning({ y, sr: SR }) - dev)).toBeLessThan(0.04);
    }
  });

  it('is 0 for silence', () => {
    expect(estimateTuning({ y: new Float32Array(SR), sr: SR })).toBe(0);
  });

  for (const signal of SIGNALS) {
    it(`${signal}: equals librosa's estimate on the power STFT (the value chroma_stft uses)`, () => {
      const y = readFixtureSignal(signal, SR);
      const ref = readReference(signal, 'estimated_tuning_sr22050').data[0];
      const S = spectrogram({ y, nFft: 2048, hopLength: 512, power: 2 });
      expect(estimateTuning({ S, sr: SR })).toBeCloseTo(ref, 10);
    });
  }
});

describe('parameter errors name the parameter and the value', () => {
  const y = tones([440], 0.2);
  it('resolution, bins_per_octave, threshold, sr, input', () => {
    expect(() => pitchTuning([440], { resolution: 0 })).toThrow(/resolution must lie in \(0, 1\), got 0/);
    expect(() => pitchTuning([440], { resolution: 1 })).toThrow(/resolution .*got 1/);
    expect(() => pitchTuning([440], { binsPerOctave: 0 })).toThrow(/bins_per_octave must be a positive integer, got 0/);
    expect(() => estimateTuning({ y, binsPerOctave: 12.5 })).toThrow(/bins_per_octave .*12\.5/);
    expect(() => piptrack({ y, threshold: -0.1 })).toThrow(/threshold must be >= 0, got -0.1/);
    expect(() => piptrack({ y, sr: 0 })).toThrow(/sr must be > 0, got 0/);
    expect(() => estimateTuning({ sr: SR })).toThrow(/give either y/);
  });
});
