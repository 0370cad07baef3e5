/** Rhythm summaries of an onset envelope: periodicity on a log-tempo axis and onset rate. */
import { ParameterError } from '../errors.js';
import { autocorrelate } from '../audio/autocorrelate.js';

/**
 * Normalised, unbiased autocovariance of an onset envelope for lags 0..maxLag:
 *
 *   a[k] = (N / (N - k)) · Σ_t (o_t - ō)(o_{t+k} - ō) / Σ_t (o_t - ō)²,   a[0] = 1,
 *
 * so a lag-k periodicity scores the same whatever the excerpt length. Values lie near [-1, 1]. A constant
 * envelope (silence, a steady tone) has no periodicity: all zeros. Needs N > maxLag.
 */
export function onsetAutocovariance(envelope: ArrayLike<number>, maxLag: number): Float64Array {
  const n = envelope.length;
  if (!Number.isInteger(maxLag) || maxLag < 0) throw new ParameterError(`maxLag must be a non-negative integer, got ${maxLag}`);
  if (n <= maxLag) throw new ParameterError(`onset envelope of ${n} frames is too short for lags up to ${maxLag}`);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += envelope[t];
  mean /= n;
  const centred = new Float64Array(n);
  for (let t = 0; t < n; t++) centred[t] = envelope[t] - mean;
  const ac = autocorrelate(centred, { maxSize: maxLag + 1 });
  const out = new Float64Array(maxLag + 1);
  // Below this the envelope is constant up to float32 rounding of the FFT.
  if (!(ac[0] > 1e-12 * n)) return out;
  for (let k = 0; k <= maxLag; k++) out[k] = ((n / (n - k)) * ac[k]) / ac[0];
  return out;
}

export interface TempoAxis {
  /** Centre (BPM) of the lowest band. */
  minBpm: number;
  /** Centre (BPM) of the highest band; the bands are log-spaced between the two inclusive. */
  maxBpm: number;
  bandsPerOctave: number;
}

/** Centre (BPM) of each band of a log-tempo axis: minBpm · 2^(j / bandsPerOctave). */
export function tempoBandCentres(axis: TempoAxis): Float64Array {
  const { minBpm, maxBpm, bandsPerOctave } = axis;
  if (!(minBpm > 0 && maxBpm > minBpm)) throw new ParameterError(`need 0 < minBpm < maxBpm, got minBpm=${minBpm} maxBpm=${maxBpm}`);
  if (!Number.isInteger(bandsPerOctave) || bandsPerOctave < 1) throw new ParameterError(`bandsPerOctave must be a positive integer, got ${bandsPerOctave}`);
  const n = Math.round(Math.log2(maxBpm / minBpm) * bandsPerOctave) + 1;
  return Float64Array.from({ length: n }, (_, j) => minBpm * 2 ** (j / bandsPerOctave));
}

/** The largest lag any band of `axis` reads at this frame rate (the lag of the lowest band's lower edge). */
export function maxTempoLag(axis: TempoAxis, framesPerSecond: number): number {
  return Math.ceil((60 * framesPerSecond) / (axis.minBpm * 2 ** (-0.5 / axis.bandsPerOctave)));
}

/**
 * Periodicity profile on a log-tempo axis: for each band j (centre c_j, edges c_j · 2^(±1/(2 · bandsPerOctave))),
 * the largest autocovariance over the lags k whose tempo 60 · fps / k falls in the band (0 if none does).
 *
 * The axis is logarithmic so that a tempo change shifts the profile (×2 = bandsPerOctave bands) instead of
 * stretching it, and one band holds roughly the same relative tempo range everywhere. A track's pulse,
 * its half- and double-time, and swing or triplet feels show up as peaks at their tempi.
 */
export function periodicityProfile(ac: Float64Array, framesPerSecond: number, axis: TempoAxis): Float64Array {
  if (!(framesPerSecond > 0)) throw new ParameterError(`framesPerSecond must be > 0, got ${framesPerSecond}`);
  const centres = tempoBandCentres(axis);
  const half = 2 ** (0.5 / axis.bandsPerOctave);
  const out = new Float64Array(centres.length);
  for (let j = 0; j < centres.length; j++) {
    // Lags with c/half <= 60 fps / k < c·half.
    const kLo = Math.max(1, Math.floor((60 * framesPerSecond) / (centres[j] * half)) + 1);
    const kHi = Math.min(ac.length - 1, Math.floor((60 * framesPerSecond * half) / centres[j]));
    let best = -Infinity;
    for (let k = kLo; k <= kHi; k++) if (ac[k] > best) best = ac[k];
    out[j] = best === -Infinity ? 0 : best;
  }
  return out;
}

export interface OnsetRateOptions {
  /** Frames either side a peak must dominate (librosa onset_detect's pre_max/post_max ≈ 30 ms → 1 frame; we use more to count notes, not flams). */
  maxRadius: number;
  /** Frames either side of the local mean a peak must exceed by `delta`. */
  meanRadius: number;
  /** Threshold above the local mean, on the envelope scaled to [0, 1] (librosa's delta = 0.07). */
  delta: number;
}

/**
 * Onsets per second: peaks of the envelope, scaled to [0, 1] by its range as librosa.onset.onset_detect does,
 * that are the maximum within ±maxRadius frames and exceed the mean within ±meanRadius frames by `delta`.
 * A flat envelope has no onsets (0).
 */
export function onsetRate(envelope: ArrayLike<number>, framesPerSecond: number, opts: OnsetRateOptions): number {
  const n = envelope.length;
  if (n === 0) return 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < n; t++) {
    lo = Math.min(lo, envelope[t]);
    hi = Math.max(hi, envelope[t]);
  }
  if (!(hi - lo > 0)) return 0;
  const scale = 1 / (hi - lo);
  // Prefix sums for the local means.
  const prefix = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) prefix[t + 1] = prefix[t] + (envelope[t] - lo) * scale;
  let count = 0;
  for (let t = 0; t < n; t++) {
    const v = (envelope[t] - lo) * scale;
    let isMax = true;
    for (let u = Math.max(0, t - opts.maxRadius); u <= Math.min(n - 1, t + opts.maxRadius) && isMax; u++) {
      const w = (envelope[u] - lo) * scale;
      // Ties go to the earliest frame, so a plateau counts once.
      if (w > v || (w === v && u < t)) isMax = false;
    }
    if (!isMax) continue;
    const a = Math.max(0, t - opts.meanRadius);
    const b = Math.min(n, t + opts.meanRadius + 1);
    if (v >= (prefix[b] - prefix[a]) / (b - a) + opts.delta) count++;
  }
  return (count * framesPerSecond) / n;
}
