/** 'sonicprint-v1': the default fingerprint — timbre, texture, harmony, dynamics and rhythm statistics on comparable scales. */
import { ParameterError } from '../errors.js';
import { PITCH_CLASSES } from '../audio/key.js';
import { tempo as tempoFromTempogram } from '../audio/tempo.js';
import { blockOffsets, type EmbeddingBlock } from './blocks.js';
import type { Embedder } from './embedder.js';
import { analyseFrames, type FrameAnalysis, type FrameAnalysisSettings } from './frame-analysis.js';
import { onsetAutocovariance, onsetRate, periodicityProfile, tempoBandCentres, type TempoAxis } from './rhythm.js';
import { chromaEntropy, chromaFourierMagnitudes } from './tonal.js';

/**
 * Analysis settings of sonicprint-v1. They are part of the model: vectors computed with other values are not
 * comparable, so they are constants, not options (a change means a new embedder id).
 */
export const SONICPRINT_V1_SETTINGS = Object.freeze({
  sr: 22050,
  analysis: Object.freeze({
    nFft: 2048,
    hopLength: 512,
    nMels: 128,
    nMfcc: 20,
    bandFmin: 200,
    octaveBands: 6,
    rollPercent: 0.85,
    chromaSparsity: 0.01,
    flatnessFloorDb: 80,
    descriptorStride: 2,
    onsetBandEdges: Object.freeze([200, 4000]) as readonly [number, number],
  }) satisfies FrameAnalysisSettings,
  /** Sounding frames: within this many dB of the excerpt's loudest frame; the others (fades, gaps) stay out of the frame statistics. */
  gateDb: 60,
  /** Frames below this mean-square level (dBFS of the Hann-windowed frame) are silence, whatever the rest. */
  silenceDb: -100,
  /** Harmonic change compares chroma this far apart (s): chord changes, not frame jitter. */
  harmonicChangeSeconds: 0.5,
  /** Longest lag (s) of the onset autocovariance that tempo estimation reads (librosa.feature.tempo's ac_size = 8 s). */
  tempoAcSeconds: 8,
  /** Log-tempo axis of the periodicity profile: 40 to 320 BPM, four bands per octave. */
  tempoAxis: Object.freeze({ minBpm: 40, maxBpm: 320, bandsPerOctave: 4 }) satisfies TempoAxis,
  /** Shortest excerpt (s) whose rhythm is summarised (the slowest band, 40 BPM, needs lags to 1.6 s); shorter ones get zero rhythm blocks. */
  minRhythmSeconds: 4,
  /** Spreads (std, percentiles, harmonic change) need at least this many sounding frames (~0.2 s); fewer give NaN. */
  minSpreadFrames: 8,
  /** Onset peaks: maximum within ±3 frames (70 ms), 0.07 above the mean within ±10 frames (librosa's delta). */
  onsetPeaks: Object.freeze({ maxRadius: 3, meanRadius: 10, delta: 0.07 }),
  /** Soft limit on each standardised value, c · tanh(z / c): linear within ±2, never beyond ±c. */
  zLimit: 4,
});

/** One dimension: its raw value is standardised as (x - centre) / scale against typical music. */
interface DimensionSpec {
  name: string;
  centre: number;
  scale: number;
}

interface BlockSpec extends Omit<EmbeddingBlock, 'dim'> {
  dims: readonly DimensionSpec[];
}

const N_CEPSTRA = 19;
const OCTAVE_BANDS = ['0-200Hz', '200-400Hz', '400-800Hz', '800-1.6k', '1.6-3.2k', '3.2-6.4k', '6.4k+'];
const TEMPO_CENTRES = tempoBandCentres(SONICPRINT_V1_SETTINGS.tempoAxis);

