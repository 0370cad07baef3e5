/** Autocorrelation tempogram and global/local tempo estimation (librosa.feature.tempogram, librosa.feature.tempo). */
import { ParameterError } from '../errors.js';
import { Autocorrelator, fastFftSize } from './autocorrelate.js';
import { realFft } from './fft.js';
import { LOAD_DEFAULTS, STFT_DEFAULTS, TEMPO_DEFAULTS, TEMPOGRAM_DEFAULTS } from './defaults.js';
import { createFrameMatrix, type FrameMatrix } from './frame-matrix.js';
import { medianInPlace, onsetStrength } from './onset.js';
import { getWindow, type WindowName } from './window.js';

/** An onset envelope as produced by {@link onsetStrength} (or any per-frame novelty curve). */
export type OnsetEnvelope = Float32Array | Float64Array;

/**
 * librosa.tempo_frequencies: BPM of each autocorrelation lag, 60 · sr / (hop · lag);
 * lag 0 is +Infinity.
 */
export function tempoFrequencies(nBins: number, opts: { sr?: number; hopLength?: number } = {}): Float64Array {
  const sr = opts.sr ?? LOAD_DEFAULTS.sr;
  const hopLength = opts.hopLength ?? STFT_DEFAULTS.hopLength;
  const out = new Float64Array(nBins);
  if (nBins > 0) out[0] = Infinity;
  for (let k = 1; k < nBins; k++) out[k] = (60 * sr) / (hopLength * k);
  return out;
}

export interface TempogramOptions {
  /** Signal, used only when `onsetEnvelope` is absent (onset strength with mean aggregation). */
  y?: Float32Array;
  onsetEnvelope?: OnsetEnvelope;
  sr?: number;
  hopLength?: number;
  /** Autocorrelation window in onset frames, default 384. */
  winLength?: number;
  /** Centre each window on its frame (envelope padded with linear ramps to 0 at both ends). */
  center?: boolean;
  window?: WindowName;
  /** Per-frame normalisation: Infinity (max-abs, default), a p > 0, or null for none. */
  norm?: number | null;
}

interface ResolvedTempogram {
  envelope: OnsetEnvelope;
  winLength: number;
  center: boolean;
  window: Float64Array;
  norm: number | null;
}

function resolveTempogram(opts: TempogramOptions): ResolvedTempogram {
  const winLength = opts.winLength ?? TEMPOGRAM_DEFAULTS.winLength;
  if (!Number.isInteger(winLength) || winLength < 1) throw new ParameterError(`win_length must be a positive integer, got ${winLength}`);
  const norm = opts.norm === undefined ? TEMPOGRAM_DEFAULTS.norm : opts.norm;
  if (norm !== null && !(norm > 0)) throw new ParameterError(`norm must be Infinity, a positive number or null; got ${norm}`);
  const envelope = opts.onsetEnvelope ?? envelopeFromSignal(opts.y, opts.sr, opts.hopLength);
  if (envelope.length === 0) throw new ParameterError('onset envelope is empty (0 frames)');
  const center = opts.center ?? TEMPOGRAM_DEFAULTS.center;
  if (!center && envelope.length < winLength) {
    throw new ParameterError(`onset envelope of ${envelope.length} frames is shorter than win_length=${winLength}; use center=true or a smaller win_length`);
  }
  return { envelope, winLength, center, window: getWindow(opts.window ?? TEMPOGRAM_DEFAULTS.window, winLength), norm };
}

function envelopeFromSignal(y: Float32Array | undefined, sr: number | undefined, hopLength: number | undefined): Float32Array {
  if (!y) throw new ParameterError('give either y (audio samples) or onsetEnvelope');
  return onsetStrength({ y, sr, hopLength });
}

/**
 * The envelope as the windows read it: when centred, np.pad(mode='linear_ramp', end_values=0) by
 * winLength // 2 on each side, ramps from 0 up to (not including) each edge value, rounded to the
 * envelope's precision as numpy does.
 */
