import { describe, expect, it } from 'vitest';
import { fftFrequencies, magnitude, spectrogram, stft } from './stft.js';
import { toBinMajor } from './frame-matrix.js';
import { readFixtureSignal, readReference } from '../../test/librosa-fixtures.js';
import { deviation } from '../../test/compare.js';
import { amplitudeToDb } from './db.js';
import { getWindow } from './window.js';
import { realFft } from './fft.js';
import { padSignal } from './frames.js';
import { seededRandom } from '../synth/random.js';

function maxRelToPeak(a: Float32Array, b: Float32Array): number {
  const peak = b.reduce((m, v) => Math.max(m, v), 0);
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / peak);
  return worst;
}

/** Power spectrogram the plain way: numpy.pad's padded array, Hann window applied in the time domain. */
function hannPowerReference(padded: Float32Array, hop: number): Float32Array {
  const fft = realFft(2048);
  const nFrames = 1 + Math.floor((padded.length - 2048) / hop);
  const out = new Float32Array(nFrames * fft.nBins);
  const row = new Float64Array(fft.nBins);
  for (let t = 0; t < nFrames; t++) {
    fft.powerSpectrum(padded, t * hop, getWindow('hann', 2048), row);
    out.set(row, t * fft.nBins);
  }
  return out;
}

function sine(freq: number, sr: number, n: number, amp = 0.5): Float32Array {
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = amp * Math.sin((2 * Math.PI * freq * i) / sr);
  return y;
}

describe('stft', () => {
  it('has 1 + floor(len / hop) centred frames and n_fft/2 + 1 bins, like librosa', () => {
    for (const n of [1, 511, 512, 2048, 22050]) {
      const S = stft({ y: new Float32Array(n) });
      expect(S.nFrames).toBe(1 + Math.floor(n / 512));
      expect(S.nBins).toBe(1025);
    }
    expect(stft({ y: new Float32Array(4096), nFft: 1024, hopLength: 256 }).nFrames).toBe(17);
  });

  it('peaks at the bin of a sine whose frequency sits on a bin centre, with hann amplitude n_fft/4 * A', () => {
    const sr = 16000;
    const y = sine(1000, sr, sr); // 1000 Hz = bin 128 of 2048 at 16 kHz
    const M = magnitude(stft({ y }));
    const t = 10;
    const frame = M.data.subarray(t * M.nBins, (t + 1) * M.nBins);
    const peak = frame.indexOf(Math.max(...frame));
    expect(peak).toBe(128);
    expect(frame[peak]).toBeCloseTo((2048 / 4) * 0.5, 0);
  });

  it('matches librosa |stft| of the 16 kHz sine within 0.1 dB on bins within 80 dB of the maximum', () => {
    const ref = readReference('sine_1k', 'stft_mag_sr16000');
    const M = spectrogram({ y: readFixtureSignal('sine_1k', 16000) });
    expect([M.nBins, M.nFrames]).toEqual(ref.shape);
    const ours = amplitudeToDb(toBinMajor(M), { topDb: null });
    const theirs = amplitudeToDb(Float32Array.from(ref.data), { topDb: null });
    const top = theirs.reduce((a, b) => Math.max(a, b), -Infinity);
    let worst = 0;
    for (let i = 0; i < theirs.length; i++) if (theirs[i] > top - 80) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
    expect(worst, `max dB error ${worst}`).toBeLessThan(0.1);
    const d = deviation(toBinMajor(M), ref.data);
    expect(d.maxAbs / ref.data.reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(1e-5);
  });

  it('power 2 equals magnitude squared; odd n_fft falls back to an exact DFT', () => {
    const y = sine(440, 22050, 4000);
    const mag = spectrogram({ y, nFft: 512 });
    const pow = spectrogram({ y, nFft: 512, power: 2 });
    for (let i = 0; i < mag.data.length; i += 97) expect(pow.data[i]).toBeCloseTo(mag.data[i] ** 2, 2);
    const odd = spectrogram({ y, nFft: 501, hopLength: 125, window: 'ones' });
    expect(odd.nBins).toBe(251);
    expect(odd.nFrames).toBe(1 + Math.floor((4000 + 2 * 250 - 501) / 125));
    // frame 10 starts at sample 10 * 125 - 250 of y: compare bin 7 with a direct DFT
    let re = 0;
    let im = 0;
    for (let i = 0; i < 501; i++) {
      re += y[1000 + i] * Math.cos((2 * Math.PI * 7 * i) / 501);
      im -= y[1000 + i] * Math.sin((2 * Math.PI * 7 * i) / 501);
    }
    expect(odd.data[10 * 251 + 7]).toBeCloseTo(Math.hypot(re, im), 3);
  });

  it('pads with edge and reflect modes as numpy.pad does', () => {
    const y = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const edge = stft({ y, nFft: 4, hopLength: 4, padMode: 'edge', window: 'ones' });
    const reflect = stft({ y, nFft: 4, hopLength: 4, padMode: 'reflect', window: 'ones' });
    // frame 0 reads [y0 y0 y0 y1] with edge, [y2 y1 y0 y1] with reflect: DC bin = the frame sum.
    expect(edge.re[0]).toBeCloseTo(1 + 1 + 1 + 2, 6);
    expect(reflect.re[0]).toBeCloseTo(3 + 2 + 1 + 2, 6);
  });

  it('the Hann fast path reads the padded signal without copying it: every pad mode, short signals, odd hops, both backends', () => {
    const r = seededRandom(11);
    for (const n of [300, 1025, 1026, 5000]) {
      const y = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.05) * 0.3 + (r() - 0.5) * 0.1);
      for (const padMode of ['constant', 'edge', 'reflect'] as const) {
        for (const hopLength of [512, 333]) {
          for (const center of [true, false]) {
            if (!center && n < 2048) continue;
            const opts = { y, padMode, hopLength, center, power: 2 };
            const reference = hannPowerReference(center ? padSignal(y, 1024, 1024, padMode) : y, hopLength);
            const label = `n=${n} ${padMode} hop=${hopLength} center=${center}`;
            for (const backend of ['auto', 'js'] as const) {
              const fast = spectrogram(opts, { backend });
              expect(fast.data.length, label).toBe(reference.length);
              expect(maxRelToPeak(fast.data, reference), `${label} ${backend}`).toBeLessThan(1e-6);
            }
          }
        }
      }
    }
  });

  it('Wasm SIMD and JS post-processing agree to float32 rounding, for magnitude and power', () => {
    const y = readFixtureSignal('sine_1k', 16000);
    for (const power of [1, 2, 0.5]) {
      const wasm = spectrogram({ y, power });
      const js = spectrogram({ y, power }, { backend: 'js' });
      expect(maxRelToPeak(wasm.data, js.data), `power=${power}`).toBeLessThan(1e-6);
    }
  });

  it('rejects bad parameters by name', () => {
    const y = new Float32Array(4096);
    expect(() => stft({ y, hopLength: 0 })).toThrow(/hop_length/);
    expect(() => stft({ y, nFft: 1024, winLength: 2048 })).toThrow(/win_length/);
    expect(() => stft({ y: new Float32Array(100), center: false })).toThrow(/shorter than n_fft/);
    expect(() => spectrogram({ y, power: 0 })).toThrow(/power/);
  });

  it('fftFrequencies spans 0..sr/2', () => {
    const f = fftFrequencies(22050, 2048);
    expect(f.length).toBe(1025);
    expect(f[1024]).toBe(11025);
  });
});
