/** Spectral-peak pitch tracking and tuning estimation (librosa.piptrack, librosa.pitch_tuning, librosa.estimate_tuning). */
import { ParameterError } from '../errors.js';
import { LOAD_DEFAULTS, PITCH_DEFAULTS, STFT_DEFAULTS } from './defaults.js';
import { createFrameMatrix, type FrameMatrix } from './frame-matrix.js';
import { spectrogramSource, type SpectrogramSource } from './spectral.js';

export interface PiptrackOptions extends SpectrogramSource {
  /** Sample rate (Hz), default 22050. */
  sr?: number;
  /** Lowest bin frequency considered (Hz), default 150. */
  fmin?: number;
  /** Bins at or above it are ignored (Hz, clipped to sr/2), default 4000. */
  fmax?: number;
  /** A bin can be a peak only above threshold · ref(frame); default 0.1. */
  threshold?: number;
  /**
   * Reference: a function of one frame's magnitudes (default: its maximum), scaled by `threshold`;
   * or a fixed number, used as is (not scaled), as in librosa.
   */
  ref?: number | ((frame: Float32Array) => number);
}

/**
 * Visits every peak librosa.piptrack reports, in frame order then bin order: `visit(t, k, pitch, mag)`.
 * A peak is a bin k with fmin <= freq(k) < fmax whose thresholded magnitude M = S · [S > ref] satisfies
 * M[k] > M[k-1] and M[k] >= M[k+1]. With the parabolic shift δ = -b / a, a = S[k+1] + S[k-1] - 2 S[k],
 * b = (S[k+1] - S[k-1]) / 2 (δ = 0 when |b| >= |a|):
 *
 *   pitch = (k + δ) sr / nFft,   mag = S[k] + δ (S[k+1] - S[k-1]) / 4.
 *
 * Arithmetic is rounded to float32 where librosa's float32 arrays are, so the values land on the same side of
 * pitch_tuning's histogram edges as librosa's.
 */
function eachPeak(S: FrameMatrix, nFft: number, opts: PiptrackOptions, visit: (t: number, k: number, pitch: number, mag: number) => void): void {
  const sr = opts.sr ?? LOAD_DEFAULTS.sr;
  const threshold = opts.threshold ?? PITCH_DEFAULTS.threshold;
  const fmin = Math.max(opts.fmin ?? PITCH_DEFAULTS.fmin, 0);
  const fmax = Math.min(opts.fmax ?? PITCH_DEFAULTS.fmax, sr / 2);
  if (!(sr > 0)) throw new ParameterError(`sr must be > 0, got ${sr}`);
  if (!(threshold >= 0)) throw new ParameterError(`threshold must be >= 0, got ${threshold}`);
  const { nBins, nFrames, data } = S;
  // Bins with fmin <= k sr / nFft < fmax; bin 0 is never a local max (librosa's localmax has no left edge).
  let kLo = 0;
  while (kLo < nBins && (kLo * sr) / nFft < fmin) kLo++;
  let kHi = kLo;
  while (kHi < nBins && (kHi * sr) / nFft < fmax) kHi++;
  kLo = Math.max(kLo, 1);
  const ref = opts.ref;
  // numpy multiplies the float32 frame maxima by threshold cast to float32.
  const thr32 = Math.fround(threshold);

  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    let refValue: number;
    if (typeof ref === 'number') refValue = Math.abs(ref);
    else if (ref) refValue = Math.fround(thr32 * ref(data.subarray(base, base + nBins)));
    else {
      let max = -Infinity;
      for (let k = 0; k < nBins; k++) {
        const v = Math.abs(data[base + k]);
        if (v > max) max = v;
      }
      refValue = Math.fround(thr32 * max);
    }
    for (let k = kLo; k < kHi; k++) {
      const s = Math.abs(data[base + k]);
      // M[k] = 0 cannot exceed M[k-1] >= 0, so only bins above the reference can be peaks.
      if (!(s > refValue)) continue;
      const left = Math.abs(data[base + k - 1]);
      if (!(s > (left > refValue ? left : 0))) continue;
      if (k + 1 >= nBins) {
        // The last bin is a peak on its left neighbour alone, and librosa gives it no shift.
        visit(t, k, Math.fround((k * sr) / nFft), s);
        continue;
      }
      const right = Math.abs(data[base + k + 1]);
      if (!(s >= (right > refValue ? right : 0))) continue;
      const diff = Math.fround(right - left);
      const a = Math.fround(right + left) - 2 * s;
      const shift = Math.abs(diff / 2) >= Math.abs(a) ? 0 : Math.fround(-(diff / 2) / a);
      const dskew = Math.fround((diff / 4) * shift);
      visit(t, k, Math.fround(((k + shift) * sr) / nFft), Math.fround(s + dskew));
    }
  }
}

/**
 * librosa.piptrack: pitch tracking by parabolic interpolation of spectral peaks (see {@link eachPeak} for the rule).
 * `S` may be a magnitude or power spectrogram; from `y` it is |STFT| with hop winLength / 4.
 * Returns `pitches` (Hz) and `magnitudes`, shaped like S, zero except at peaks.
 */
export function piptrack(opts: PiptrackOptions): { pitches: FrameMatrix; magnitudes: FrameMatrix } {
  const { S, nFft } = piptrackSource(opts);
  const pitches = createFrameMatrix(S.nBins, S.nFrames);
  const magnitudes = createFrameMatrix(S.nBins, S.nFrames);
  eachPeak(S, nFft, opts, (t, k, pitch, mag) => {
    pitches.data[t * S.nBins + k] = pitch;
    magnitudes.data[t * S.nBins + k] = mag;
  });
  return { pitches, magnitudes };
}

