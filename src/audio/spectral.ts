/** Spectral shape descriptors of a magnitude spectrogram (librosa.feature.spectral_centroid, _bandwidth, _rolloff, _flatness, _contrast). */
import { ParameterError } from '../errors.js';
import { powerToDb } from './db.js';
import { LOAD_DEFAULTS, SPECTRAL_DEFAULTS, STFT_DEFAULTS } from './defaults.js';
import { createFrameMatrix, type FrameMatrix } from './frame-matrix.js';
import { requireSignal } from './mel.js';
import { fftFrequencies, spectrogram, type StftOptions } from './stft.js';

/** Audio `y` or a precomputed spectrogram `S` (frame-major), plus the STFT settings used when `y` is given. */
export interface SpectrogramSource extends Omit<StftOptions, 'y'> {
  /** Signal; or pass `S`. */
  y?: Float32Array;
  /** Precomputed spectrogram with nFft/2 + 1 bins; used as is (no exponent applied). */
  S?: FrameMatrix;
}

/**
 * librosa.core.spectrum._spectrogram, the one entry point of every spectral feature:
 * `S` as given (n_fft inferred as 2 (bins - 1) unless `nFft` already fits), else |stft(y)|^power.
 * hopLength defaults to 512 as in librosa's feature functions (not winLength / 4).
 */
export function spectrogramSource(opts: SpectrogramSource, power: number): { S: FrameMatrix; nFft: number } {
  if (opts.S) {
    const nBins = opts.S.nBins;
    const nFft = opts.nFft !== undefined && Math.floor(opts.nFft / 2) + 1 === nBins ? opts.nFft : 2 * (nBins - 1);
    return { S: opts.S, nFft };
  }
  const nFft = opts.nFft ?? STFT_DEFAULTS.nFft;
  const S = spectrogram({
    y: requireSignal(opts.y),
    nFft,
    hopLength: opts.hopLength ?? STFT_DEFAULTS.hopLength,
    winLength: opts.winLength,
    window: opts.window,
    center: opts.center,
    padMode: opts.padMode,
    power,
  });
  return { S, nFft };
}

/** Bin centre frequencies: one value per bin (shared by all frames) or a FrameMatrix shaped like S (e.g. reassigned). */
export type BinFrequencies = Float64Array | Float32Array | number[] | FrameMatrix;

export interface SpectralOptions extends SpectrogramSource {
  /** Sample rate (Hz), default 22050. */
  sr?: number;
  /** Centre frequency of each bin; default the FFT bin frequencies k sr / nFft. */
  freq?: BinFrequencies;
}

// numpy.finfo(float32).tiny: librosa.util.normalize leaves frames whose norm is below it unnormalised.
const FLOAT32_TINY = 1.1754943508222875e-38;

function isMatrix(f: BinFrequencies): f is FrameMatrix {
  return (f as FrameMatrix).nFrames !== undefined;
}

/** Resolves `freq`: frame t reads data[(perFrame ? t · nBins : 0) + k]. */
function resolveFreq(opts: SpectralOptions, S: FrameMatrix, nFft: number): { data: ArrayLike<number>; perFrame: boolean } {
  const f = opts.freq;
  if (f === undefined) return { data: fftFrequencies(opts.sr ?? LOAD_DEFAULTS.sr, nFft), perFrame: false };
  if (isMatrix(f)) {
    if (f.nBins !== S.nBins || f.nFrames !== S.nFrames) {
      throw new ParameterError(`freq has shape [${f.nBins}, ${f.nFrames}] but S has [${S.nBins}, ${S.nFrames}]`);
    }
    return { data: f.data, perFrame: true };
  }
  if (f.length !== S.nBins) throw new ParameterError(`freq has ${f.length} values but S has ${S.nBins} bins`);
  // One array type in the hot loops keeps them monomorphic.
  return { data: f instanceof Float64Array ? f : Float64Array.from(f), perFrame: false };
}

function checkSr(sr: number | undefined): void {
  if (sr !== undefined && !(sr > 0)) throw new ParameterError(`sr must be > 0, got ${sr}`);
}

/** Spectrogram data already checked, so the several descriptors of one spectrogram scan it once. */
const checkedNonNegative = new WeakSet<Float32Array>();