/**
 * Typical value (centre) and across-track spread (scale) of each raw feature, so that after standardising every
 * dimension varies by about 1 from track to track and a block's share of the distances is its weight. The library
 * subtracts its own mean anyway: centres only keep raw vectors near 0; the scales are what matter.
 *
 * The scales are estimates, not a fit to any catalogue: for the librosa descriptors, the spread seen on
 * commercial-music collections (MFCC means: ≈ 30 dB for c1 falling to ≈ 5 dB by c19, as the cepstrum of a
 * smooth envelope decays; tempo ≈ 0.4 octave); for the rest, the range of the quantity (a share, an entropy, an
 * autocovariance) narrowed to what differs between songs. They were checked on a varied synthetic collection,
 * where every block's share came out within 0.5-1.4× its weight (similarity.test.ts). Refitting them on a real
 * library is the first tuning to do, and makes a new embedder version.
 */
const MFCC_MEAN_SPREAD = [32, 24, 17, 13, 11, 10, 9, 8, 7.5, 7, 6.5, 6.5, 6, 6, 5.5, 5.5, 5.5, 5.5, 5.5];
const MFCC_MEAN_CENTRE = [120, 10, 25, 5, 5, 0, 0, -2, -2, -2, 1, 1, 0, 0, 0, -1, -1, -1, -1];

function dims(prefix: string, names: readonly string[], centre: (i: number) => number, scale: (i: number) => number): DimensionSpec[] {
  return names.map((n, i) => ({ name: `${prefix}${n}`, centre: centre(i), scale: scale(i) }));
}

const cepstra = Array.from({ length: N_CEPSTRA }, (_, i) => String(i + 1));

/**
 * The blocks of sonicprint-v1 in vector order. Weights are each block's intended share of a centred vector's
 * squared norm: timbre 0.30 (envelope 0.20 + its movement 0.10), texture 0.15, harmony 0.20 (absolute pitch
 * classes 0.10 + key-free tonality 0.10), dynamics 0.10, rhythm 0.25 (periodicity 0.15 + onsets 0.10).
 */
