/** Real FFT on PFFFT (WASM SIMD): one reusable plan and buffers per transform size. */
import PFFFT, { type PffftModule } from '@echogarden/pffft-wasm/simd';
import { ParameterError } from '../errors.js';

// PFFFT's SIMD build measured ~7x faster than fft.js for the 2048-point real transforms the
// STFT runs (2.3 µs vs 16 µs per frame); float32 arithmetic, ~1e-7 relative error.
const pffft: PffftModule = await PFFFT();

/** PFFFT handles sizes of the form 2^a 3^b 5^c that are multiples of 32 for real transforms. */
function isSupportedSize(n: number): boolean {
  if (!Number.isInteger(n) || n < 32 || n % 32 !== 0) return false;
  let m = n;
  for (const p of [2, 3, 5]) while (m % p === 0) m /= p;
  return m === 1;
}

/**
 * Forward real FFT of a fixed size `n`.
 *
 * `forward(input, re, im)` writes bins 0..n/2 (n/2 + 1 values each): unnormalised, like numpy.fft.rfft.
 * Sizes PFFFT cannot handle (odd or small `n_fft`) use a direct O(n²) DFT, which is exact but slow;
 * librosa users almost always pick a power of two.
 */
export class RealFft {
  readonly n: number;
  readonly nBins: number;
  /** PFFFT handles this size (else an exact O(n²) DFT runs). */
  readonly fast: boolean;
  private readonly setup: number;
  private readonly inPtr: number;
  private readonly outPtr: number;
  private readonly workPtr: number;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new ParameterError(`n_fft must be a positive integer, got ${n}`);
    this.n = n;
    this.nBins = Math.floor(n / 2) + 1;
    this.fast = isSupportedSize(n);
    if (this.fast) {
      this.setup = pffft._pffft_new_setup(n, 0);
      this.inPtr = pffft._pffft_aligned_malloc(n * 4);
      this.outPtr = pffft._pffft_aligned_malloc(n * 4);
      this.workPtr = pffft._pffft_aligned_malloc(n * 4);
    } else {
      this.setup = this.inPtr = this.outPtr = this.workPtr = 0;
    }
  }

  forward(input: Float32Array, re: Float32Array | Float64Array, im: Float32Array | Float64Array): void {
    const n = this.n;
    if (this.setup === 0) {
      naiveRealDft(input, n, re, im);
      return;
    }
    this.inputBuffer().set(input.subarray(0, n));
    const out = this.transformInPlace();
    // Ordered layout: [X0.re, X(n/2).re, X1.re, X1.im, X2.re, X2.im, ...].
    re[0] = out[0];
    im[0] = 0;
    re[n / 2] = out[1];
    im[n / 2] = 0;
    for (let k = 1, j = 2; k < n / 2; k++, j += 2) {
      re[k] = out[j];
      im[k] = out[j + 1];
    }
  }

  /**
   * |X_k|^2 of `frame[i] * window[i]` for k = 0..n/2, written to `out`: the STFT's inner loop.
   * The windowed frame is written straight into WASM memory and the spectrum read from it, with no copies.
   */
  powerSpectrum(frame: Float32Array, frameStart: number, window: Float64Array, out: Float64Array): void {
    const n = this.n;
    if (this.setup === 0) {
      const windowed = new Float32Array(n);
      for (let i = 0; i < n; i++) windowed[i] = frame[frameStart + i] * window[i];
      const re = new Float64Array(this.nBins);
      const im = new Float64Array(this.nBins);
      naiveRealDft(windowed, n, re, im);
      for (let k = 0; k < this.nBins; k++) out[k] = re[k] * re[k] + im[k] * im[k];
      return;
    }
    const input = this.inputBuffer();
    for (let i = 0; i < n; i++) input[i] = frame[frameStart + i] * window[i];
    const o = this.transformInPlace();
    out[0] = o[0] * o[0];
    out[n / 2] = o[1] * o[1];
    for (let k = 1, j = 2; k < n / 2; k++, j += 2) out[k] = o[j] * o[j] + o[j + 1] * o[j + 1];
  }

  /**
   * Power spectrum of `frame[frameStart ..]` under the periodic Hann window, written to `out[outOffset ..]`.
   * The window is applied in the frequency domain, X_w[k] = X[k]/2 - (X[k-1] + X[k+1])/4 (the DFT of
   * 1/2 - cos(2πn/N)/2), so the frame goes into WASM memory with one memcpy instead of N multiplies.
   * Same float32 accuracy as windowing first (measured: within 0.2 dB down to 120 dB below the peak).
   */
  hannPowerSpectrum(frame: Float32Array, frameStart: number, out: Float32Array, outOffset: number): void {
    const n = this.n;
    const half = n / 2;
    if (!this.fast) throw new ParameterError(`n_fft=${n}: the frequency-domain Hann path needs a PFFFT size`);
    this.inputBuffer().set(frame.subarray(frameStart, frameStart + n));
    const o = this.transformInPlace();
    // Unpacked neighbours: X0 = (o[0], 0), X(n/2) = (o[1], 0), Xk = (o[2k], o[2k+1]).
    const r0 = 0.5 * o[0] - 0.5 * o[2];
    out[outOffset] = r0 * r0;
    // k = 1: the previous bin is X0 = (o[0], 0).
    const a1 = 0.5 * o[2] - 0.25 * (o[0] + o[4]);
    const b1 = 0.5 * o[3] - 0.25 * o[5];
    out[outOffset + 1] = a1 * a1 + b1 * b1;
    for (let k = 2, j = 4; k < half - 1; k++, j += 2) {
      const re = 0.5 * o[j] - 0.25 * (o[j - 2] + o[j + 2]);
      const im = 0.5 * o[j + 1] - 0.25 * (o[j - 1] + o[j + 3]);
      out[outOffset + k] = re * re + im * im;
    }
    // k = n/2 - 1: the next bin is X(n/2) = (o[1], 0).
    const jl = n - 2;
    const al = 0.5 * o[jl] - 0.25 * (o[jl - 2] + o[1]);
    const bl = 0.5 * o[jl + 1] - 0.25 * o[jl - 1];
    out[outOffset + half - 1] = al * al + bl * bl;
    const rh = 0.5 * o[1] - 0.5 * o[jl];
    out[outOffset + half] = rh * rh;
  }

  private inView: Float32Array = new Float32Array(0);
  private outView: Float32Array = new Float32Array(0);

  // WASM memory growth (another plan's malloc) detaches old views, leaving them empty: re-create them then.
  private inputBuffer(): Float32Array {
    if (this.inView.length === 0) this.inView = new Float32Array(pffft.HEAPF32.buffer, this.inPtr, this.n);
    return this.inView;
  }

  private transformInPlace(): Float32Array {
    pffft._pffft_transform_ordered(this.setup, this.inPtr, this.outPtr, this.workPtr, 0);
    if (this.outView.length === 0) this.outView = new Float32Array(pffft.HEAPF32.buffer, this.outPtr, this.n);
    return this.outView;
  }
}

function naiveRealDft(x: Float32Array, n: number, re: Float32Array | Float64Array, im: Float32Array | Float64Array): void {
  const nBins = Math.floor(n / 2) + 1;
  for (let k = 0; k < nBins; k++) {
    let sr = 0;
    let si = 0;
    const w = (-2 * Math.PI * k) / n;
    for (let t = 0; t < n; t++) {
      sr += x[t] * Math.cos(w * t);
      si += x[t] * Math.sin(w * t);
    }
    re[k] = sr;
    im[k] = si;
  }
}

const plans = new Map<number, RealFft>();

/** A cached plan for size `n` (plans are deterministic, so sharing them is safe). */
export function realFft(n: number): RealFft {
  let plan = plans.get(n);
  if (!plan) {
    plan = new RealFft(n);
    plans.set(n, plan);
  }
  return plan;
}
