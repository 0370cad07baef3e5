/** Polyphase resampling: librosa.resample(res_type='polyphase'), i.e. scipy.signal.resample_poly. */

import { ParameterError } from '../errors.js';
import { firwinKaiserLowpass } from './window-design.js';

/** Resampling methods we implement (librosa's `res_type`). */
export type ResampleType = 'polyphase';

export interface ResampleOptions {
  /** Sample rate of `y`, Hz. A positive integer (polyphase needs integer rates). */
  origSr: number;
  /** Wanted sample rate, Hz. A positive integer. */
  targetSr: number;
  /** librosa's `res_type`; only `'polyphase'` (the default here). */
  resType?: ResampleType;
  /**
   * librosa's `fix` (default true): cut or zero-pad the result to exactly
   * {@link resampleLength} samples. With `false` the length is scipy's
   * ceil(n * up / down) (the same number except in rare float-rounding cases).
   */
  fix?: boolean;
}

/** Kaiser beta of scipy.signal.resample_poly's default window `('kaiser', 5.0)`. */
const KAISER_BETA = 5.0;

/**
 * The prototype low-pass of resample_poly for `up/down` (already reduced by their gcd),
 * split into its `up` polyphase branches.
 *
 * Output sample `n` sits at position c = n * down + halfLen of the upsampled, filtered
 * signal, so it is sum_i x[i] * h[c - i * up]. Writing c = iTop * up + p (0 <= p < up),
 * only the taps of phase p take part: h[p + r * up] multiplies x[iTop - r], r = 0, 1, ...
 * Each phase stores its taps with their lag r, largest lag first, so the inner loop walks
 * the input forwards (the order scipy's upfirdn sums in).
 */
interface PolyphaseFilter {
  up: number;
  down: number;
  halfLen: number;
  /** All phases' taps, concatenated, oldest input first within a phase. */
  taps: Float64Array;
  /** lag[t]: tap `taps[t]` multiplies x[iTop - lag[t]]. */
  lag: Int32Array;
  /** Start of phase p in `taps` / `lag`. */
  offset: Int32Array;
  /** Number of taps of phase p. */
  count: Int32Array;
  /** 1 where phase p's lags are consecutive, so its loop can step through x without `lag`. */
  dense: Uint8Array;
  /** Largest lag of any phase: the interior starts where iTop >= maxLag. */
  maxLag: number;
}

/**
 * Builds the filter scipy.signal.resample_poly designs for `up/down`:
 * max_rate = max(up, down), half_len = 10 * max_rate,
 * h = firwin(2 * half_len + 1, 1 / max_rate, window=('kaiser', 5.0)) * up.
 *
 * scipy casts h to the input's dtype before multiplying by `up` (1.10, the version behind
 * our librosa fixtures, and still in 1.17); our input is float32, so the taps are rounded
 * to float32 at the same two points to use exactly scipy's coefficients.
 *
 * The taps at k * max_rate (k != 0) from the centre fall on zeros of the sinc and are 0 in
 * exact arithmetic; floating point leaves ~1e-17 there, far below float32 resolution of any
 * output. They are dropped: half the work of a 2:1 decimation, nothing for most ratios.
 *
 * scipy pads h with n_pre_pad = down - half_len % down zeros in front and keeps upfirdn's
 * outputs from n_pre_remove = (half_len + n_pre_pad) / down on. Because
 * half_len + n_pre_pad is a multiple of `down`, output n reads the filtered upsampled
 * signal at n_pre_remove * down - n_pre_pad + n * down = half_len + n * down: the centre
 * tap lines up with input position n * down / up, so the output is phase-aligned.
 */
function designPolyphaseFilter(up: number, down: number): PolyphaseFilter {
  const maxRate = Math.max(up, down);
  const halfLen = 10 * maxRate;
  const numTaps = 2 * halfLen + 1;
  const h = firwinKaiserLowpass(numTaps, 1 / maxRate, KAISER_BETA);
  for (let k = 0; k < numTaps; k++) h[k] = Math.fround(Math.fround(h[k]) * up);
  const isSincNull = (k: number): boolean => k !== halfLen && (k - halfLen) % maxRate === 0;

  const offset = new Int32Array(up);
  const count = new Int32Array(up);
  const taps = new Float64Array(numTaps);
  const lag = new Int32Array(numTaps);
  const dense = new Uint8Array(up);
  let pos = 0;
  let maxLag = 0;
  for (let p = 0; p < up; p++) {
    offset[p] = pos;
    const nPhase = p < numTaps ? Math.ceil((numTaps - p) / up) : 0;
    for (let r = nPhase - 1; r >= 0; r--) {
      const k = p + r * up;
      if (isSincNull(k)) continue;
      taps[pos] = h[k];
      lag[pos] = r;
      pos++;
      maxLag = Math.max(maxLag, r);
    }
    count[p] = pos - offset[p];
    dense[p] = count[p] === 0 || lag[offset[p]] - lag[pos - 1] === count[p] - 1 ? 1 : 0;
  }
  return { up, down, halfLen, taps: taps.slice(0, pos), lag: lag.slice(0, pos), offset, count, dense, maxLag };
}