const BLOCK_SPECS: readonly BlockSpec[] = Object.freeze([
  {
    name: 'timbre',
    weight: 0.2,
    description: 'Mean MFCC 1-19 over sounding frames: the average spectral envelope (instrumentation, voice, mix), without MFCC 0 (level).',
    dims: dims('mfcc_mean_', cepstra, (i) => MFCC_MEAN_CENTRE[i], (i) => MFCC_MEAN_SPREAD[i]),
  },
  {
    name: 'timbre-motion',
    weight: 0.1,
    description: 'log2 std over frames of MFCC 1-19 and of their deltas (centred frame difference): how much and how fast the timbre moves.',
    dims: [
      ...dims('mfcc_std_', cepstra, (i) => (i < 4 ? 5 - 0.3 * i : 3.5), () => 0.4),
      ...dims('mfcc_delta_std_', cepstra, (i) => (i < 4 ? 3.5 - 0.4 * i : 1.8), () => 0.4),
    ],
  },
  {
    name: 'texture',
    weight: 0.15,
    description:
      'Spectral shape: centroid (mean, std), rolloff and bandwidth in octaves (log2 Hz), flatness in dB (mean, std) and per octave band (dB): tonal peaks vs noise in each register.',
    dims: [
      { name: 'centroid_log2_mean', centre: 10.3, scale: 0.6 },
      { name: 'centroid_log2_std', centre: 0.7, scale: 0.3 },
      { name: 'rolloff_log2_mean', centre: 11.3, scale: 0.7 },
      { name: 'bandwidth_log2_mean', centre: 10.5, scale: 0.5 },
      { name: 'flatness_db_mean', centre: -32, scale: 7 },
      { name: 'flatness_db_std', centre: 8, scale: 3 },
      ...dims('band_flatness_db_', OCTAVE_BANDS, () => -14, () => 6),
    ],
  },
  {
    name: 'pitch-classes',
    weight: 0.1,
    description: 'Mean chroma over sounding frames, each frame normalised to sum 12 (uniform = 1): key and harmony in absolute pitch.',
    dims: dims('chroma_', PITCH_CLASSES, () => 1, () => 0.4),
  },
  {
    name: 'tonality',
    weight: 0.1,
    description:
      'Transposition-free harmony: DFT magnitudes k = 1-6 of the mean chroma (key level) and of each frame\'s chroma, averaged (chord level); chroma entropy; harmonic change over 0.5 s.',
    dims: [
      ...dims('profile_dft_', ['1', '2', '3', '4', '5', '6'], (i) => [0.08, 0.15, 0.14, 0.05, 0.16, 0.015][i], (i) => [0.05, 0.07, 0.05, 0.03, 0.06, 0.02][i]),
      ...dims('frame_dft_', ['1', '2', '3', '4', '5', '6'], (i) => [0.33, 0.36, 0.32, 0.2, 0.2, 0.1][i], (i) => [0.12, 0.1, 0.08, 0.07, 0.07, 0.05][i]),
      { name: 'chroma_entropy', centre: 0.84, scale: 0.06 },
      { name: 'harmonic_change', centre: 0.3, scale: 0.1 },
    ],
  },
  {
    name: 'dynamics',
    weight: 0.1,
    description:
      'Loudness movement, independent of gain: frame level std, p90-p50 and p50-p10 (dB), mean absolute frame-to-frame change (dB), low-energy rate, crest factor (dB).',
    dims: [
      { name: 'level_db_std', centre: 4, scale: 2 },
      { name: 'level_db_p90_p50', centre: 4, scale: 2 },
      { name: 'level_db_p50_p10', centre: 5, scale: 2.5 },
      { name: 'level_db_abs_delta', centre: 0.8, scale: 0.35 },
      { name: 'low_energy_rate', centre: 0.6, scale: 0.12 },
      { name: 'crest_db', centre: 16, scale: 2.5 },
    ],
  },
  {
    name: 'rhythm',
    weight: 0.15,
    description:
      'Tempo (log2 BPM: 60 vs 120 is one octave) and the onset periodicity profile: max autocovariance of the onset envelope in 13 quarter-octave tempo bands, 40-320 BPM.',
    dims: [
      { name: 'tempo_log2_bpm', centre: Math.log2(115), scale: 0.4 },
      ...dims('periodicity_', Array.from(TEMPO_CENTRES, (c) => `${Math.round(c)}bpm`), () => 0.2, () => 0.25),
    ],
  },
  {
    name: 'onsets',
    weight: 0.1,
    description:
      'Onset strength: log2 mean, coefficient of variation, share of the flux below 200 Hz / 200 Hz-4 kHz / above 4 kHz, log2 onsets per second.',
    dims: [
      { name: 'onset_log2_mean', centre: 0.5, scale: 0.6 },
      { name: 'onset_cv', centre: 1.5, scale: 0.4 },
      { name: 'onset_share_low', centre: 0.05, scale: 0.025 },
      { name: 'onset_share_mid', centre: 0.62, scale: 0.12 },
      { name: 'onset_share_high', centre: 0.33, scale: 0.12 },
      { name: 'onset_rate_log2', centre: 1.7, scale: 0.5 },
    ],
  },
]);

/** The blocks of sonicprint-v1 in vector order: name, dimension, weight and what each measures. */
export const SONICPRINT_V1_BLOCKS: readonly EmbeddingBlock[] = Object.freeze(
  BLOCK_SPECS.map(({ name, dims, weight, description }) => Object.freeze({ name, dim: dims.length, weight, description })),
);

/** Names of the dimensions in vector order (e.g. 'timbre.mfcc_mean_1'). */
export const SONICPRINT_V1_DIMENSIONS: readonly string[] = Object.freeze(BLOCK_SPECS.flatMap((b) => b.dims.map((d) => `${b.name}.${d.name}`)));

export const SONICPRINT_V1_DIM = SONICPRINT_V1_DIMENSIONS.length;

