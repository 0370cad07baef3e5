/** Time-domain frame features: zero-crossing rate and RMS (librosa.feature.zero_crossing_rate, librosa.feature.rms). */
import { ParameterError } from '../errors.js';
import { TEMPORAL_DEFAULTS } from './defaults.js';
import { createFrameMatrix, type FrameMatrix } from './frame-matrix.js';
import { framedSignal, type PadMode } from './frames.js';

export interface ZeroCrossingRateOptions {
  y: Float32Array;
  /** Samples per frame, default 2048. */
  frameLength?: number;
  /** Samples between frames, default 512. */
  hopLength?: number;
  /** Pad frameLength/2 on both sides by repeating the end samples (librosa uses 'edge' here, not zeros). */
  center?: boolean;
  /** |y| <= threshold counts as 0 (default 1e-10); null disables it. */
  threshold?: number | null;
  /**
   * Scales `threshold`: a number, or a function of |y| (the whole, padded signal; librosa passes the framed
   * signal, which is the same for order statistics such as max).
   */
  refMagnitude?: number | ((absY: Float32Array) => number);
  /** Count the first sample of each frame as a crossing (librosa's zero_crossings `pad`; default false here). */
  pad?: boolean;
  /** Zero counts as positive (default); otherwise -1, 0 and +1 are three distinct signs. */
  zeroPos?: boolean;
}

/**
 * librosa.feature.zero_crossing_rate: per frame, the fraction of samples whose sign differs from the previous one,
 *
 *   zcr[t] = (1 / frameLength) Σ_{i=1}^{frameLength-1} [sign(x[i]) != sign(x[i-1])]   (+ 1/frameLength if `pad`),
 *
 * with x the frame of the edge-padded signal and |x| <= threshold set to 0 first. The threshold is compared
 * in float32, as librosa's numba kernel does for float32 audio. Returns a 1-row FrameMatrix.
 */
export function zeroCrossingRate(opts: ZeroCrossingRateOptions): FrameMatrix {
  const frameLength = opts.frameLength ?? TEMPORAL_DEFAULTS.frameLength;
  const hopLength = opts.hopLength ?? TEMPORAL_DEFAULTS.hopLength;
  const zeroPos = opts.zeroPos ?? TEMPORAL_DEFAULTS.zeroPos;
  const pad = opts.pad ?? TEMPORAL_DEFAULTS.zcrPad;
  let threshold = opts.threshold === undefined ? TEMPORAL_DEFAULTS.zcrThreshold : (opts.threshold ?? 0);
  if (!(threshold >= 0)) throw new ParameterError(`threshold must be >= 0, got ${threshold}`);
  const { padded, nFrames } = framedSignal(opts.y, {
    frameLength,
    hopLength,
    center: opts.center ?? TEMPORAL_DEFAULTS.center,
    padMode: 'edge',
  });
  const ref = opts.refMagnitude;
  if (typeof ref === 'function') threshold *= ref(absOf(padded));
  else if (ref !== undefined) threshold *= ref;
  const thr = Math.fround(threshold);

  // crossings[i] = 1 when sample i changes sign from sample i - 1; a prefix sum gives each frame's count in O(1).
  const n = padded.length;
  const prefix = new Int32Array(n + 1);
  let prev = signClass(padded[0], thr, zeroPos);
  for (let i = 1; i < n; i++) {
    const s = signClass(padded[i], thr, zeroPos);
    prefix[i + 1] = prefix[i] + (s !== prev ? 1 : 0);
    prev = s;
  }
  const out = createFrameMatrix(1, nFrames);
  const extra = pad ? 1 : 0;
  for (let t = 0; t < nFrames; t++) {
    const start = t * hopLength;
    // Crossings at positions start+1 .. start+frameLength-1: the first sample of a frame has no predecessor.
    out.data[t] = (prefix[start + frameLength] - prefix[start + 1] + extra) / frameLength;
  }
  return out;
}

/** -1, 0 or +1 after thresholding; with zeroPos, 0 joins the positives. */
function signClass(x: number, thr: number, zeroPos: boolean): number {
  if (x >= -thr && x <= thr) return zeroPos ? 1 : 0;
  return x < 0 ? -1 : 1;
}

