/** Mel scale conversions, the mel filterbank and the mel spectrogram (librosa.filters.mel, librosa.feature.melspectrogram). */
import { ParameterError } from '../errors.js';
import { createFrameMatrix, type FrameMatrix } from './frame-matrix.js';
import { MEL_DEFAULTS } from './defaults.js';
import { spectrogram, type SpectrogramOptions } from './stft.js';

// Slaney's Auditory Toolbox scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

/** librosa.hz_to_mel: HTK is 2595 log10(1 + f / 700); Slaney is linear to 1 kHz then log. */
export function hzToMel(f: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + f / 700);
  return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOG_STEP : f / F_SP;
}

/** librosa.mel_to_hz, the inverse of {@link hzToMel}. */
export function melToHz(m: number, htk = false): number {
  if (htk) return 700 * (Math.pow(10, m / 2595) - 1);
  return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (m - MIN_LOG_MEL)) : F_SP * m;
}

/** librosa.mel_frequencies: n frequencies (Hz) evenly spaced on the mel scale from fmin to fmax inclusive. */
export function melFrequencies(n: number, fmin: number, fmax: number, htk = false): Float64Array {
  const lo = hzToMel(fmin, htk);
  const hi = hzToMel(fmax, htk);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = melToHz(n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1), htk);
  return out;
}

/**
 * A bank of filters over FFT bins: row f is `weights[f * nBins ..]` (librosa's [n_filters, 1 + n_fft/2]).
 * `start[f]`/`end[f]` bound the non-zero bins of row f, so applying the bank skips the zeros.
 */
export interface FilterBank {
  weights: Float32Array;
  nFilters: number;
  nBins: number;
  start: Int32Array;
  end: Int32Array;
}

/** Records each row's non-zero span so products can skip zeros. */
export function withSpans(weights: Float32Array, nFilters: number, nBins: number): FilterBank {
  const start = new Int32Array(nFilters);
  const end = new Int32Array(nFilters);
  for (let f = 0; f < nFilters; f++) {
    const row = f * nBins;
    let s = 0;
    while (s < nBins && weights[row + s] === 0) s++;
    let e = nBins;
    while (e > s && weights[row + e - 1] === 0) e--;
    start[f] = s;
    end[f] = e;
  }
  return { weights, nFilters, nBins, start, end };
}

export type MelNorm = 'slaney' | number | null;

export interface MelFilterOptions {
  sr: number;
  nFft: number;
  nMels?: number;
  fmin?: number;
  /** Default sr / 2. */
  fmax?: number;
  /** HTK mel formula instead of Slaney's. */
  htk?: boolean;
  /** 'slaney' scales each triangle by 2 / (its width in Hz); a number p divides each row by its p-norm; null leaves peaks at 1. */
  norm?: MelNorm;
}

const melCache = new Map<string, FilterBank>();

/**
 * librosa.filters.mel: triangular filters centred on nMels + 2 mel-spaced edges.
 * Weights are float32 like librosa's; cached because the bank depends only on its parameters.
 */
