import { describe, expect, it } from 'vitest';
import { noise, sine } from '../../test/audio-gen.js';
import { chromaStft } from '../audio/chroma.js';
import { powerToDb } from '../audio/db.js';
import { binRow } from '../audio/frame-matrix.js';
import { melSpectrogram } from '../audio/mel.js';
import { mfcc } from '../audio/mfcc.js';
import { onsetStrength } from '../audio/onset.js';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../audio/spectral.js';
import { spectrogram } from '../audio/stft.js';
import { rms } from '../audio/temporal.js';
import { ParameterError } from '../errors.js';
import { DEMO_STYLES, renderClip } from '../synth/song.js';
import { analyseFrames, type FrameAnalysisSettings } from './frame-analysis.js';
import { SONICPRINT_V1_SETTINGS } from './sonicprint-v1.js';

const sr = 22050;
// The fingerprint's own settings, but every frame analysed so the comparisons are frame for frame.
const SETTINGS: FrameAnalysisSettings = { ...SONICPRINT_V1_SETTINGS.analysis, descriptorStride: 1 };

/** Largest absolute difference between two equally long series. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('analyseFrames matches the audio core it fuses', () => {
  const y = renderClip({ style: DEMO_STYLES[1], seed: 3, duration: 4, sr });
  const a = analyseFrames(y, sr, SETTINGS);
  const magnitude = spectrogram({ y, nFft: 2048, hopLength: 512, power: 1 });

  it('mel dB spectrogram, MFCC and onset strength: librosa.feature.melspectrogram / mfcc / onset.onset_strength', () => {
    const mel = melSpectrogram({ y, sr });
    expect(a.nFrames).toBe(mel.nFrames);
    expect(maxDiff(a.melDb.data, powerToDb(mel.data))).toBeLessThan(1e-3);
    expect(maxDiff(a.mfcc.data, mfcc({ y, sr }).data)).toBeLessThan(1e-3);
    expect(maxDiff(a.onset, onsetStrength({ y, sr }))).toBeLessThan(1e-4);
  });

  it('splits the onset flux into three sub-bands that add up to the whole', () => {
    for (let t = 0; t < a.nFrames; t++) {
      const sum = a.onsetBands.data[3 * t] + a.onsetBands.data[3 * t + 1] + a.onsetBands.data[3 * t + 2];
      expect(sum / 128).toBeCloseTo(a.onset[t], 4);
    }
  });

  it('spectral centroid, bandwidth and rolloff: librosa.feature.spectral_*', () => {
    expect(maxDiff(a.centroid, spectralCentroid({ S: magnitude, sr }).data)).toBeLessThan(0.05);
    expect(maxDiff(a.bandwidth, spectralBandwidth({ S: magnitude, sr }).data)).toBeLessThan(0.05);
    // Rolloff is a bin frequency: float32 vs float64 running sums may tip a frame into the neighbouring bin.
    const rolloff = spectralRolloff({ S: magnitude, sr }).data;
    const off = Array.from(a.rolloff).filter((r, t) => Math.abs(r - rolloff[t]) > 1e-3);
    expect(off.length).toBeLessThanOrEqual(2);
    expect(maxDiff(a.rolloff, rolloff)).toBeLessThanOrEqual(sr / 2048 + 1e-3);
  });

  it('frame power: librosa.feature.rms(S=|X|)²', () => {
    const r = rms({ S: magnitude, frameLength: 2048 }).data;
    for (let t = 0; t < a.nFrames; t++) expect(a.power[t]).toBeCloseTo(r[t] * r[t], 8);
  });

  it('chroma: librosa.feature.chroma_stft(tuning=0) within the banded filterbank approximation (max-normalised frames)', () => {
    const ref = chromaStft({ y, sr, tuning: 0 });
    let worst = 0;
    for (let t = 0; t < a.nFrames; t++) {
      let max = 0;
      for (let c = 0; c < 12; c++) max = Math.max(max, a.chroma.data[12 * t + c]);
      for (let c = 0; c < 12; c++) worst = Math.max(worst, Math.abs(a.chroma.data[12 * t + c] / max - ref.data[12 * t + c]));
    }
    expect(worst).toBeLessThan(0.01);
  });
});

describe('analyseFrames on signals with known answers', () => {
  it('puts the centroid of a 1 kHz sine at 1 kHz and its energy in the 800-1600 Hz octave band', () => {
    const a = analyseFrames(sine(1000, sr, 1, 0.5), sr, SETTINGS);
    const mid = Math.floor(a.nFrames / 2);
    expect(a.centroid[mid]).toBeGreaterThan(990);
    expect(a.centroid[mid]).toBeLessThan(1010);
    // Hann-windowed sine of amplitude 0.5: mean square 0.5² / 2 · 3/8 (the window's mean square).
    expect(a.power[mid]).toBeCloseTo((0.25 / 2) * 0.375, 4);
    // A pure tone is the least flat thing there is; every other band is floor, i.e. perfectly flat.
    const bands = Array.from(a.bandFlatness.data.subarray(mid * 7, mid * 7 + 7), (f) => 10 * Math.log10(f));
    expect(bands[3]).toBeLessThan(-30);
    expect(bands[6]).toBeGreaterThan(-0.1);
  });

  it('gives white noise a flatness of e^-γ (-2.5 dB) in every octave band: exponential power per bin', () => {
    const a = analyseFrames(noise(sr * 2, 5), sr, SETTINGS);
    const euler = 0.5772156649;
    for (let b = 2; b < 7; b++) {
      const values = binRow(a.bandFlatness, b);
      const meanDb = values.reduce((s, f) => s + 10 * Math.log10(f), 0) / values.length;
      expect(meanDb).toBeCloseTo((-10 * euler) / Math.LN10, 0);
    }
  });

  it('describes every descriptorStride-th frame, keeping frame power and mel bands for every frame', () => {
    const y = renderClip({ style: DEMO_STYLES[0], seed: 1, duration: 2, sr });
    const full = analyseFrames(y, sr, SETTINGS);
    const half = analyseFrames(y, sr, { ...SETTINGS, descriptorStride: 2 });
    expect(half.descriptorStride).toBe(2);
    expect(half.chroma.nFrames).toBe(Math.ceil(full.nFrames / 2));
    expect(half.centroid.length).toBe(half.chroma.nFrames);
    expect(Array.from(half.power)).toEqual(Array.from(full.power));
    expect(Array.from(half.melDb.data)).toEqual(Array.from(full.melDb.data));
    for (let j = 0; j < half.centroid.length; j++) {
      expect(half.centroid[j]).toBe(full.centroid[2 * j]);
      expect(half.chroma.data[12 * j + 5]).toBe(full.chroma.data[24 * j + 5]);
    }
  });

  it('handles silence, a 100-sample signal and an empty one (one padded frame)', () => {
    const silent = analyseFrames(new Float32Array(sr), sr, SETTINGS);
    expect(Array.from(silent.power).every((p) => p === 0)).toBe(true);
    expect(Array.from(silent.centroid).every((c) => c === 0)).toBe(true);
    for (const y of [new Float32Array(100).fill(0.1), new Float32Array(0)]) {
      const a = analyseFrames(y, sr, SETTINGS);
      expect(a.nFrames).toBe(1);
      expect(Array.from(a.mfcc.data).every(Number.isFinite)).toBe(true);
    }
  });
});

describe('analyseFrames parameters', () => {
  const y = new Float32Array(4096);

  it('rejects a non-positive sample rate', () => {
    expect(() => analyseFrames(y, 0, SETTINGS)).toThrow(/sr must be > 0, got 0/);
  });

  it('rejects an FFT size the frequency-domain Hann path cannot run', () => {
    expect(() => analyseFrames(y, sr, { ...SETTINGS, nFft: 1000 })).toThrow(ParameterError);
    expect(() => analyseFrames(y, sr, { ...SETTINGS, nFft: 1000 })).toThrow(/n_fft=1000/);
  });

  it('rejects a descriptor stride that is not a positive integer', () => {
    expect(() => analyseFrames(y, sr, { ...SETTINGS, descriptorStride: 0 })).toThrow(/descriptorStride must be a positive integer, got 0/);
  });

  it('rejects octave bands that hold no FFT bin', () => {
    expect(() => analyseFrames(y, sr, { ...SETTINGS, bandFmin: 5, octaveBands: 2 })).toThrow(/octave band 1 holds no FFT bin/);
  });
});
