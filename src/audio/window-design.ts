/** Window-method FIR design: Bessel I0, the Kaiser window and a scipy-compatible `firwin` low-pass. */

import { ParameterError } from '../errors.js';

/**
 * Zeroth-order modified Bessel function of the first kind, I0(x) (scipy.special.i0).
 *
 * Power series I0(x) = sum_k ((x/2)^k / k!)^2, summed until a term no longer changes the
 * sum. Every term is positive, so there is no cancellation: the result is accurate to a
 * few ulps for the arguments a Kaiser window uses (|x| up to a few tens).
 */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return sum;
}

/**
 * Symmetric Kaiser window of `m` points (scipy.signal.windows.kaiser(m, beta, sym=True),
 * which is what `get_window(('kaiser', beta), m, fftbins=False)` returns):
 *
 *   w[n] = I0(beta * sqrt(1 - ((n - a) / a)^2)) / I0(beta),   a = (m - 1) / 2.
 *
 * `m = 1` gives `[1]`, as in scipy.
 */
export function kaiserWindow(m: number, beta: number): Float64Array {
  if (!Number.isInteger(m) || m < 0) {
    throw new ParameterError(`kaiserWindow: m must be a non-negative integer, got ${m}`);
  }
  if (!Number.isFinite(beta)) throw new ParameterError(`kaiserWindow: beta must be a finite number, got ${beta}`);
  const w = new Float64Array(m);
  if (m === 1) {
    w[0] = 1;
    return w;
  }
  const alpha = (m - 1) / 2;
  const denom = besselI0(beta);
  for (let n = 0; n < m; n++) {
    const r = (n - alpha) / alpha;
    w[n] = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / denom;
  }
  return w;
}

/** numpy.sinc: sin(pi x) / (pi x), 1 at x = 0. */
function sinc(x: number): number {
  if (x === 0) return 1;
  const y = Math.PI * x;
  return Math.sin(y) / y;
}

/**
 * Linear-phase low-pass FIR by the window method with a Kaiser window, as
 * scipy.signal.firwin(numtaps, cutoff, window=('kaiser', beta)) with its defaults
 * (pass_zero=True, scale=True, fs=2, so `cutoff` is relative to Nyquist, in (0, 1)):
 *
 *   h[n] = cutoff * sinc(cutoff * (n - a)) * w[n],   a = (numtaps - 1) / 2,
 *
 * then scaled by 1 / sum(h) so the gain at DC is exactly 1 (`scale=True` with a band
 * starting at 0 Hz normalises at frequency 0, where cos(pi m f) = 1).
 */
export function firwinKaiserLowpass(numtaps: number, cutoff: number, beta: number): Float64Array {
  if (!Number.isInteger(numtaps) || numtaps < 1) {
    throw new ParameterError(`firwinKaiserLowpass: numtaps must be a positive integer, got ${numtaps}`);
  }
  if (!(cutoff > 0 && cutoff < 1)) {
    throw new ParameterError(`firwinKaiserLowpass: cutoff must be in (0, 1) (relative to Nyquist), got ${cutoff}`);
  }
  const alpha = 0.5 * (numtaps - 1);
  const win = kaiserWindow(numtaps, beta);
  const h = new Float64Array(numtaps);
  let sum = 0;
  for (let n = 0; n < numtaps; n++) {
    const m = n - alpha;
    h[n] = cutoff * sinc(cutoff * m) * win[n];
    sum += h[n];
  }
  for (let n = 0; n < numtaps; n++) h[n] /= sum;
  return h;
}