function assertNonNegative(S: FrameMatrix, feature: string): void {
  const d = S.data;
  if (checkedNonNegative.has(d)) return;
  for (let i = 0; i < d.length; i++) {
    if (d[i] < 0) throw new ParameterError(`${feature} is only defined with non-negative energies; S has ${d[i]} at index ${i}`);
  }
  checkedNonNegative.add(d);
}

/**
 * librosa.feature.spectral_centroid: per frame, the magnitude-weighted mean frequency
 *
 *   centroid[t] = Σ_k freq[k] S[k, t] / Σ_k S[k, t]   (Hz),
 *
 * on |STFT(y)| or the given magnitude spectrogram. As in librosa.util.normalize, a frame whose sum is
 * below float32 tiny is not divided (so silence gives 0). Returns a 1-row FrameMatrix.
 */
export function spectralCentroid(opts: SpectralOptions): FrameMatrix {
  checkSr(opts.sr);
  const { S, nFft } = spectrogramSource(opts, 1);
  assertNonNegative(S, 'spectral centroid');
  return centroidOf(S, resolveFreq(opts, S, nFft));
}

function centroidOf(S: FrameMatrix, freq: { data: ArrayLike<number>; perFrame: boolean }): FrameMatrix {
  const { nBins, nFrames, data } = S;
  const out = createFrameMatrix(1, nFrames);
  const f = freq.data;
  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    const fBase = freq.perFrame ? base : 0;
    let sum = 0;
    let weighted = 0;
    for (let k = 0; k < nBins; k++) {
      const s = data[base + k];
      sum += s;
      weighted += f[fBase + k] * s;
    }
    out.data[t] = weighted / (sum < FLOAT32_TINY ? 1 : sum);
  }
  return out;
}

export interface SpectralBandwidthOptions extends SpectralOptions {
  /** Precomputed centroid (one value per frame); computed from S when absent. */
  centroid?: FrameMatrix | Float32Array | Float64Array;
  /** Divide each frame by its sum first (default true). */
  norm?: boolean;
  /** Order of the deviation, > 0 (default 2). */
  p?: number;
}

/**
 * librosa.feature.spectral_bandwidth: p-th order spread around the centroid,
 *
 *   bandwidth[t] = ( Σ_k S[k, t] |freq[k] - centroid[t]|^p )^(1/p),
 *
 * with S divided by its per-frame sum when `norm` (default), Hz for p = 2. Returns a 1-row FrameMatrix.
 */
export function spectralBandwidth(opts: SpectralBandwidthOptions): FrameMatrix {
  checkSr(opts.sr);
  const p = opts.p ?? SPECTRAL_DEFAULTS.p;
  if (!(p > 0)) throw new ParameterError(`p must be > 0, got ${p}`);
  const norm = opts.norm ?? true;
  const { S, nFft } = spectrogramSource(opts, 1);
  assertNonNegative(S, 'spectral bandwidth');
  const freq = resolveFreq(opts, S, nFft);
  let centroid: ArrayLike<number>;
  if (opts.centroid) {
    centroid = 'data' in opts.centroid ? opts.centroid.data : opts.centroid;
    if (centroid.length !== S.nFrames) throw new ParameterError(`centroid has ${centroid.length} values but S has ${S.nFrames} frames`);
  } else {
    centroid = centroidOf(S, freq).data;
  }
  const { nBins, nFrames, data } = S;
  const f = freq.data;
  const out = createFrameMatrix(1, nFrames);
  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    const fBase = freq.perFrame ? base : 0;
    const c = centroid[t];
    let sum = 0;
    let acc = 0;
    if (p === 2) {
      for (let k = 0; k < nBins; k++) {
        const s = data[base + k];
        const d = f[fBase + k] - c;
        sum += s;
        acc += s * d * d;
      }
    } else {
      for (let k = 0; k < nBins; k++) {
        const s = data[base + k];
        sum += s;
        acc += s * Math.pow(Math.abs(f[fBase + k] - c), p);
      }
    }
    if (norm && sum >= FLOAT32_TINY) acc /= sum;
    out.data[t] = p === 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / p);
  }
  return out;
}

export interface SpectralRolloffOptions extends SpectralOptions {
  /** Fraction of the frame's total magnitude, in (0, 1); default 0.85. */
  rollPercent?: number;
}

