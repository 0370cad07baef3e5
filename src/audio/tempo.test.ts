import { describe, expect, it } from 'vitest';
import { tempo, tempoFrequencies, tempogram } from './tempo.js';
import { readReference, SIGNALS } from '../../test/librosa-fixtures.js';

const SR = 22050;
const HOP = 512;
const bpmOfLag = (lag: number): number => (60 * SR) / (HOP * lag);

/** An onset envelope with unit impulses every `period` frames from `start`. */
function impulses(n: number, period: number, start = 10): Float32Array {
  const env = new Float32Array(n);
  for (let t = start; t < n; t += period) env[t] = 1;
  return env;
}

describe('tempoFrequencies (librosa.tempo_frequencies)', () => {
  it('is 60 sr / (hop lag), infinite at lag 0', () => {
    const f = tempoFrequencies(4, { sr: SR, hopLength: HOP });
    expect(f[0]).toBe(Infinity);
    expect(f[1]).toBeCloseTo(2583.984375, 9);
    expect(f[2]).toBeCloseTo(1291.9921875, 9);
  });
});

describe('tempogram (librosa.feature.tempogram)', () => {
  it('has winLength lags per onset frame, lag 0 normalised to 1', () => {
    const env = impulses(300, 20);
    const tg = tempogram({ onsetEnvelope: env, sr: SR, hopLength: HOP });
    expect([tg.nBins, tg.nFrames]).toEqual([384, 300]);
    for (let t = 0; t < 300; t++) expect(tg.data[t * 384]).toBeCloseTo(1, 5);
    // An impulse train correlates with itself at multiples of its period, not in between.
    const mid = 150 * 384;
    expect(tg.data[mid + 20]).toBeGreaterThan(0.5);
    expect(Math.abs(tg.data[mid + 10])).toBeLessThan(1e-5);
  });

  it('matches a directly computed windowed autocorrelation of a centred frame', () => {
    const env = Float32Array.from({ length: 200 }, (_, i) => Math.abs(Math.sin(i * 0.37)) + (i % 7 === 0 ? 2 : 0));
    const win = 64;
    const tg = tempogram({ onsetEnvelope: env, winLength: win });
    const t = 100;
    const w = Array.from({ length: win }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / win));
    const x = w.map((wi, i) => wi * env[t - win / 2 + i]);
    const ac = x.map((_, k) => x.slice(0, win - k).reduce((s, v, n) => s + v * x[n + k], 0));
    for (let k = 0; k < win; k++) expect(tg.data[t * win + k]).toBeCloseTo(ac[k] / ac[0], 5);
  });

  it('pads with linear ramps to zero at both ends (centre frames see the envelope edges fade)', () => {
    const env = new Float32Array(50).fill(1);
    const tg = tempogram({ onsetEnvelope: env, winLength: 16 });
    // Frame 0 reads the ramp 0, 1/8, ..., 7/8 then ones: its lag-1 correlation is below a flat frame's.
    expect(tg.data[0 * 16 + 1]).toBeLessThan(tg.data[25 * 16 + 1]);
    expect(tempogram({ onsetEnvelope: env, winLength: 16, center: false }).nFrames).toBe(35);
  });

  it('leaves silent frames at zero and can skip normalisation', () => {
    const tg = tempogram({ onsetEnvelope: new Float32Array(40), winLength: 8 });
    expect(tg.data.every((v) => v === 0)).toBe(true);
    const raw = tempogram({ onsetEnvelope: new Float32Array(40).fill(2), winLength: 8, norm: null });
    expect(raw.data[20 * 8]).toBeCloseTo(4 * 3, 4); // Σ w² · 4 with Σ hann(8)² = 3
  });
});