function paddedEnvelope(r: ResolvedTempogram): Float64Array {
  const { envelope, winLength, center } = r;
  const n = envelope.length;
  const half = center ? Math.floor(winLength / 2) : 0;
  const padded = new Float64Array(n + 2 * half);
  const round = envelope instanceof Float32Array ? Math.fround : (x: number) => x;
  const first = envelope[0];
  const last = envelope[n - 1];
  for (let i = 0; i < half; i++) {
    padded[i] = round(i * (first / half));
    padded[half + n + i] = round((half - 1 - i) * (last / half));
  }
  padded.set(envelope, half);
  return padded;
}

/**
 * Walks the tempogram frame by frame: `sink(t, ac)` gets the normalised windowed autocorrelation of
 * frame t (lags 0..winLength-1). The buffer is reused, so sinks must copy what they keep.
 */
function eachTempogramFrame(r: ResolvedTempogram, sink: (t: number, ac: Float64Array) => void): number {
  const { envelope, winLength, center, window, norm } = r;
  const padded = paddedEnvelope(r);
  const nFrames = center ? envelope.length : envelope.length - winLength + 1;
  const ac = new Autocorrelator(winLength);
  const out = new Float64Array(winLength);
  for (let t = 0; t < nFrames; t++) {
    ac.run(padded.subarray(t, t + winLength), out, window);
    normalizeInPlace(out, norm);
    sink(t, out);
  }
  return nFrames;
}

/** librosa.util.normalize on one vector: divide by its p-norm unless that is below the float64 tiny. */
function normalizeInPlace(v: Float64Array, norm: number | null): void {
  if (norm === null) return;
  let length = 0;
  if (norm === Infinity) {
    for (let i = 0; i < v.length; i++) {
      const a = Math.abs(v[i]);
      if (a > length) length = a;
    }
  } else {
    for (let i = 0; i < v.length; i++) length += Math.pow(Math.abs(v[i]), norm);
    length = Math.pow(length, 1 / norm);
  }
  // Below numpy's float64 tiny librosa leaves the vector as is (so silent frames stay zero).
  if (!(length >= 2.2250738585072014e-308)) return;
  for (let i = 0; i < v.length; i++) v[i] /= length;
}

/**
 * The time average of the max-normalised tempogram, without computing it frame by frame.
 *
 * An autocorrelation peaks at lag 0, so max-normalising frame t divides it by e_t = Σ_n x_t[n]². The mean
 * over frames is then linear in the power spectra: mean_t ac_t / e_t = irfft( Σ_t |X_t|² / e_t ) / T.
 * One forward FFT per frame and a single inverse (done exactly, in float64) instead of two FFTs, a
 * normalisation and an accumulation per frame; frames with e_t below the float64 tiny stay zero, as in librosa.
 */
function meanTempogram(r: ResolvedTempogram): Float64Array {
  const { winLength, window } = r;
  const padded = paddedEnvelope(r);
  const nFrames = r.center ? r.envelope.length : r.envelope.length - winLength + 1;
  const n = fastFftSize(2 * winLength - 1);
  const fft = realFft(n);
  const half = n >> 1;
  const frame = new Float32Array(n);
  const re = new Float64Array(half + 1);
  const im = new Float64Array(half + 1);
  const power = new Float64Array(half + 1);
  for (let t = 0; t < nFrames; t++) {
    let energy = 0;
    for (let i = 0; i < winLength; i++) {
      const x = padded[t + i] * window[i];
      frame[i] = x;
      energy += x * x;
    }
    if (!(energy >= 2.2250738585072014e-308)) continue;
    fft.forward(frame, re, im);
    const w = 1 / energy;
    for (let j = 0; j <= half; j++) power[j] += (re[j] * re[j] + im[j] * im[j]) * w;
  }
  // ac[k] = (1 / (n T)) Σ_{j=0}^{n-1} P[j] cos(2π jk / n), with P even: P[n - j] = P[j].
  const cos = new Float64Array(n);
  for (let m = 0; m < n; m++) cos[m] = Math.cos((2 * Math.PI * m) / n);
  const out = new Float64Array(winLength);
  const scale = 1 / (n * nFrames);
  for (let k = 0; k < winLength; k++) {
    let acc = power[0] + power[half] * (k % 2 === 0 ? 1 : -1);
    for (let j = 1, m = k; j < half; j++) {
      acc += 2 * power[j] * cos[m];
      m += k;
      if (m >= n) m -= n;
    }
    out[k] = acc * scale;
  }
  return out;
}