/**
 * librosa.feature.spectral_rolloff: the lowest bin frequency at which the cumulative magnitude reaches
 * rollPercent of the frame total,
 *
 *   rolloff[t] = min { freq[k] : Σ_{j<=k} S[j, t] >= rollPercent · Σ_j S[j, t] }.
 *
 * The cumulative sum and the threshold are rounded to float32 as numpy does on librosa's float32
 * spectrogram, so the bin chosen at a step matches librosa's whenever S does. Returns a 1-row FrameMatrix.
 */
export function spectralRolloff(opts: SpectralRolloffOptions): FrameMatrix {
  checkSr(opts.sr);
  const rollPercent = opts.rollPercent ?? SPECTRAL_DEFAULTS.rollPercent;
  if (!(rollPercent > 0 && rollPercent < 1)) throw new ParameterError(`roll_percent must lie in the range (0, 1), got ${rollPercent}`);
  const { S, nFft } = spectrogramSource(opts, 1);
  assertNonNegative(S, 'spectral rolloff');
  const freq = resolveFreq(opts, S, nFft);
  const { nBins, nFrames, data } = S;
  const f = freq.data;
  const roll32 = Math.fround(rollPercent);
  const out = createFrameMatrix(1, nFrames);
  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    const fBase = freq.perFrame ? base : 0;
    // float32 running sums, as numpy's cumsum over librosa's float32 S, so ties fall in the same bin.
    let total = 0;
    for (let k = 0; k < nBins; k++) total = Math.fround(total + data[base + k]);
    const threshold = Math.fround(roll32 * total);
    let best = Infinity;
    let acc = 0;
    for (let k = 0; k < nBins; k++) {
      acc = Math.fround(acc + data[base + k]);
      if (acc >= threshold && f[fBase + k] < best) {
        best = f[fBase + k];
        // Sorted (shared) frequencies: the first qualifying bin is the minimum.
        if (!freq.perFrame) break;
      }
    }
    out.data[t] = best;
  }
  return out;
}

export interface SpectralFlatnessOptions extends SpectrogramSource {
  /** Floor applied to S^power before the logarithm, > 0 (default 1e-10). */
  amin?: number;
  /** Exponent applied to the magnitude spectrogram, > 0 (default 2: power). */
  power?: number;
}

/**
 * librosa.feature.spectral_flatness: geometric over arithmetic mean of the floored power spectrum,
 *
 *   flatness[t] = exp(mean_k log X[k, t]) / mean_k X[k, t],   X = max(amin, S^power),
 *
 * in [0, 1]: ~1 for white noise, ~0 for a pure tone. `S` is a magnitude spectrogram. Returns a 1-row FrameMatrix.
 */
export function spectralFlatness(opts: SpectralFlatnessOptions): FrameMatrix {
  const amin = opts.amin ?? SPECTRAL_DEFAULTS.amin;
  const power = opts.power ?? SPECTRAL_DEFAULTS.flatnessPower;
  if (!(amin > 0)) throw new ParameterError(`amin must be strictly positive, got ${amin}`);
  if (!(power > 0)) throw new ParameterError(`power must be > 0, got ${power}`);
  const { S } = spectrogramSource(opts, 1);
  assertNonNegative(S, 'spectral flatness');
  const { nBins, nFrames, data } = S;
  const out = createFrameMatrix(1, nFrames);
  // Each factor lies in [amin, (float32 max)²]; with amin >= 1e-60 one step cannot leave double range from [1e-200, 1e200].
  const chunked = power === 2 && amin >= 1e-60;
  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    let logSum = 0;
    let sum = 0;
    if (chunked) {
      // log of running products instead of one log per bin (the loop's cost); renormalised long before over/underflow.
      let prod = 1;
      for (let k = 0; k < nBins; k++) {
        const s = data[base + k];
        const x = Math.max(amin, s * s);
        sum += x;
        prod *= x;
        if (prod > 1e200 || prod < 1e-200) {
          logSum += Math.log(prod);
          prod = 1;
        }
      }
      logSum += Math.log(prod);
    } else {
      for (let k = 0; k < nBins; k++) {
        const x = Math.max(amin, Math.pow(data[base + k], power));
        logSum += Math.log(x);
        sum += x;
      }
    }
    out.data[t] = Math.exp(logSum / nBins) / (sum / nBins);
  }
  return out;
}