/** Deterministic builder, so cached; a handful of rate pairs is all a program uses. */
const filterCache = new Map<string, PolyphaseFilter>();
const FILTER_CACHE_SIZE = 8;

function polyphaseFilter(up: number, down: number): PolyphaseFilter {
  const key = `${up}/${down}`;
  let f = filterCache.get(key);
  if (f === undefined) {
    f = designPolyphaseFilter(up, down);
    if (filterCache.size >= FILTER_CACHE_SIZE) {
      const oldest = filterCache.keys().next().value;
      if (oldest !== undefined) filterCache.delete(oldest);
    }
    filterCache.set(key, f);
  }
  return f;
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function checkRate(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ParameterError(
      `${name} must be a positive integer (Hz) for polyphase resampling, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Length of librosa.resample's output with fix=True:
 * n_samples = int(np.ceil(n_in * (target_sr / orig_sr))).
 *
 * Computed in float64 exactly as librosa does, so an exact product that rounds just
 * above an integer gives one more sample (zero-padded), as librosa would.
 */
export function resampleLength(nIn: number, origSr: number, targetSr: number): number {
  if (!Number.isSafeInteger(nIn) || nIn < 0) {
    throw new ParameterError(`nIn must be a non-negative integer, got ${String(nIn)}`);
  }
  checkRate('origSr', origSr);
  checkRate('targetSr', targetSr);
  return Math.ceil(nIn * (targetSr / origSr));
}

/**
 * Resamples a mono signal from `origSr` to `targetSr`, as
 * librosa.resample(y, orig_sr=origSr, target_sr=targetSr, res_type='polyphase', fix=True),
 * which is scipy.signal.resample_poly(y, up, down) with up = target_sr / g,
 * down = orig_sr / g, g = gcd(orig_sr, target_sr):
 *
 *   out[n] = sum_i y[i] * h[n * down + half_len - i * up],   0 <= n < ceil(n_in * up / down),
 *
 * with `h` the Kaiser-windowed sinc low-pass (cutoff at the lower of the two Nyquist
 * frequencies) described at {@link designPolyphaseFilter}; samples outside `y` are zero.
 * Each output sample uses only the taps of its own phase (about 20 * max(up, down) / up
 * of them), accumulated in float64, then rounded to float32.
 *
 * Equal rates return a copy. Non-finite samples are not rejected; they spread to the
 * outputs whose filter span covers them.
 */
export function resample(y: Float32Array, opts: ResampleOptions): Float32Array {
  if (!(y instanceof Float32Array)) {
    throw new ParameterError(`y must be a Float32Array, got ${Object.prototype.toString.call(y)}`);
  }
  if (opts === null || typeof opts !== 'object') {
    throw new ParameterError(`resample options must be an object, got ${String(opts)}`);
  }
  const origSr = checkRate('origSr', opts.origSr);
  const targetSr = checkRate('targetSr', opts.targetSr);
  const resType = opts.resType ?? 'polyphase';
  if (resType !== 'polyphase') {
    throw new ParameterError(`resType must be 'polyphase', got ${JSON.stringify(resType)}`);
  }
  const fix = opts.fix ?? true;
  if (typeof fix !== 'boolean') throw new ParameterError(`fix must be a boolean, got ${String(fix)}`);

  if (origSr === targetSr) return y.slice();

  const g = gcd(origSr, targetSr);
  const up = targetSr / g;
  const down = origSr / g;
  const nIn = y.length;
  // scipy's n_out = ceil(n_in * up / down), in integers.
  const prod = nIn * up;
  const nPoly = (prod - (prod % down)) / down + (prod % down > 0 ? 1 : 0);
  const nOut = fix ? resampleLength(nIn, origSr, targetSr) : nPoly;
  const out = new Float32Array(nOut);
  const nCompute = Math.min(nOut, nPoly);
  if (nCompute > 0) upfirdnCentered(y, out, nCompute, polyphaseFilter(up, down));
  return out;
}

/** Outputs computed together in the fast path; they share each tap load (8 accumulators fit in registers). */
const BLOCK = 8;

/**
 * The polyphase kernel: writes out[0..nCompute) (see {@link resample} for the formula).
 *
 * Output position c = n * down + halfLen is tracked as c = iTop * up + p (0 <= p < up):
 * p picks the phase, iTop is the newest input sample it reads. Advancing `up` outputs
 * advances exactly `down` inputs with the same phase, so outputs n, n + up, ..., n + 7 up
 * use the same taps on inputs shifted by down, 2 down, ...: the fast path computes those 8
 * together, one tap load feeding 8 multiply-adds. Each output is still a single float64
 * sum in tap order, so the fast path and the edge path give identical values.
 */
function upfirdnCentered(x: Float32Array, out: Float32Array, nCompute: number, f: PolyphaseFilter): void {
  const { up, down, taps, lag, offset, count, dense, maxLag } = f;
  const nIn = x.length;
  const stepI = Math.floor(down / up);
  const stepP = down % up;
  let p = f.halfLen % up;
  let iTop = (f.halfLen - p) / up;
  let n = 0;

  // Left edge: the filter reaches before x[0].
  for (; n < nCompute && iTop < maxLag; n++) {
    out[n] = dotClipped(x, f, p, iTop);
    iTop += stepI;
    p += stepP;
    if (p >= up) {
      p -= up;
      iTop += 1;
    }
  }

  // Interior, BLOCK * up outputs at a time; the newest input any of them reads is
  // below iTop + BLOCK * down.
  const d1 = down;
  const d2 = 2 * down;
  const d3 = 3 * down;
  const d4 = 4 * down;
  const d5 = 5 * down;
  const d6 = 6 * down;
  const d7 = 7 * down;
  while (n + BLOCK * up <= nCompute && iTop + BLOCK * down < nIn) {
    for (let q = 0; q < up; q++, n++) {
      const t0 = offset[p];
      const tEnd = t0 + count[p];
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let a4 = 0;
      let a5 = 0;
      let a6 = 0;
      let a7 = 0;
      if (dense[p] === 1) {
        // Same sums as the loop below, with x indices stepping by one instead of read from `lag`.
        for (let ti = t0, xi = iTop - lag[t0]; ti < tEnd; ti++, xi++) {
          const t = taps[ti];
          a0 += x[xi] * t;
          a1 += x[xi + d1] * t;
          a2 += x[xi + d2] * t;
          a3 += x[xi + d3] * t;
          a4 += x[xi + d4] * t;
          a5 += x[xi + d5] * t;
          a6 += x[xi + d6] * t;
          a7 += x[xi + d7] * t;
        }
      } else {
        for (let ti = t0; ti < tEnd; ti++) {
          const t = taps[ti];
          const xi = iTop - lag[ti];
          a0 += x[xi] * t;
          a1 += x[xi + d1] * t;
          a2 += x[xi + d2] * t;
          a3 += x[xi + d3] * t;
          a4 += x[xi + d4] * t;
          a5 += x[xi + d5] * t;
          a6 += x[xi + d6] * t;
          a7 += x[xi + d7] * t;
        }
      }
      out[n] = a0;
      out[n + up] = a1;
      out[n + 2 * up] = a2;
      out[n + 3 * up] = a3;
      out[n + 4 * up] = a4;
      out[n + 5 * up] = a5;
      out[n + 6 * up] = a6;
      out[n + 7 * up] = a7;
      iTop += stepI;
      p += stepP;
      if (p >= up) {
        p -= up;
        iTop += 1;
      }
    }
    // The loop above moved one period (up outputs, down inputs); skip the other BLOCK - 1.
    n += (BLOCK - 1) * up;
    iTop += (BLOCK - 1) * down;
  }

  // Right edge (and whatever did not fill a block).
  for (; n < nCompute; n++) {
    out[n] = dotClipped(x, f, p, iTop);
    iTop += stepI;
    p += stepP;
    if (p >= up) {
      p -= up;
      iTop += 1;
    }
  }
}

/** One output of phase p with newest input iTop; samples outside x count as 0. */
function dotClipped(x: Float32Array, f: PolyphaseFilter, p: number, iTop: number): number {
  const { taps, lag } = f;
  const tEnd = f.offset[p] + f.count[p];
  let acc = 0;
  for (let ti = f.offset[p]; ti < tEnd; ti++) {
    const xi = iTop - lag[ti];
    if (xi >= 0 && xi < x.length) acc += x[xi] * taps[ti];
  }
  return acc;
}