/** piptrack's hop defaults to winLength / 4 (librosa passes hop_length=None to stft). */
function piptrackSource(opts: PiptrackOptions): { S: FrameMatrix; nFft: number } {
  if (opts.S) return spectrogramSource(opts, 1);
  const nFft = opts.nFft ?? STFT_DEFAULTS.nFft;
  return spectrogramSource({ ...opts, nFft, hopLength: opts.hopLength ?? Math.floor((opts.winLength ?? nFft) / 4) }, 1);
}

export interface PitchTuningOptions {
  /** Tuning resolution in fractions of a bin, in (0, 1); default 0.01 (cents for 12 bins per octave). */
  resolution?: number;
  /** Bins per octave, positive integer; default 12. */
  binsPerOctave?: number;
}

/**
 * librosa.pitch_tuning: the most common deviation of the given frequencies from the equal-tempered grid
 * (A440 reference), in fractions of a bin:
 *
 *   r = (binsPerOctave · log2(f / 27.5)) mod 1, shifted to [-0.5, 0.5);
 *
 * histogram over linspace(-0.5, 0.5, ceil(1 / resolution) + 1) edges; returns the left edge of the fullest bin.
 * Non-positive frequencies are ignored; with none left the tuning is 0. A Float32Array is processed in float32
 * like a numpy float32 array (what estimateTuning passes), other inputs in float64.
 */
export function pitchTuning(frequencies: ArrayLike<number>, opts: PitchTuningOptions = {}): number {
  const { resolution, binsPerOctave } = tuningGrid(opts);
  const f32 = frequencies instanceof Float32Array;
  const round = f32 ? Math.fround : (x: number) => x;

  const nEdges = Math.ceil(1 / resolution) + 1;
  const nHist = nEdges - 1;
  // numpy.linspace: i * step + start, with the last edge set to stop exactly.
  const step = 1 / nHist;
  const edges = new Float64Array(nEdges);
  for (let i = 0; i < nEdges; i++) edges[i] = i * step + -0.5;
  edges[nHist] = 0.5;
  const counts = new Int32Array(nHist);
  let any = false;
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i];
    if (!(f > 0)) continue;
    any = true;
    const octs = round(Math.log2(round(f / 27.5)));
    const scaled = round(binsPerOctave * octs);
    let r = round(scaled - Math.floor(scaled));
    if (r >= 0.5) r = round(r - 1);
    if (!(r >= edges[0] && r <= edges[nHist])) continue;
    // Guess the bin from the step, then settle it against the exact edges (numpy compares with the edges).
    let j = Math.min(nHist - 1, Math.max(0, Math.floor((r + 0.5) * nHist)));
    while (j > 0 && r < edges[j]) j--;
    while (j < nHist - 1 && r >= edges[j + 1]) j++;
    counts[j]++;
  }
  if (!any) return 0;
  let best = 0;
  for (let j = 1; j < nHist; j++) if (counts[j] > counts[best]) best = j;
  return edges[best];
}

function tuningGrid(opts: PitchTuningOptions): Required<PitchTuningOptions> {
  const resolution = opts.resolution ?? PITCH_DEFAULTS.resolution;
  const binsPerOctave = opts.binsPerOctave ?? PITCH_DEFAULTS.binsPerOctave;
  if (!(resolution > 0 && resolution < 1)) throw new ParameterError(`resolution must lie in (0, 1), got ${resolution}`);
  if (!Number.isInteger(binsPerOctave) || binsPerOctave < 1) throw new ParameterError(`bins_per_octave must be a positive integer, got ${binsPerOctave}`);
  return { resolution, binsPerOctave };
}

export interface EstimateTuningOptions extends PiptrackOptions, PitchTuningOptions {}

/**
 * librosa.estimate_tuning: pitch_tuning of the piptrack peaks whose magnitude is at least the median of all
 * peak magnitudes. `S` may be magnitude or power (chroma_stft passes its power spectrogram);
 * from `y` the magnitude STFT is used. Returns the tuning in fractions of a bin, in [-0.5, 0.5).
 */
export function estimateTuning(opts: EstimateTuningOptions): number {
  tuningGrid(opts);
  const { S, nFft } = piptrackSource(opts);
  let pitches: Float32Array = new Float32Array(1024);
  let mags: Float32Array = new Float32Array(1024);
  let n = 0;
  eachPeak(S, nFft, opts, (_t, _k, pitch, mag) => {
    if (!(pitch > 0)) return;
    if (n === pitches.length) {
      pitches = grow(pitches);
      mags = grow(mags);
    }
    pitches[n] = pitch;
    mags[n] = mag;
    n++;
  });
  if (n === 0) return pitchTuning(new Float32Array(0), opts);
  const threshold = medianFloat32(mags.slice(0, n));
  const kept = new Float32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (mags[i] >= threshold) kept[m++] = pitches[i];
  return pitchTuning(kept.subarray(0, m), opts);
}

function grow(a: Float32Array): Float32Array {
  const b = new Float32Array(a.length * 2);
  b.set(a);
  return b;
}

/** numpy.median of a float32 array: the middle value, or the float32 mean of the two middle values. */
function medianFloat32(values: Float32Array): number {
  values.sort();
  const n = values.length;
  const h = n >> 1;
  if (n % 2 === 1) return values[h];
  return Math.fround(Math.fround(values[h - 1] + values[h]) / 2);
}