/** Per-dimension standardisation and block weighting: v_i = sqrt(w_b / d_b) · c tanh((x_i - centre_i) / (scale_i c)). */
const CENTRE = Float64Array.from(BLOCK_SPECS.flatMap((b) => b.dims.map((d) => d.centre)));
const SCALE = Float64Array.from(BLOCK_SPECS.flatMap((b) => b.dims.map((d) => d.scale)));
const BLOCK_GAIN = Float64Array.from(BLOCK_SPECS.flatMap((b) => b.dims.map(() => Math.sqrt(b.weight / b.dims.length))));

/** Indices into the raw feature vector, one run per block. */
const OFFSETS = blockOffsets(SONICPRINT_V1_BLOCKS);
const at = (block: string): number => OFFSETS[BLOCK_SPECS.findIndex((b) => b.name === block)];

/** What every block summariser reads: the frame analysis, which frames count, and where to write. */
interface Context {
  a: FrameAnalysis;
  /** Gate per STFT frame (1 = sounding). */
  active: Uint8Array;
  /** Gate per described frame (chroma and spectral shape live on every descriptorStride-th frame). */
  activeDescribed: Uint8Array;
  raw: Float64Array;
}

/**
 * The raw (unscaled) sonicprint-v1 features of a mono 22050 Hz signal, in vector order (see
 * {@link SONICPRINT_V1_DIMENSIONS}). NaN marks a value the signal cannot define — everything for silence,
 * spreads for fewer than `minSpreadFrames` sounding frames, rhythm for excerpts under `minRhythmSeconds` —
 * which {@link scaleSonicprintV1} maps to the typical value (0). Throws a ParameterError on NaN or infinite samples.
 */
export function sonicprintV1Features(y: Float32Array): Float64Array {
  const S = SONICPRINT_V1_SETTINGS;
  const raw = new Float64Array(SONICPRINT_V1_DIM).fill(NaN);
  const { peak, meanSquare } = levelOf(y);
  const a = analyseFrames(y, S.sr, S.analysis);
  const active = activeFrames(a.power, S.gateDb, S.silenceDb);
  if (!active.includes(1)) return raw;
  const stride = a.descriptorStride;
  const activeDescribed = Uint8Array.from({ length: a.chroma.nFrames }, (_, j) => active[j * stride]);
  const ctx: Context = { a, active, activeDescribed, raw };
  timbre(ctx);
  texture(ctx);
  harmony(ctx);
  dynamics(ctx, peak, meanSquare);
  rhythm(ctx);
  return raw;
}

/** Peak |y| and mean square of the whole excerpt, rejecting samples that are not finite numbers. */
function levelOf(y: Float32Array): { peak: number; meanSquare: number } {
  let peak = 0;
  let sq = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    sq += v * v;
    if (v > peak) peak = v;
    else if (-v > peak) peak = -v;
  }
  if (!Number.isFinite(sq)) {
    const bad = y.findIndex((v) => !Number.isFinite(v));
    if (bad < 0) throw new ParameterError(`sonicprint-v1: the signal's energy overflows (peak ${peak}); audio samples are expected within about ±1`);
    throw new ParameterError(`sonicprint-v1: sample ${bad} of the signal is ${y[bad]}; audio samples must be finite numbers`);
  }
  return { peak, meanSquare: y.length > 0 ? sq / y.length : 0 };
}

/** Frames within gateDb of the loudest frame and above the absolute silence level. */
function activeFrames(power: Float64Array, gateDb: number, silenceDb: number): Uint8Array {
  let max = 0;
  for (let t = 0; t < power.length; t++) max = Math.max(max, power[t]);
  const threshold = Math.max(max * 10 ** (-gateDb / 10), 10 ** (silenceDb / 10));
  return Uint8Array.from(power, (p) => (p >= threshold && p > 0 ? 1 : 0));
}

