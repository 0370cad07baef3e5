import { describe, expect, it } from 'vitest';
import { maxFilterOverBins, medianInPlace, onsetStrength } from './onset.js';
import { createFrameMatrix, type FrameMatrix } from './frame-matrix.js';
import { HAS_SHARED_MUSIC, readFixtureSignal, readReference, readSharedAudio, readSharedReference, SIGNALS } from '../../test/librosa-fixtures.js';
import { deviation } from '../../test/compare.js';

/** A log-power "spectrogram" from rows of per-frame values: rows[t][f]. */
function matrix(rows: number[][]): FrameMatrix {
  const m = createFrameMatrix(rows[0].length, rows.length);
  rows.forEach((row, t) => m.data.set(row, t * row.length));
  return m;
}

/** 10 frames of 4 bins, all 0 until bins 0 and 1 jump to 10 dB at frame 5. */
const step = matrix(Array.from({ length: 10 }, (_, t) => (t < 5 ? [0, 0, 0, 0] : [10, 10, 0, 0])));

describe('onsetStrength on known spectrograms', () => {
  it('puts the mean rise at the frame where it happens when not centred (lag zeros in front)', () => {
    const env = onsetStrength({ S: step, center: false });
    expect(env.length).toBe(10);
    expect(Array.from(env)).toEqual([0, 0, 0, 0, 0, 5, 0, 0, 0, 0]);
  });

  it('centred: shifts by n_fft // (2 hop) more frames and cuts to the frame count', () => {
    const env = onsetStrength({ S: step });
    expect(Array.from(env)).toEqual([0, 0, 0, 0, 0, 0, 0, 5, 0, 0]);
    const env4 = onsetStrength({ S: step, nFft: 4096, hopLength: 512 });
    expect(env4.indexOf(5)).toBe(9);
  });

  it('aggregates with the median (2 of 4 bins rising -> mean of the middle two) or any function', () => {
    expect(onsetStrength({ S: step, center: false, aggregate: 'median' })[5]).toBe(5);
    const three = matrix(Array.from({ length: 4 }, (_, t) => (t < 2 ? [0, 0, 0] : [6, 3, 0])));
    expect(onsetStrength({ S: three, center: false, aggregate: 'median' })[2]).toBe(3);
    expect(onsetStrength({ S: three, center: false, aggregate: (v) => Math.max(...v) })[2]).toBe(6);
  });

  it('lag 2 compares frames two apart', () => {
    const env = onsetStrength({ S: step, center: false, lag: 2 });
    expect(Array.from(env)).toEqual([0, 0, 0, 0, 0, 5, 5, 0, 0, 0]);
  });

  it('ignores falls: only positive differences count', () => {
    const down = matrix(Array.from({ length: 6 }, (_, t) => (t < 3 ? [10, 10] : [0, 0])));
    expect(Array.from(onsetStrength({ S: down, center: false }))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('maxSize > 1 suppresses a partial that only glides to the neighbouring bin (SuperFlux reference)', () => {
    // A 20 dB line moving up one bin per frame over a -20 dB floor.
    const glide = matrix(Array.from({ length: 6 }, (_, t) => Array.from({ length: 8 }, (_, f) => (f === t + 1 ? 20 : -20))));
    const plain = onsetStrength({ S: glide, center: false });
    const filtered = onsetStrength({ S: glide, center: false, maxSize: 3 });
    expect(plain[3]).toBeCloseTo(40 / 8, 5);
    expect(Array.from(filtered)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('a given ref overrides the max filter', () => {
    const ref = matrix(Array.from({ length: 10 }, () => [10, 10, 10, 10]));
    const env = onsetStrength({ S: step, ref, center: false, maxSize: 5 });
    expect(Array.from(env)).toEqual(new Array(10).fill(0));
  });

  it('detrend applies y[n] = x[n] - x[n-1] + 0.99 y[n-1]', () => {
    const raw = onsetStrength({ S: step, center: false });
    const det = onsetStrength({ S: step, center: false, detrend: true });
    let px = 0;
    let py = 0;
    for (let i = 0; i < raw.length; i++) {
      const y = raw[i] - px + 0.99 * py;
      expect(det[i]).toBeCloseTo(y, 5);
      px = raw[i];
      py = y;
    }
  });

  it('a spectrogram of one frame gives only padding', () => {
    const one = matrix([[1, 2, 3]]);
    expect(Array.from(onsetStrength({ S: one }))).toEqual([0]);
    expect(Array.from(onsetStrength({ S: one, center: false }))).toEqual([0]);
  });
});

describe('helpers', () => {
  it('medianInPlace equals the sorted middle (numpy median) on seeded arrays with ties', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const n of [1, 2, 3, 4, 5, 127, 128, 129]) {
      for (let rep = 0; rep < 20; rep++) {
        const v = Float32Array.from({ length: n }, () => (rand() < 0.4 ? 0 : Math.round(rand() * 20)));
        const sorted = Float32Array.from(v).sort();
        const h = n >> 1;
        const expected = n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
        expect(medianInPlace(v)).toBe(expected);
      }
    }
    expect(medianInPlace(new Float32Array(0))).toBeNaN();
  });

  it('maxFilterOverBins matches scipy.ndimage.maximum_filter1d (reflect edges)', () => {
    const m = matrix([[1, 5, 2, 0, 3]]);
    // Expected values from scipy 1.17 maximum_filter1d(x, size).
    expect(Array.from(maxFilterOverBins(m, 2).data)).toEqual([1, 5, 5, 2, 3]);
    expect(Array.from(maxFilterOverBins(m, 3).data)).toEqual([5, 5, 5, 3, 3]);
    expect(Array.from(maxFilterOverBins(m, 4).data)).toEqual([5, 5, 5, 5, 3]);
  });
});

describe('onsetStrength parity with librosa.onset.onset_strength (22.05 kHz)', () => {
  // Tolerance from the task: 1% relative, or 1e-3 absolute near zero (dB flux values are O(1-50)).
  for (const signal of SIGNALS) {
    it(`${signal}: mean and median aggregation within 1% / 1e-3`, () => {
      const y = readFixtureSignal(signal, 22050);
      for (const [key, aggregate] of [
        ['onset_strength_sr22050', 'mean'],
        ['onset_strength_median_sr22050', 'median'],
      ] as const) {
        const ref = readReference(signal, key);
        const env = onsetStrength({ y, sr: 22050, aggregate });
        expect(env.length).toBe(ref.shape[0]);
        const d = deviation(env, ref.data, { rtol: 0.01, atol: 1e-3 });
        expect(d.failures, `${key}: max abs ${d.maxAbs}, max rel ${d.maxRel} at ${d.worstIndex}`).toBe(0);
      }
    });
  }
});

// GPL-licensed real music: read from ../shared only, never copied into the repository.
describe.runIf(HAS_SHARED_MUSIC)('onsetStrength on real music (music_battle_epic, 30 s)', () => {
  it('mean and median envelopes within 1% / 1e-3 of librosa', async () => {
    const y = await readSharedAudio('music_battle_epic.sr22050.f32.wav');
    for (const [key, aggregate] of [
      ['onset_strength_sr22050', 'mean'],
      ['onset_strength_median_sr22050', 'median'],
    ] as const) {
      const ref = readSharedReference(key);
      const env = onsetStrength({ y, aggregate });
      const d = deviation(env, ref.data, { rtol: 0.01, atol: 1e-3 });
      expect(d.failures, `${key}: max abs ${d.maxAbs}, max rel ${d.maxRel}`).toBe(0);
    }
  });
});

describe('onsetStrength parameter errors', () => {
  it('rejects bad parameters with a message naming them and the value', () => {
    expect(() => onsetStrength({ S: step, lag: 0 })).toThrow(/lag.*0/);
    expect(() => onsetStrength({ S: step, lag: 1.5 })).toThrow(/lag.*1\.5/);
    expect(() => onsetStrength({ S: step, maxSize: 0 })).toThrow(/max_size.*0/);
    expect(() => onsetStrength({ S: step, hopLength: 0 })).toThrow(/hop_length.*0/);
    expect(() => onsetStrength({ S: step, ref: matrix([[1, 2]]) })).toThrow(/ref.*shape/);
    expect(() => onsetStrength({ S: step, aggregate: 'max' as 'mean' })).toThrow(/aggregate.*max/);
    expect(() => onsetStrength({})).toThrow(/y .*or S/);
  });
});