export interface SpectralContrastOptions extends SpectrogramSource {
  /** Sample rate (Hz), default 22050. */
  sr?: number;
  /** Centre frequency of each bin (one per bin); default the FFT bin frequencies. */
  freq?: Float64Array | Float32Array | number[];
  /** Upper edge of the first band [0, fmin]; later bands are octaves above it. > 0, default 200 Hz. */
  fmin?: number;
  /** Number of octave bands above the first (integer >= 1, default 6); the result has nBands + 1 rows. */
  nBands?: number;
  /** Fraction of each band's bins averaged for the peak and the valley, in (0, 1); default 0.02. */
  quantile?: number;
  /** Return peak - valley instead of the dB difference. */
  linear?: boolean;
}

/**
 * librosa.feature.spectral_contrast: per octave band b and frame t,
 *
 *   contrast[b, t] = power_to_db(peak[b, t]) - power_to_db(valley[b, t])   (or peak - valley if `linear`),
 *
 * where peak / valley are the means of the n = max(1, rint(quantile · |band|)) largest / smallest magnitudes
 * of the band. Bands are [0, fmin], [fmin, 2 fmin], ..., [fmin 2^(nBands-1), fmin 2^nBands], then up to
 * Nyquist. Band edges as in librosa's source: a band holds the bins with low <= freq <= high plus, above
 * the first band, the bin just below; the last band also takes every bin above; every band but the last
 * then drops its highest bin (while |band| still counts it). power_to_db uses ref 1, amin 1e-10 and an
 * 80 dB floor below the maximum of the whole peak (resp. valley) matrix. Returns nBands + 1 rows.
 */
export function spectralContrast(opts: SpectralContrastOptions): FrameMatrix {
  const sr = opts.sr ?? LOAD_DEFAULTS.sr;
  const fmin = opts.fmin ?? SPECTRAL_DEFAULTS.contrastFmin;
  const nBands = opts.nBands ?? SPECTRAL_DEFAULTS.nBands;
  const quantile = opts.quantile ?? SPECTRAL_DEFAULTS.quantile;
  checkSr(sr);
  if (!Number.isInteger(nBands) || nBands < 1) throw new ParameterError(`n_bands must be a positive integer, got ${nBands}`);
  if (!(quantile > 0 && quantile < 1)) throw new ParameterError(`quantile must lie in the range (0, 1), got ${quantile}`);
  if (!(fmin > 0)) throw new ParameterError(`fmin must be a positive number, got ${fmin}`);
  // The last band starts at fmin 2^(nBands-1)... every band start must lie below Nyquist.
  if (fmin * 2 ** (nBands - 1) >= 0.5 * sr) {
    throw new ParameterError(`frequency band exceeds Nyquist: fmin=${fmin} with n_bands=${nBands} at sr=${sr}; reduce fmin or n_bands`);
  }
  const { S, nFft } = spectrogramSource(opts, 1);
  const freq = opts.freq ?? fftFrequencies(sr, nFft);
  if (freq.length !== S.nBins) throw new ParameterError(`freq has ${freq.length} values but S has ${S.nBins} bins`);

  const bands = contrastBands(freq, fmin, nBands, quantile);
  const { nBins, nFrames, data } = S;
  const nRows = nBands + 1;
  const peak = new Float32Array(nRows * nFrames);
  const valley = new Float32Array(nRows * nFrames);
  const scratch = new Float64Array(nBins);
  const lowBuf = new Float64Array(SMALL_QUANTILE);
  const highBuf = new Float64Array(SMALL_QUANTILE);
  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    for (let b = 0; b < nRows; b++) {
      const { bins, n } = bands[b];
      const len = bins.length;
      for (let i = 0; i < len; i++) scratch[i] = data[base + bins[i]];
      let low: number;
      let high: number;
      if (n === 1) {
        low = Infinity;
        high = -Infinity;
        for (let i = 0; i < len; i++) {
          const v = scratch[i];
          if (v < low) low = v;
          if (v > high) high = v;
        }
      } else {
        // n exceeds the sub-band only for tiny bands; numpy's slices then just take all of it.
        const m = Math.min(n, len);
        if (m <= SMALL_QUANTILE) {
          low = sumExtremes(scratch, len, m, lowBuf, true) / m;
          high = sumExtremes(scratch, len, m, highBuf, false) / m;
        } else {
          low = sumSmallest(scratch, len, m) / m;
          high = sumLargest(scratch, len, m) / m;
        }
      }
      valley[t * nRows + b] = low;
      peak[t * nRows + b] = high;
    }
  }
  const out = createFrameMatrix(nRows, nFrames);
  if (opts.linear) {
    for (let i = 0; i < out.data.length; i++) out.data[i] = peak[i] - valley[i];
    return out;
  }
  const peakDb = powerToDb(peak);
  const valleyDb = powerToDb(valley);
  for (let i = 0; i < out.data.length; i++) out.data[i] = peakDb[i] - valleyDb[i];
  return out;
}

