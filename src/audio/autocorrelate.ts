/** Linear autocorrelation through the FFT (librosa.autocorrelate), with a reusable plan for many equal-length frames. */
import { ParameterError } from '../errors.js';
import { realFft, type RealFft } from './fft.js';

/** PFFFT's real transform wants sizes that are multiples of 32 with no prime factor above 5. */
function isFastSize(n: number): boolean {
  if (n % 32 !== 0) return false;
  let m = n;
  for (const p of [2, 3, 5]) while (m % p === 0) m /= p;
  return m === 1;
}

/** Smallest size >= `m` that PFFFT handles natively (zero-padding further never changes a linear autocorrelation). */
export function fastFftSize(m: number): number {
  let n = Math.max(32, Math.ceil(m / 32) * 32);
  while (!isFastSize(n)) n += 32;
  return n;
}

/**
 * Autocorrelation of frames of a fixed length `frameLength`, lags 0..maxSize-1.
 *
 * ac[k] = Σ_n x[n] x[n + k], computed as irfft(|rfft(x, N)|²) with N >= 2·frameLength - 1 so the
 * circular correlation equals the linear one. The inverse is a second *forward* real FFT: the power
 * spectrum is real and even, so its DFT is real and equals N times the inverse DFT.
 */
export class Autocorrelator {
  readonly frameLength: number;
  readonly maxSize: number;
  private readonly n: number;
  private readonly fft: RealFft;
  private readonly buf: Float32Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(frameLength: number, maxSize = frameLength) {
    if (!Number.isInteger(frameLength) || frameLength < 1) throw new ParameterError(`autocorrelation length must be a positive integer, got ${frameLength}`);
    if (!Number.isInteger(maxSize) || maxSize < 1) throw new ParameterError(`max_size must be a positive integer, got ${maxSize}`);
    this.frameLength = frameLength;
    this.maxSize = Math.min(maxSize, frameLength);
    this.n = fastFftSize(2 * frameLength - 1);
    this.fft = realFft(this.n);
    this.buf = new Float32Array(this.n);
    this.re = new Float64Array(this.fft.nBins);
    this.im = new Float64Array(this.fft.nBins);
  }

  /**
   * Autocorrelates `frame` (length frameLength; values are read, not kept) into `out[0..maxSize-1]`.
   * `window`, when given, multiplies the frame first (the tempogram's Hann window).
   */
  run(frame: ArrayLike<number>, out: Float64Array, window?: ArrayLike<number>): void {
    const { n, buf, re, im, frameLength } = this;
    if (window) for (let i = 0; i < frameLength; i++) buf[i] = frame[i] * window[i];
    else for (let i = 0; i < frameLength; i++) buf[i] = frame[i];
    buf.fill(0, frameLength);
    this.fft.forward(buf, re, im);
    const half = n >> 1;
    // Full even power spectrum P[j] = P[n - j], laid out for the second forward transform.
    for (let j = 0; j <= half; j++) buf[j] = re[j] * re[j] + im[j] * im[j];
    for (let j = half + 1; j < n; j++) buf[j] = buf[n - j];
    this.fft.forward(buf, re, im);
    const scale = 1 / n;
    for (let k = 0; k < this.maxSize; k++) out[k] = re[k] * scale;
  }
}

/**
 * librosa.autocorrelate(y, max_size): ac[k] = Σ_n y[n] y[n + k] for k < maxSize (default len(y)).
 * Float64 result; the FFT runs in float32 (PFFFT), so values carry ~1e-7 × ac[0] of rounding.
 */
export function autocorrelate(y: ArrayLike<number>, opts: { maxSize?: number } = {}): Float64Array {
  if (y.length === 0) return new Float64Array(0);
  const maxSize = Math.min(opts.maxSize ?? y.length, y.length);
  if (!Number.isInteger(maxSize) || maxSize < 1) throw new ParameterError(`max_size must be a positive integer, got ${opts.maxSize}`);
  const out = new Float64Array(maxSize);
  new Autocorrelator(y.length, maxSize).run(y, out);
  return out;
}