function count(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/**
 * Mean and population std over the masked frames of row k of a frame-major matrix (nBins = 1 for a series),
 * after `map`; the std is NaN with fewer than minSpreadFrames frames (a spread of two frames is noise).
 */
function maskedMoments(data: ArrayLike<number>, nBins: number, k: number, mask: Uint8Array, map: (v: number) => number = (v) => v): [number, number] {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let t = 0; t < mask.length; t++) {
    if (!mask[t]) continue;
    const v = map(data[t * nBins + k]);
    n++;
    sum += v;
    sq += v * v;
  }
  if (n === 0) return [NaN, NaN];
  const mean = sum / n;
  const std = n < SONICPRINT_V1_SETTINGS.minSpreadFrames ? NaN : Math.sqrt(Math.max(0, sq / n - mean * mean));
  return [mean, std];
}

/** log2 of a spread, floored so that a constant (a steady tone) stays finite. */
const log2Spread = (std: number): number => Math.log2(Math.max(std, 0.01));

function timbre({ a, active, raw }: Context): void {
  const { data, nBins, nFrames } = a.mfcc;
  const o = at('timbre');
  const m = at('timbre-motion');
  // Deltas d_t = (c_{t+1} - c_{t-1}) / 2 at frames whose neighbours sound too.
  const inner = new Uint8Array(nFrames);
  for (let t = 1; t + 1 < nFrames; t++) inner[t] = active[t - 1] & active[t] & active[t + 1];
  const delta = new Float64Array(nFrames);
  for (let k = 1; k <= N_CEPSTRA; k++) {
    const [mean, std] = maskedMoments(data, nBins, k, active);
    raw[o + k - 1] = mean;
    raw[m + k - 1] = log2Spread(std);
    for (let t = 1; t + 1 < nFrames; t++) delta[t] = (data[(t + 1) * nBins + k] - data[(t - 1) * nBins + k]) / 2;
    raw[m + N_CEPSTRA + k - 1] = log2Spread(maskedMoments(delta, 1, 0, inner)[1]);
  }
}

function texture({ a, activeDescribed: on, raw }: Context): void {
  const o = at('texture');
  const log2Hz = (v: number) => Math.log2(Math.max(v, 1));
  const dB = (v: number) => 10 * Math.log10(v);
  const [cMean, cStd] = maskedMoments(a.centroid, 1, 0, on, log2Hz);
  raw[o] = cMean;
  raw[o + 1] = cStd;
  raw[o + 2] = maskedMoments(a.rolloff, 1, 0, on, log2Hz)[0];
  raw[o + 3] = maskedMoments(a.bandwidth, 1, 0, on, log2Hz)[0];
  const [fMean, fStd] = maskedMoments(a.flatness, 1, 0, on, dB);
  raw[o + 4] = fMean;
  raw[o + 5] = fStd;
  const bands = a.bandFlatness;
  for (let b = 0; b < bands.nBins; b++) raw[o + 6 + b] = maskedMoments(bands.data, bands.nBins, b, on, dB)[0];
}