describe('tempo (librosa.feature.tempo) on known envelopes', () => {
  it('an impulse every 20 frames is 129.2 BPM, exactly on the lag grid', () => {
    expect(tempo({ onsetEnvelope: impulses(600, 20), sr: SR, hopLength: HOP })).toBe(bpmOfLag(20));
  });

  it('the prior picks between metrical levels: startBpm 60 chooses the 40-frame period', () => {
    expect(tempo({ onsetEnvelope: impulses(600, 20), startBpm: 60 })).toBe(bpmOfLag(40));
  });

  it('maxTempo excludes fast lags; null allows them', () => {
    const env = impulses(600, 5);
    expect(tempo({ onsetEnvelope: env, startBpm: 520, maxTempo: null })).toBe(bpmOfLag(5));
    const capped = tempo({ onsetEnvelope: env, startBpm: 520 });
    expect(capped).toBeLessThan(320);
    expect(capped).toBe(bpmOfLag(10));
  });

  it('a custom log-prior replaces the log-normal one', () => {
    const env = impulses(600, 20);
    // A prior that forbids everything faster than 100 BPM.
    expect(tempo({ onsetEnvelope: env, prior: (bpm) => (bpm < 100 ? 0 : -Infinity) })).toBe(bpmOfLag(40));
  });

  it('aggregate null gives one estimate per frame; the streamed mean equals a mean function', () => {
    const env = impulses(600, 20);
    const local = tempo({ onsetEnvelope: env, aggregate: null });
    expect(local).toBeInstanceOf(Float64Array);
    expect(local.length).toBe(600);
    expect(local[300]).toBe(bpmOfLag(20));
    const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
    for (const name of ['white_noise', 'harmonics_env', 'click_track_120bpm'] as const) {
      const oenv = Float32Array.from(readReference(name, 'onset_strength_sr22050').data);
      for (const startBpm of [60, 90, 120, 150]) {
        expect(tempo({ onsetEnvelope: oenv, startBpm })).toBe(tempo({ onsetEnvelope: oenv, startBpm, aggregate: mean }));
      }
      expect(typeof tempo({ onsetEnvelope: oenv, aggregate: 'median' })).toBe('number');
    }
  });

  it('accepts a precomputed tempogram (its bin count sets the window)', () => {
    const env = impulses(600, 20);
    const tg = tempogram({ onsetEnvelope: env, winLength: 344 });
    expect(tempo({ tg })).toBe(tempo({ onsetEnvelope: env }));
  });

  it('estimates from audio through the mean onset envelope', () => {
    const y = new Float32Array(SR * 4);
    for (let c = 0; c < 8; c++) for (let i = 0; i < 200; i++) y[Math.round((0.25 + c * 0.5) * SR) + i] = Math.sin(i) * Math.exp(-i / 40);
    const bpm = tempo({ y, sr: SR });
    expect(Math.abs(bpm - 120) / 120).toBeLessThan(0.03);
  });
});

describe('tempo parity with librosa (the envelope beat_track uses)', () => {
  // Tempo is an argmax over the lag grid, so the fixtures (6 significant digits) match to their rounding.
  for (const signal of SIGNALS) {
    const expected = readReference(signal, 'beat_tempo_sr22050').data[0];
    if (expected === 0) continue; // beat_track's "no onsets" answer, not a tempo estimate
    it(`${signal}: ${expected} BPM`, () => {
      const env = Float32Array.from(readReference(signal, 'onset_strength_median_sr22050').data);
      const bpm = tempo({ onsetEnvelope: env, sr: SR, hopLength: HOP });
      expect(Math.abs(bpm - expected) / expected).toBeLessThan(1e-5);
    });
  }
});

describe('tempo / tempogram parameter errors', () => {
  const env = impulses(100, 20);
  it('rejects bad parameters with a message naming them and the value', () => {
    expect(() => tempo({ onsetEnvelope: env, startBpm: 0 })).toThrow(/start_bpm.*0/);
    expect(() => tempo({ onsetEnvelope: env, stdBpm: -1 })).toThrow(/std_bpm.*-1/);
    expect(() => tempo({ onsetEnvelope: env, acSize: 0 })).toThrow(/ac_size.*0/);
    expect(() => tempo({ onsetEnvelope: env, acSize: 0.01 })).toThrow(/ac_size/);
    expect(() => tempo({ onsetEnvelope: env, hopLength: 0 })).toThrow(/hop_length.*0/);
    expect(() => tempo({ onsetEnvelope: env, sr: 0 })).toThrow(/sr.*0/);
    expect(() => tempo({ onsetEnvelope: env, maxTempo: -5 })).toThrow(/max_tempo.*-5/);
    expect(() => tempo({ onsetEnvelope: env, aggregate: 'max' as 'mean' })).toThrow(/aggregate.*max/);
    expect(() => tempo({})).toThrow(/y .*or onsetEnvelope/);
    expect(() => tempogram({ onsetEnvelope: env, winLength: 0 })).toThrow(/win_length.*0/);
    expect(() => tempogram({ onsetEnvelope: env, norm: 0 })).toThrow(/norm.*0/);
    expect(() => tempogram({ onsetEnvelope: env, center: false })).toThrow(/shorter than win_length/);
    expect(() => tempogram({ onsetEnvelope: new Float32Array(0) })).toThrow(/empty/);
  });
});