export function melFilterBank(opts: MelFilterOptions): FilterBank {
  const { sr, nFft } = opts;
  const nMels = opts.nMels ?? MEL_DEFAULTS.nMels;
  const fmin = opts.fmin ?? MEL_DEFAULTS.fmin;
  const fmax = opts.fmax ?? sr / 2;
  const htk = opts.htk ?? MEL_DEFAULTS.htk;
  const norm = opts.norm === undefined ? MEL_DEFAULTS.norm : opts.norm;
  if (!(sr > 0)) throw new ParameterError(`sr must be > 0, got ${sr}`);
  if (!Number.isInteger(nMels) || nMels < 1) throw new ParameterError(`n_mels must be a positive integer, got ${nMels}`);
  if (!(fmin >= 0 && fmax > fmin)) throw new ParameterError(`need 0 <= fmin < fmax, got fmin=${fmin} fmax=${fmax}`);
  const key = JSON.stringify([sr, nFft, nMels, fmin, fmax, htk, norm]);
  const cached = melCache.get(key);
  if (cached) return cached;

  const nBins = Math.floor(nFft / 2) + 1;
  const melF = melFrequencies(nMels + 2, fmin, fmax, htk);
  const weights = new Float32Array(nMels * nBins);
  for (let m = 0; m < nMels; m++) {
    const lowerWidth = melF[m + 1] - melF[m];
    const upperWidth = melF[m + 2] - melF[m + 1];
    const enorm = norm === 'slaney' ? 2 / (melF[m + 2] - melF[m]) : 1;
    for (let k = 0; k < nBins; k++) {
      const f = (k * sr) / nFft;
      const lower = (f - melF[m]) / lowerWidth;
      const upper = (melF[m + 2] - f) / upperWidth;
      const w = Math.max(0, Math.min(lower, upper));
      weights[m * nBins + k] = w * enorm;
    }
  }
  if (typeof norm === 'number') normalizeRows(weights, nMels, nBins, norm);
  const bank = withSpans(weights, nMels, nBins);
  melCache.set(key, bank);
  return bank;
}

/** librosa.util.normalize along each row with the p-norm (Infinity = max-abs). Zero rows stay zero. */
function normalizeRows(w: Float32Array, rows: number, cols: number, p: number): void {
  if (!(p > 0)) throw new ParameterError(`mel norm must be 'slaney', a positive number or null; got ${p}`);
  for (let r = 0; r < rows; r++) {
    let acc = 0;
    for (let c = 0; c < cols; c++) {
      const a = Math.abs(w[r * cols + c]);
      acc = p === Infinity ? Math.max(acc, a) : acc + Math.pow(a, p);
    }
    const n = p === Infinity ? acc : Math.pow(acc, 1 / p);
    if (n > 0) for (let c = 0; c < cols; c++) w[r * cols + c] /= n;
  }
}

/** Applies a filterbank to every frame of a spectrogram: out[t, f] = Σ_k weights[f, k] · S[t, k]. */
export function applyFilterBank(bank: FilterBank, s: FrameMatrix): FrameMatrix {
  if (s.nBins !== bank.nBins) {
    throw new ParameterError(`spectrogram has ${s.nBins} bins but the filterbank expects ${bank.nBins} (n_fft mismatch)`);
  }
  const { weights, nFilters, nBins, start, end } = bank;
  const out = createFrameMatrix(nFilters, s.nFrames);
  const src = s.data;
  const dst = out.data;
  for (let t = 0; t < s.nFrames; t++) {
    const sBase = t * nBins;
    const oBase = t * nFilters;
    for (let f = 0; f < nFilters; f++) {
      const wBase = f * nBins;
      let acc = 0;
      for (let k = start[f]; k < end[f]; k++) acc += weights[wBase + k] * src[sBase + k];
      dst[oBase + f] = acc;
    }
  }
  return out;
}

export interface MelSpectrogramOptions extends Omit<SpectrogramOptions, 'y'>, Omit<MelFilterOptions, 'nFft'> {
  /** Signal; or pass a precomputed spectrogram `S` (|STFT|^power) instead. */
  y?: Float32Array;
  S?: FrameMatrix;
}

/** librosa.feature.melspectrogram: mel filterbank × |STFT|^power (power 2 by default). */
export function melSpectrogram(opts: MelSpectrogramOptions): FrameMatrix {
  const nFft = opts.nFft ?? 2048;
  const S = opts.S ?? spectrogram({ ...opts, y: requireSignal(opts.y), nFft, power: opts.power ?? 2 });
  return applyFilterBank(melFilterBank({ ...opts, nFft }), S);
}

/** The shared "audio or precomputed spectrogram" rule: one of them must be given. */
export function requireSignal(y: Float32Array | undefined): Float32Array {
  if (!y) throw new ParameterError('give either y (audio samples) or S (a precomputed spectrogram)');
  return y;
}