function harmony({ a, activeDescribed: on, raw }: Context): void {
  const S = SONICPRINT_V1_SETTINGS;
  const { data, nFrames } = a.chroma;
  const pc = at('pitch-classes');
  const tn = at('tonality');
  // Frame chroma as distributions (sum 1); frames without chroma energy are skipped.
  const p = new Float64Array(nFrames * 12);
  const ok = new Uint8Array(nFrames);
  const profile = new Float64Array(12);
  const frameDft = new Float64Array(6);
  const dft = new Float64Array(6);
  let n = 0;
  let entropy = 0;
  for (let t = 0; t < nFrames; t++) {
    if (!on[t]) continue;
    let sum = 0;
    for (let c = 0; c < 12; c++) sum += data[t * 12 + c];
    if (!(sum > 0)) continue;
    ok[t] = 1;
    n++;
    for (let c = 0; c < 12; c++) {
      const q = data[t * 12 + c] / sum;
      p[t * 12 + c] = q;
      profile[c] += q;
    }
    chromaFourierMagnitudes(p, t * 12, dft);
    for (let k = 0; k < 6; k++) frameDft[k] += dft[k];
    entropy += chromaEntropy(p, t * 12);
  }
  if (n === 0) return;
  for (let c = 0; c < 12; c++) raw[pc + c] = (12 * profile[c]) / n;
  chromaFourierMagnitudes(profile, 0, dft);
  for (let k = 0; k < 6; k++) {
    raw[tn + k] = dft[k];
    raw[tn + 6 + k] = frameDft[k] / n;
  }
  raw[tn + 12] = entropy / n;
  const lag = Math.max(1, Math.round((S.harmonicChangeSeconds * a.sr) / (a.hopLength * a.descriptorStride)));
  let pairs = 0;
  let change = 0;
  for (let t = lag; t < nFrames; t++) {
    if (!ok[t] || !ok[t - lag]) continue;
    let d = 0;
    for (let c = 0; c < 12; c++) d += Math.abs(p[t * 12 + c] - p[(t - lag) * 12 + c]);
    change += d / 2;
    pairs++;
  }
  if (pairs >= S.minSpreadFrames) raw[tn + 13] = change / pairs;
}

function dynamics({ a, active, raw }: Context, peak: number, meanSquare: number): void {
  const o = at('dynamics');
  const n = count(active);
  if (n < SONICPRINT_V1_SETTINGS.minSpreadFrames) return;
  const levels = new Float64Array(n);
  let meanPower = 0;
  for (let t = 0, i = 0; t < active.length; t++) {
    if (!active[t]) continue;
    levels[i++] = 10 * Math.log10(a.power[t]);
    meanPower += a.power[t] / n;
  }
  levels.sort();
  const q = (f: number) => quantileSorted(levels, f);
  raw[o] = maskedMoments(a.power, 1, 0, active, (v) => 10 * Math.log10(v))[1];
  raw[o + 1] = q(0.9) - q(0.5);
  raw[o + 2] = q(0.5) - q(0.1);
  let pairs = 0;
  let delta = 0;
  let low = 0;
  for (let t = 0; t < active.length; t++) {
    if (!active[t]) continue;
    if (a.power[t] < meanPower) low++;
    if (t > 0 && active[t - 1]) {
      delta += Math.abs(10 * Math.log10(a.power[t] / a.power[t - 1]));
      pairs++;
    }
  }
  if (pairs > 0) raw[o + 3] = delta / pairs;
  raw[o + 4] = low / n;
  raw[o + 5] = 20 * Math.log10(peak / Math.sqrt(meanSquare));
}

/** numpy.quantile (linear interpolation) of an ascending array. */
function quantileSorted(sorted: Float64Array, f: number): number {
  const pos = f * (sorted.length - 1);
  const i = Math.floor(pos);
  const j = Math.min(sorted.length - 1, i + 1);
  return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
}

function rhythm({ a, raw }: Context): void {
  const S = SONICPRINT_V1_SETTINGS;
  const fps = a.sr / a.hopLength;
  const env = a.onset;
  const n = env.length;
  if (n < S.minRhythmSeconds * fps) return;
  let sum = 0;
  let sq = 0;
  for (let t = 0; t < n; t++) {
    sum += env[t];
    sq += env[t] * env[t];
  }
  const mean = sum / n;
  // A constant envelope (a steady tone) has no onsets and no pulse: rhythm stays undefined.
  if (!(mean > 1e-6)) return;

  const on = at('onsets');
  raw[on] = Math.log2(mean);
  raw[on + 1] = Math.sqrt(Math.max(0, sq / n - mean * mean)) / mean;
  const bands = a.onsetBands;
  const bandTotal = [0, 0, 0];
  for (let t = 0; t < bands.nFrames; t++) for (let b = 0; b < 3; b++) bandTotal[b] += bands.data[t * 3 + b];
  const total = bandTotal[0] + bandTotal[1] + bandTotal[2];
  for (let b = 0; b < 3; b++) raw[on + 2 + b] = bandTotal[b] / total;
  raw[on + 5] = Math.log2(onsetRate(env, fps, S.onsetPeaks) + 0.25);

  // One autocovariance serves both: lags up to 8 s for the tempo, fewer when the excerpt is short (beyond half
  // the envelope the unbiased estimate is too noisy).
  const o = at('rhythm');
  const winLength = Math.floor((S.tempoAcSeconds * a.sr) / a.hopLength);
  const ac = onsetAutocovariance(env, Math.min(winLength - 1, Math.floor(n / 2)));
  raw[o] = Math.log2(tempoOf(ac, winLength, a.sr, a.hopLength));
  const profile = periodicityProfile(ac, fps, S.tempoAxis);
  for (let j = 0; j < profile.length; j++) raw[o + 1 + j] = profile[j];
}