interface ContrastBand {
  /** Bins of the sub-band, increasing. */
  bins: Int32Array;
  /** How many bins the peak and valley average. */
  n: number;
}

/** The bin sets of librosa's spectral_contrast bands (see {@link spectralContrast} for the edge rules). */
function contrastBands(freq: ArrayLike<number>, fmin: number, nBands: number, quantile: number): ContrastBand[] {
  const nBins = freq.length;
  const edges = new Float64Array(nBands + 2);
  for (let i = 1; i < nBands + 2; i++) edges[i] = fmin * 2 ** (i - 1);
  const bands: ContrastBand[] = [];
  const mask = new Uint8Array(nBins);
  for (let b = 0; b <= nBands; b++) {
    const lo = edges[b];
    const hi = edges[b + 1];
    mask.fill(0);
    let first = -1;
    let last = -1;
    for (let k = 0; k < nBins; k++) {
      if (freq[k] >= lo && freq[k] <= hi) {
        mask[k] = 1;
        if (first < 0) first = k;
        last = k;
      }
    }
    if (first < 0) throw new ParameterError(`spectral contrast band ${b} (${lo}-${hi} Hz) holds no frequency bin; use a larger n_fft or fmin`);
    // numpy's idx[0] - 1 wraps to the last bin when the band starts at bin 0; librosa inherits that.
    if (b > 0) mask[first > 0 ? first - 1 : nBins - 1] = 1;
    if (b === nBands) mask.fill(1, last + 1);
    let count = 0;
    for (let k = 0; k < nBins; k++) count += mask[k];
    const selected: number[] = [];
    for (let k = 0; k < nBins; k++) if (mask[k]) selected.push(k);
    if (b < nBands) selected.pop();
    bands.push({ bins: Int32Array.from(selected), n: Math.max(1, roundHalfEven(quantile * count)) });
  }
  return bands;
}

/** numpy.rint: round half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// Up to this many values, peaks and valleys come from one insertion pass instead of two quickselects.
const SMALL_QUANTILE = 16;

/** Sum of the m smallest (or largest) of a[0..len), keeping them sorted in buf[0..m) during one pass. */
function sumExtremes(a: Float64Array, len: number, m: number, buf: Float64Array, smallest: boolean): number {
  buf.fill(smallest ? Infinity : -Infinity, 0, m);
  for (let i = 0; i < len; i++) {
    const v = a[i];
    if (smallest ? !(v < buf[m - 1]) : !(v > buf[m - 1])) continue;
    let j = m - 1;
    while (j > 0 && (smallest ? v < buf[j - 1] : v > buf[j - 1])) {
      buf[j] = buf[j - 1];
      j--;
    }
    buf[j] = v;
  }
  let s = 0;
  for (let j = 0; j < m; j++) s += buf[j];
  return s;
}

/** Sum of the m smallest of a[0..len): partial quickselect, then the m leading elements. */
function sumSmallest(a: Float64Array, len: number, m: number): number {
  select(a, 0, len - 1, m - 1);
  let s = 0;
  for (let i = 0; i < m; i++) s += a[i];
  return s;
}

/** Sum of the m largest of a[0..len). */
function sumLargest(a: Float64Array, len: number, m: number): number {
  select(a, 0, len - 1, len - m);
  let s = 0;
  for (let i = len - m; i < len; i++) s += a[i];
  return s;
}

/** Hoare quickselect: rearranges a[lo..hi] so a[k] is the value it would hold sorted, smaller ones before it. */
function select(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three keeps sorted and constant runs (common in spectra) from degrading to O(n²).
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