function absOf(y: Float32Array): Float32Array {
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = Math.abs(y[i]);
  return out;
}

export interface RmsOptions {
  /** Signal; or pass `S`. */
  y?: Float32Array;
  /** Magnitude spectrogram with frameLength/2 + 1 bins (frame-major). */
  S?: FrameMatrix;
  /** Samples per frame (and the n_fft of `S`), default 2048. */
  frameLength?: number;
  /** Samples between frames, default 512 (ignored with `S`). */
  hopLength?: number;
  /** Pad frameLength/2 on both sides of `y` (ignored with `S`). */
  center?: boolean;
  /** numpy.pad mode for centring, default 'constant' (zeros). */
  padMode?: PadMode;
}

/**
 * librosa.feature.rms: root mean square per frame. From samples (no window):
 *
 *   rms[t] = sqrt( (1 / frameLength) Σ_i x_t[i]² ),
 *
 * from a magnitude spectrogram (Parseval, so a windowed STFT gives the windowed energy):
 *
 *   rms[t] = sqrt( 2 Σ_k w_k |S[k, t]|² / frameLength² ),   w_k = 1/2 for DC and (even frameLength) Nyquist, else 1.
 *
 * Returns a 1-row FrameMatrix.
 */
export function rms(opts: RmsOptions): FrameMatrix {
  const frameLength = opts.frameLength ?? TEMPORAL_DEFAULTS.frameLength;
  if (!Number.isInteger(frameLength) || frameLength < 1) throw new ParameterError(`frame_length must be a positive integer, got ${frameLength}`);
  if (opts.y) return rmsOfSignal(opts.y, frameLength, opts);
  if (opts.S) return rmsOfSpectrogram(opts.S, frameLength);
  throw new ParameterError('give either y (audio samples) or S (a magnitude spectrogram)');
}

function rmsOfSignal(y: Float32Array, frameLength: number, opts: RmsOptions): FrameMatrix {
  const hopLength = opts.hopLength ?? TEMPORAL_DEFAULTS.hopLength;
  const { padded, nFrames } = framedSignal(y, {
    frameLength,
    hopLength,
    center: opts.center ?? TEMPORAL_DEFAULTS.center,
    padMode: opts.padMode ?? TEMPORAL_DEFAULTS.rmsPadMode,
  });
  const out = createFrameMatrix(1, nFrames);
  if (frameLength % hopLength === 0) {
    // Frames are whole runs of hop-sized blocks: square and sum each sample once, then add blocks.
    const perFrame = frameLength / hopLength;
    const nBlocks = nFrames - 1 + perFrame;
    const blocks = new Float64Array(nBlocks);
    for (let b = 0; b < nBlocks; b++) {
      let s = 0;
      const end = (b + 1) * hopLength;
      for (let i = b * hopLength; i < end; i++) s += padded[i] * padded[i];
      blocks[b] = s;
    }
    for (let t = 0; t < nFrames; t++) {
      let s = 0;
      for (let b = t; b < t + perFrame; b++) s += blocks[b];
      out.data[t] = Math.sqrt(s / frameLength);
    }
    return out;
  }
  for (let t = 0; t < nFrames; t++) {
    let s = 0;
    const start = t * hopLength;
    for (let i = start; i < start + frameLength; i++) s += padded[i] * padded[i];
    out.data[t] = Math.sqrt(s / frameLength);
  }
  return out;
}

function rmsOfSpectrogram(S: FrameMatrix, frameLength: number): FrameMatrix {
  const { nBins, nFrames, data } = S;
  if (nBins !== Math.floor(frameLength / 2) + 1) {
    throw new ParameterError(`S has ${nBins} bins, so frame_length must be ${2 * nBins - 2} or ${2 * nBins - 1}; got ${frameLength}`);
  }
  const out = createFrameMatrix(1, nFrames);
  const lastWeight = frameLength % 2 === 0 ? 0.5 : 1;
  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    let s = 0.5 * data[base] * data[base];
    for (let k = 1; k < nBins - 1; k++) s += data[base + k] * data[base + k];
    if (nBins > 1) s += lastWeight * data[base + nBins - 1] * data[base + nBins - 1];
    out.data[t] = Math.sqrt((2 * s) / (frameLength * frameLength));
  }
  return out;
}
