import { describe, expect, it } from 'vitest';
import { realFft, RealFft } from './fft.js';
import { getWindow } from './window.js';
import { seededRandom } from '../synth/random.js';

function frame(n: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 0.4 + (r() - 0.5) * 0.2);
}

function dft(x: Float32Array, w?: Float64Array): Float64Array {
  const n = x.length;
  const p = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i] * (w ? w[i] : 1);
      re += v * Math.cos((2 * Math.PI * k * i) / n);
      im -= v * Math.sin((2 * Math.PI * k * i) / n);
    }
    p[k] = re * re + im * im;
  }
  return p;
}

function maxRelToPeak(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let peak = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) peak = Math.max(peak, b[i]);
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / peak);
  return worst;
}

describe('RealFft', () => {
  it('forward matches a direct DFT (PFFFT sizes and the exact fallback)', () => {
    for (const n of [64, 480, 2048, 100]) {
      const x = frame(n, n);
      const fft = new RealFft(n);
      expect(fft.fast).toBe(n !== 100);
      const re = new Float64Array(fft.nBins);
      const im = new Float64Array(fft.nBins);
      fft.forward(x, re, im);
      const power = re.map((v, k) => v * v + im[k] * im[k]);
      expect(maxRelToPeak(power, dft(x)), `n=${n}`).toBeLessThan(1e-5);
    }
  });

  it('frequency-domain Hann equals windowing first, bin for bin', () => {
    const n = 2048;
    const x = frame(n + 100, 3);
    const fft = realFft(n);
    const viaWindow = new Float64Array(fft.nBins);
    fft.powerSpectrum(x, 100, getWindow('hann', n), viaWindow);
    const viaSpectrum = new Float32Array(fft.nBins + 5);
    fft.hannPowerSpectrum(x, 100, viaSpectrum, 5);
    expect(maxRelToPeak(viaSpectrum.subarray(5), viaWindow)).toBeLessThan(1e-6);
    expect(maxRelToPeak(viaWindow, dft(x.subarray(100, 100 + n), getWindow('hann', n)))).toBeLessThan(1e-5);
  });

  it('batched Hann spectra: the Wasm kernel and the JS twin agree with windowing first, power and magnitude', () => {
    const n = 1024;
    const hop = 300;
    const nFrames = 70; // more than one batch
    const x = frame((nFrames - 1) * hop + n, 5);
    const fft = realFft(n);
    const source = (dst: Float32Array, off: number, start: number, count: number) => dst.set(x.subarray(start, start + count), off);
    const expected = new Float32Array(nFrames * fft.nBins);
    const row = new Float64Array(fft.nBins);
    for (let t = 0; t < nFrames; t++) {
      fft.powerSpectrum(x, t * hop, getWindow('hann', n), row);
      expected.set(row, t * fft.nBins);
    }
    for (const backend of ['auto', 'js'] as const) {
      const power = new Float32Array(nFrames * fft.nBins);
      fft.hannSpectra(source, hop, nFrames, power, false, backend);
      expect(maxRelToPeak(power, expected), backend).toBeLessThan(1e-6);
      const mag = new Float32Array(nFrames * fft.nBins);
      fft.hannSpectra(source, hop, nFrames, mag, true, backend);
      expect(maxRelToPeak(mag.map((v) => v * v), expected), `${backend} root`).toBeLessThan(1e-6);
    }
  });

  it('rejects a non-integer size', () => {
    expect(() => new RealFft(0)).toThrow(/n_fft/);
    expect(() => new RealFft(10.5)).toThrow(/n_fft/);
  });
});