/**
 * librosa.feature.tempo's choice (the lag maximising log1p(10⁶ · tg) plus a log-normal prior at 120 BPM with one octave
 * of spread, below 320 BPM), made on the positive part of the excerpt's onset autocovariance instead of the mean
 * of 8-s windowed autocorrelations: one FFT instead of one per frame, and the same answer on steady tempi.
 */
function tempoOf(ac: Float64Array, winLength: number, sr: number, hopLength: number): number {
  const tg = new Float32Array(winLength);
  for (let k = 0; k < Math.min(winLength, ac.length); k++) tg[k] = Math.max(0, ac[k]);
  return tempoFromTempogram({ tg: { data: tg, nBins: winLength, nFrames: 1 }, sr, hopLength });
}

/**
 * Standardises raw features into the sonicprint-v1 vector: v_i = sqrt(w_b / d_b) · c tanh(z_i / c), z_i =
 * (x_i - centre_i) / scale_i; NaN (undefined) becomes 0, the typical value.
 */
export function scaleSonicprintV1(raw: Float64Array): Float32Array {
  if (raw.length !== SONICPRINT_V1_DIM) throw new ParameterError(`raw sonicprint-v1 features must have ${SONICPRINT_V1_DIM} values, got ${raw.length}`);
  const c = SONICPRINT_V1_SETTINGS.zLimit;
  const out = new Float32Array(SONICPRINT_V1_DIM);
  for (let i = 0; i < out.length; i++) {
    const x = raw[i];
    out[i] = Number.isFinite(x) ? BLOCK_GAIN[i] * c * Math.tanh((x - CENTRE[i]) / (SCALE[i] * c)) : 0;
  }
  return out;
}

/**
 * 'sonicprint-v1', the default embedder: a fixed DSP fingerprint of a mono 22050 Hz excerpt (30 s from the
 * middle by default, chosen by the caller with excerptSpan) in eight blocks (see {@link SONICPRINT_V1_BLOCKS}).
 *
 * Every raw feature x_i is standardised against typical music and each block b is scaled so that it carries
 * its weight w_b of the squared norm:
 *
 *   v_i = sqrt(w_b / d_b) · c · tanh(z_i / c),   z_i = (x_i - centre_i) / scale_i,   c = 4,
 *
 * so that after a library subtracts its mean, the cosine similarity sums per-block agreement in the proportions
 * w_b (no raw unit — dB, Hz, BPM — outweighs another). The soft limit keeps one freak value from dominating.
 * Levels enter only as differences (MFCC 0 and absolute loudness are left out), so the vector does not depend
 * on playback gain. Silence gives the zero vector; excerpts shorter than 4 s get zero rhythm blocks.
 */
export function createSonicprintV1(): Embedder {
  return {
    id: 'sonicprint-v1',
    dim: SONICPRINT_V1_DIM,
    sampleRate: SONICPRINT_V1_SETTINGS.sr,
    embed: (y: Float32Array) => scaleSonicprintV1(sonicprintV1Features(y)),
  };
}