/**
 * librosa.feature.tempogram (autocorrelation tempogram): for each onset frame t,
 *
 *   tg[k, t] = normalize_k( Σ_n x_t[n] x_t[n + k] ),   x_t[n] = w[n] · env_padded[t + n],
 *
 * w the periodic Hann window of winLength frames, env padded by winLength // 2 linear ramps when centred.
 * Returns a FrameMatrix with `nBins = winLength` lags per frame (frame-major; librosa's is [lags, frames]).
 */
export function tempogram(opts: TempogramOptions): FrameMatrix {
  const r = resolveTempogram(opts);
  const nFrames = r.center ? r.envelope.length : r.envelope.length - r.winLength + 1;
  const tg = createFrameMatrix(r.winLength, nFrames);
  eachTempogramFrame(r, (t, ac) => tg.data.set(ac, t * r.winLength));
  return tg;
}

/** Reduces one lag's values over all frames to a single value (librosa's np.mean etc.). */
export type TempoAggregate = 'mean' | 'median' | ((values: Float64Array) => number);

export interface TempoOptions {
  /** Signal, used only when neither `onsetEnvelope` nor `tg` is given. */
  y?: Float32Array;
  onsetEnvelope?: OnsetEnvelope;
  /** A precomputed tempogram; its nBins sets the window length and acSize is ignored. */
  tg?: FrameMatrix;
  sr?: number;
  hopLength?: number;
  /** Centre of the log-normal tempo prior, BPM > 0 (default 120). */
  startBpm?: number;
  /** Width of that prior in octaves (default 1). */
  stdBpm?: number;
  /** Autocorrelation window in seconds (default 8). */
  acSize?: number;
  /** Tempi at or above this are excluded; null keeps every lag (default 320). */
  maxTempo?: number | null;
  /** Reduce the tempogram over time first (default 'mean'); null estimates one tempo per frame. */
  aggregate?: TempoAggregate | null;
  /** Log-density over BPM replacing the log-normal prior (librosa's `prior.logpdf`); startBpm/stdBpm are then unused. */
  prior?: (bpm: number) => number;
}

/**
 * librosa.feature.tempo: the lag k maximising
 *
 *   log1p(10⁶ · tg[k]) + log prior(bpm_k),   bpm_k = 60 · sr / (hop · k),
 *   log prior = -½ ((log2 bpm_k - log2 startBpm) / stdBpm)²,  -∞ for bpm_k >= maxTempo,
 *
 * over the (time-aggregated) autocorrelation tempogram with winLength = floor(floor(acSize · sr) / hop).
 * Returns one BPM value, or one per frame when `aggregate` is null; always a value on the lag grid.
 */
export function tempo(opts: TempoOptions & { aggregate: null }): Float64Array;
export function tempo(opts: TempoOptions & { aggregate?: TempoAggregate }): number;
export function tempo(opts: TempoOptions): number | Float64Array;
export function tempo(opts: TempoOptions): number | Float64Array {
  const sr = opts.sr ?? LOAD_DEFAULTS.sr;
  const hopLength = opts.hopLength ?? STFT_DEFAULTS.hopLength;
  const startBpm = opts.startBpm ?? TEMPO_DEFAULTS.startBpm;
  const stdBpm = opts.stdBpm ?? TEMPO_DEFAULTS.stdBpm;
  const acSize = opts.acSize ?? TEMPO_DEFAULTS.acSize;
  const maxTempo = opts.maxTempo === undefined ? TEMPO_DEFAULTS.maxTempo : opts.maxTempo;
  const aggregate = opts.aggregate === undefined ? TEMPO_DEFAULTS.aggregate : opts.aggregate;
  if (!(startBpm > 0)) throw new ParameterError(`start_bpm must be strictly positive, got ${startBpm}`);
  if (!(stdBpm > 0)) throw new ParameterError(`std_bpm must be strictly positive, got ${stdBpm}`);
  if (!(sr > 0)) throw new ParameterError(`sr must be > 0, got ${sr}`);
  if (!Number.isInteger(hopLength) || hopLength < 1) throw new ParameterError(`hop_length must be a positive integer, got ${hopLength}`);
  if (maxTempo !== null && !(maxTempo > 0)) throw new ParameterError(`max_tempo must be > 0 or null, got ${maxTempo}`);
  if (aggregate !== null && aggregate !== 'mean' && aggregate !== 'median' && typeof aggregate !== 'function') {
    throw new ParameterError(`aggregate must be 'mean', 'median', a function or null; got '${String(aggregate)}'`);
  }

  let winLength: number;
  let resolved: ResolvedTempogram | undefined;
  if (opts.tg) {
    winLength = opts.tg.nBins;
  } else {
    if (!(acSize > 0)) throw new ParameterError(`ac_size must be > 0 seconds, got ${acSize}`);
    // librosa.time_to_frames: samples = floor(t · sr), frames = floor(samples / hop).
    winLength = Math.floor(Math.floor(acSize * sr) / hopLength);
    if (winLength < 1) throw new ParameterError(`ac_size=${acSize} s is shorter than one hop (${hopLength} samples at ${sr} Hz)`);
    const envelope = opts.onsetEnvelope ?? envelopeFromSignal(opts.y, sr, hopLength);
    resolved = resolveTempogram({ onsetEnvelope: envelope, winLength });
  }

  const bpms = tempoFrequencies(winLength, { sr, hopLength });
  const logPrior = new Float64Array(winLength);
  const log2Start = Math.log2(startBpm);
  for (let k = 0; k < winLength; k++) {
    if (opts.prior) logPrior[k] = opts.prior(bpms[k]);
    else {
      const z = (Math.log2(bpms[k]) - log2Start) / stdBpm;
      logPrior[k] = -0.5 * z * z;
    }
  }
  if (maxTempo !== null) {
    // np.argmax(bpms < max_tempo): the first allowed lag (0 when none is, which then kills nothing).
    let maxIdx = 0;
    while (maxIdx < winLength && !(bpms[maxIdx] < maxTempo)) maxIdx++;
    if (maxIdx === winLength) maxIdx = 0;
    for (let k = 0; k < maxIdx; k++) logPrior[k] = -Infinity;
  }
  const best = (tg: ArrayLike<number>, offset: number): number => bpms[argmaxPosterior(tg, offset, logPrior)];

  if (aggregate === 'mean' && resolved && resolved.norm === Infinity) return best(meanTempogram(resolved), 0);

  if (aggregate === null && resolved) {
    // Per-frame estimates straight from each float64 autocorrelation, without storing the tempogram.
    const out = new Float64Array(resolved.center ? resolved.envelope.length : resolved.envelope.length - winLength + 1);
    eachTempogramFrame(resolved, (t, ac) => (out[t] = best(ac, 0)));
    return out;
  }
  const tg = opts.tg ?? tempogram({ onsetEnvelope: resolved!.envelope, winLength });
  const { nFrames, data } = tg;
  if (aggregate === null) {
    const out = new Float64Array(nFrames);
    for (let t = 0; t < nFrames; t++) out[t] = best(data, t * winLength);
    return out;
  }
  const reduce = aggregate === 'mean' ? meanOf : aggregate === 'median' ? medianInPlace : aggregate;
  const column = new Float64Array(nFrames);
  const agg = new Float64Array(winLength);
  for (let k = 0; k < winLength; k++) {
    for (let t = 0; t < nFrames; t++) column[t] = data[t * winLength + k];
    agg[k] = reduce(column);
  }
  return best(agg, 0);
}

function meanOf(v: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < v.length; i++) acc += v[i];
  return acc / v.length;
}

/** np.argmax over k of log1p(1e6 · tg[k]) + logPrior[k]: the first index of the maximum. */
function argmaxPosterior(tg: ArrayLike<number>, offset: number, logPrior: Float64Array): number {
  let bestK = 0;
  let bestV = -Infinity;
  let seen = false;
  for (let k = 0; k < logPrior.length; k++) {
    const v = Math.log1p(1e6 * tg[offset + k]) + logPrior[k];
    // numpy's argmax returns the first NaN if there is one; otherwise the first maximum.
    if (Number.isNaN(v)) return k;
    if (!seen || v > bestV) {
      bestV = v;
      bestK = k;
      seen = true;
    }
  }
  return bestK;
}
