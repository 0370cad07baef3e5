/** One fused pass over the STFT frames that computes every frame-level descriptor a fingerprint needs, and nothing else. */
import { ParameterError } from '../errors.js';
import { chromaFilterBank } from '../audio/chroma.js';
import { powerToDb } from '../audio/db.js';
import { realFft } from '../audio/fft.js';
import { createFrameMatrix, type FrameMatrix } from '../audio/frame-matrix.js';
import { framedSignal } from '../audio/frames.js';
import { melFilterBank, type FilterBank } from '../audio/mel.js';
import { mfcc } from '../audio/mfcc.js';

/** STFT and descriptor settings of a fused analysis (all fixed per embedder version). */
export interface FrameAnalysisSettings {
  /** FFT length (librosa n_fft); must be a PFFFT size (e.g. 2048): the Hann window is applied in the frequency domain. */
  nFft: number;
  hopLength: number;
  nMels: number;
  nMfcc: number;
  /** Octave bands of the band flatness: upper edge (Hz) of the first band [0, fmin); the next `octaveBands` are octaves above it. */
  bandFmin: number;
  octaveBands: number;
  /** Spectral rolloff fraction. */
  rollPercent: number;
  /** Chroma filter weights below this fraction of their FFT bin's largest weight may be dropped (the filterbank is applied in bands of four pitch classes). */
  chromaSparsity: number;
  /** Floor (dB below the frame's strongest bin) applied to |X|² before the geometric mean of the spectral flatness. */
  flatnessFloorDb: number;
  /**
   * Chroma and the spectral shape are computed on every `descriptorStride`-th frame only: they feed
   * statistics over hundreds of frames, which a 46 ms grid estimates as well as a 23 ms one, at half the cost.
   * Mel bands (MFCC deltas, onsets) and frame power use every frame.
   */
  descriptorStride: number;
  /** Mel-band edges (Hz) splitting the onset envelope into low / mid / high sub-bands. */
  onsetBandEdges: readonly [number, number];
}

/**
 * Frame-level descriptors of one signal on the STFT frame grid (frame t centred on sample t · hopLength): mel,
 * MFCC, power and onsets for every frame; chroma and the spectral shape for every descriptorStride-th frame.
 * Matrices are frame-major like every {@link FrameMatrix}.
 */
export interface FrameAnalysis {
  sr: number;
  hopLength: number;
  nFrames: number;
  /** power_to_db(melspectrogram) with ref 1, amin 1e-10, top_db 80 (librosa's defaults): nMels rows. */
  melDb: FrameMatrix;
  /** librosa.feature.mfcc of `melDb` (orthonormal DCT-II): nMfcc rows. */
  mfcc: FrameMatrix;
  /** Mean square of the Hann-windowed frame (Parseval), i.e. librosa.feature.rms(S=|X|)², for every frame. */
  power: Float64Array;
  /** Frames between two described frames: entry j of the descriptors below is frame j · descriptorStride. */
  descriptorStride: number;
  /** Chroma energy per pitch class (librosa.filters.chroma with tuning 0, C first), not normalised: 12 rows. */
  chroma: FrameMatrix;
  /** Spectral centroid (Hz) of |X|; 0 for a silent frame. */
  centroid: Float32Array;
  /** Spectral bandwidth (Hz, p = 2) of |X| around the centroid. */
  bandwidth: Float32Array;
  /** Lowest bin frequency (Hz) below which `rollPercent` of Σ|X| lies. */
  rolloff: Float32Array;
  /**
   * Spectral flatness of |X|² (geometric / arithmetic mean), in (0, 1]. Bins are floored at `flatnessFloorDb` below the
   * frame's strongest bin instead of librosa's absolute amin = 1e-10, so the value does not depend on playback gain.
   */
  flatness: Float32Array;
  /**
   * Spectral flatness within each octave band [0, fmin), [fmin, 2 fmin), ..., [fmin 2^(octaveBands-1), Nyquist]
   * (MPEG-7 AudioSpectrumFlatness on octaves), same floor as `flatness`: octaveBands + 1 rows.
   */
  bandFlatness: FrameMatrix;
  /** Onset strength (librosa.onset.onset_strength: mean positive dB flux over the mel bands, lag 1, centred). */
  onset: Float32Array;
  /** The same flux summed over the low / mid / high mel sub-bands (not averaged): 3 rows. */
  onsetBands: FrameMatrix;
}

// numpy.finfo(float32).tiny: librosa's threshold below which a frame sum is not divided.
const FLOAT32_TINY = 1.1754943508222875e-38;

/**
 * The chroma filterbank by FFT bin, as runs of four consecutive pitch classes: bin k feeds classes
 * start[k] .. start[k] + 3 (mod 12) with weights w[4k .. 4k + 3]. Above the lowest octaves each bin's Gaussian
 * is under a semitone wide, so everything outside its four nearest classes is below `sparsity` × its peak and
 * is dropped; the few low bins whose Gaussian is wider (`nDense` of them) keep all 12 weights in `dense`.
 * The product then costs ~4 multiply-adds per bin instead of 12 (about 3x faster than the dense bank).
 */
interface BandedChroma {
  nDense: number;
  dense: Float64Array;
  start: Uint8Array;
  w: Float64Array;
}

const chromaCache = new Map<string, BandedChroma>();

function bandedChroma(sr: number, nFft: number, sparsity: number): BandedChroma {
  const key = `${sr}:${nFft}:${sparsity}`;
  const hit = chromaCache.get(key);
  if (hit) return hit;
  const { weights, nBins } = chromaFilterBank({ sr, nFft, tuning: 0 });
  const weight = (c: number, k: number) => weights[(((c % 12) + 12) % 12) * nBins + k];
  const start = new Uint8Array(nBins);
  const w = new Float64Array(4 * nBins);
  let nDense = 0;
  for (let k = 0; k < nBins; k++) {
    let peak = 0;
    let argPeak = 0;
    for (let c = 0; c < 12; c++) {
      if (weight(c, k) > peak) {
        peak = weight(c, k);
        argPeak = c;
      }
    }
    // The run of classes at or above the threshold around the peak.
    let lo = argPeak;
    let hi = argPeak;
    while (hi - lo < 12 && weight(lo - 1, k) >= sparsity * peak && weight(lo - 1, k) > 0) lo--;
    while (hi - lo < 12 && weight(hi + 1, k) >= sparsity * peak && weight(hi + 1, k) > 0) hi++;
    if (hi - lo + 1 > 4) {
      // Wide Gaussians only occur at the lowest bins (bin spacing above a semitone), so they form a prefix.
      if (nDense !== k) throw new Error(`chroma filterbank (sr=${sr}, n_fft=${nFft}): bin ${k} is wide but bin ${nDense} is not; Gaussians only narrow with frequency`);
      nDense = k + 1;
      continue;
    }
    // Centre the four-class window on the run (a run of 3 gets one extra, smaller neighbour: more accurate, not less).
    const first = hi - lo + 1 === 4 ? lo : weight(lo - 1, k) >= weight(hi + 1, k) ? lo - 1 : lo;
    start[k] = ((first % 12) + 12) % 12;
    for (let j = 0; j < 4; j++) w[4 * k + j] = weight(first + j, k);
  }
  const dense = new Float64Array(12 * nDense);
  for (let k = 0; k < nDense; k++) for (let c = 0; c < 12; c++) dense[12 * k + c] = weight(c, k);
  const banded = { nDense, dense, start, w };
  chromaCache.set(key, banded);
  return banded;
}

/** chroma[c] = Σ_k W[c, k] P[k] for one frame, into out[offset .. offset + 12). */
function chromaFrame(P: Float32Array, bank: BandedChroma, acc: Float64Array, out: Float32Array, offset: number): void {
  acc.fill(0);
  const { nDense, dense, start, w } = bank;
  for (let k = 0; k < nDense; k++) {
    const p = P[k];
    for (let c = 0; c < 12; c++) acc[c] += dense[12 * k + c] * p;
  }
  for (let k = nDense; k < P.length; k++) {
    const p = P[k];
    const s = start[k];
    const b = 4 * k;
    acc[s] += w[b] * p;
    acc[s + 1] += w[b + 1] * p;
    acc[s + 2] += w[b + 2] * p;
    acc[s + 3] += w[b + 3] * p;
  }
  for (let c = 0; c < 12; c++) out[offset + c] = acc[c] + (c < 3 ? acc[c + 12] : 0);
}

/** Mel band powers of one frame: out[offset + f] = Σ_k W[f, k] P[k] over the band's non-zero bins. */
function melFrame(P: Float32Array, bank: FilterBank, out: Float32Array, offset: number): void {
  const { weights, nFilters, nBins, start, end } = bank;
  for (let f = 0; f < nFilters; f++) {
    const wBase = f * nBins;
    let acc = 0;
    for (let k = start[f]; k < end[f]; k++) acc += weights[wBase + k] * P[k];
    out[offset + f] = acc;
  }
}

/**
 * Spectral shape of one frame from its power spectrum P: shape = [Σ P, centroid, bandwidth, rolloff, flatness] with
 * librosa's magnitude-weighted definitions, and the flatness of each octave band into bandFlat[offset ..].
 * Flatness floors every bin at `flatnessFloor` × the frame's strongest bin, so it does not depend on gain.
 */
function shapeFrame(
  P: Float32Array,
  M: Float32Array,
  edges: Int32Array,
  binHz: number,
  rollPercent: number,
  flatnessFloor: number,
  shape: Float64Array,
  bandFlat: Float32Array,
  offset: number,
): void {
  const nBins = P.length;
  let pMax = 0;
  for (let k = 0; k < nBins; k++) if (P[k] > pMax) pMax = P[k];
  const floor = Math.max(FLOAT32_TINY, pMax * flatnessFloor);
  let sumP = 0;
  let sumM = 0;
  let sumKM = 0;
  let sumK2M = 0;
  let sumX = 0;
  let logSum = 0;
  for (let b = 0; b + 1 < edges.length; b++) {
    let bandX = 0;
    let bandLog = 0;
    let prod = 1;
    for (let k = edges[b]; k < edges[b + 1]; k++) {
      const p = P[k];
      const m = Math.sqrt(p);
      M[k] = m;
      sumP += p;
      sumM += m;
      sumKM += k * m;
      sumK2M += k * k * m;
      const x = p > floor ? p : floor;
      bandX += x;
      prod *= x;
      // log of running products instead of one log per bin; renormalised long before over/underflow.
      if (prod > 1e200 || prod < 1e-200) {
        bandLog += Math.log(prod);
        prod = 1;
      }
    }
    bandLog += Math.log(prod);
    const width = edges[b + 1] - edges[b];
    bandFlat[offset + b] = Math.exp(bandLog / width) / (bandX / width);
    sumX += bandX;
    logSum += bandLog;
  }
  shape[0] = sumP;
  shape[4] = Math.exp(logSum / nBins) / (sumX / nBins);
  if (sumM < FLOAT32_TINY) {
    shape[1] = shape[2] = shape[3] = 0;
    return;
  }
  const c = sumKM / sumM;
  shape[1] = c * binHz;
  shape[2] = Math.sqrt(Math.max(0, sumK2M / sumM - c * c)) * binHz;
  const threshold = rollPercent * sumM;
  let acc = 0;
  let k = 0;
  while (k < nBins - 1 && (acc += M[k]) < threshold) k++;
  shape[3] = k * binHz;
}

/** First bin of each octave band [0, fmin), [fmin, 2 fmin), ..., the last running to Nyquist, plus nBins at the end. */
function octaveBandEdges(sr: number, nFft: number, fmin: number, nBands: number): Int32Array {
  const nBins = Math.floor(nFft / 2) + 1;
  const binHz = sr / nFft;
  const edges = new Int32Array(nBands + 2);
  for (let b = 1; b <= nBands; b++) edges[b] = Math.ceil((fmin * 2 ** (b - 1)) / binHz);
  edges[nBands + 1] = nBins;
  for (let b = 0; b <= nBands; b++) {
    if (edges[b + 1] <= edges[b]) {
      throw new ParameterError(`octave band ${b} holds no FFT bin at sr=${sr}, n_fft=${nFft} with fmin=${fmin} and ${nBands} octaves; lower fmin or the band count`);
    }
  }
  return edges;
}

/**
 * Analyses `y` (mono, `sr` Hz) frame by frame from one centred Hann STFT (zero padding, as librosa.stft):
 * each frame's power spectrum |X|² is computed once and feeds the mel bands, the chroma bands and the spectral
 * shape descriptors before the next frame is transformed, so the full spectrogram is never stored (a 5-minute
 * track needs a few MB, not 50).
 *
 * The descriptors follow librosa's definitions (mel: melspectrogram + power_to_db; mfcc; chroma_stft; spectral_
 * centroid / bandwidth / rolloff / flatness; onset_strength) with documented shortcuts: chroma uses tuning 0 (no
 * estimate_tuning, which would triple its cost) and a banded filterbank; flatness has a relative floor; chroma and
 * shape are computed on every `descriptorStride`-th frame; octave-band flatness stands in for spectral_contrast
 * (the same peak-versus-floor question, from sums the flatness already has, where contrast's per-band sorting
 * cost as much as the rest of the shape together).
 */
export function analyseFrames(y: Float32Array, sr: number, s: FrameAnalysisSettings): FrameAnalysis {
  if (!(sr > 0)) throw new ParameterError(`sr must be > 0, got ${sr}`);
  const { nFft, hopLength, nMels } = s;
  const fft = realFft(nFft);
  if (!fft.fast) throw new ParameterError(`n_fft=${nFft} must be a size PFFFT supports (a multiple of 32 of the form 2^a 3^b 5^c)`);
  const nBins = fft.nBins;
  const { padded, nFrames } = framedSignal(y, { frameLength: nFft, hopLength, center: true, padMode: 'constant' });
  const mel: FilterBank = melFilterBank({ sr, nFft, nMels });
  const chromaBank = bandedChroma(sr, nFft, s.chromaSparsity);
  const edges = octaveBandEdges(sr, nFft, s.bandFmin, s.octaveBands);
  const nOctaves = s.octaveBands + 1;
  const binHz = sr / nFft;
  const flatnessFloor = 10 ** (-s.flatnessFloorDb / 10);

  const stride = s.descriptorStride;
  if (!Number.isInteger(stride) || stride < 1) throw new ParameterError(`descriptorStride must be a positive integer, got ${stride}`);
  const nDescribed = Math.ceil(nFrames / stride);
  const melPower = createFrameMatrix(nMels, nFrames);
  const power = new Float64Array(nFrames);
  const chroma = createFrameMatrix(12, nDescribed);
  const bandFlatness = createFrameMatrix(nOctaves, nDescribed);
  const centroid = new Float32Array(nDescribed);
  const bandwidth = new Float32Array(nDescribed);
  const rolloff = new Float32Array(nDescribed);
  const flatness = new Float32Array(nDescribed);

  const P = new Float32Array(nBins);
  const M = new Float32Array(nBins);
  const shape = new Float64Array(5);
  const acc = new Float64Array(16);
  // Parseval for a real frame: Σ x² = (|X0|² + 2 Σ_{0<k<N/2} |Xk|² + |X_{N/2}|²) / N.
  const energyScale = 1 / (nFft * nFft);
  for (let t = 0; t < nFrames; t++) {
    fft.hannPowerSpectrum(padded, t * hopLength, P, 0);
    melFrame(P, mel, melPower.data, t * nMels);
    if (t % stride !== 0) {
      let sumP = 0;
      for (let k = 0; k < nBins; k++) sumP += P[k];
      power[t] = (2 * sumP - P[0] - P[nBins - 1]) * energyScale;
      continue;
    }
    const j = t / stride;
    chromaFrame(P, chromaBank, acc, chroma.data, j * 12);
    shapeFrame(P, M, edges, binHz, s.rollPercent, flatnessFloor, shape, bandFlatness.data, j * nOctaves);
    power[t] = (2 * shape[0] - P[0] - P[nBins - 1]) * energyScale;
    centroid[j] = shape[1];
    bandwidth[j] = shape[2];
    rolloff[j] = shape[3];
    flatness[j] = shape[4];
  }

  const melDb: FrameMatrix = { data: powerToDb(melPower.data), nBins: nMels, nFrames };

  const { onset, onsetBands } = onsetEnvelopes(melDb, sr, nFft, hopLength, s.onsetBandEdges);
  return {
    sr,
    hopLength,
    nFrames,
    melDb,
    mfcc: mfcc({ S: melDb, sr, nMfcc: s.nMfcc }),
    power,
    descriptorStride: stride,
    chroma,
    centroid,
    bandwidth,
    rolloff,
    flatness,
    bandFlatness,
    onset,
    onsetBands,
  };
}

/**
 * librosa.onset.onset_strength on a precomputed dB mel spectrogram (lag 1, max_size 1, mean over bands, centred:
 * env[t + 1 + nFft // (2 hop)] = mean_f max(0, S[f, t+1] - S[f, t]), leading zeros, cut to nFrames), plus the
 * same positive flux summed within three mel sub-bands split at `edges` (by band centre frequency).
 */
function onsetEnvelopes(melDb: FrameMatrix, sr: number, nFft: number, hopLength: number, edges: readonly [number, number]): { onset: Float32Array; onsetBands: FrameMatrix } {
  const { nBins: nMels, nFrames, data } = melDb;
  const band = new Uint8Array(nMels);
  const bank = melFilterBank({ sr, nFft, nMels });
  // Band f's centre is the peak of its triangle: the bin with the largest weight.
  for (let f = 0; f < nMels; f++) {
    let best = bank.start[f];
    for (let k = bank.start[f]; k < bank.end[f]; k++) if (bank.weights[f * bank.nBins + k] > bank.weights[f * bank.nBins + best]) best = k;
    const hz = (best * sr) / nFft;
    band[f] = hz < edges[0] ? 0 : hz < edges[1] ? 1 : 2;
  }
  const onset = new Float32Array(nFrames);
  const onsetBands = createFrameMatrix(3, nFrames);
  const pad = 1 + Math.floor(nFft / (2 * hopLength));
  for (let t = 0; t + 1 < nFrames && pad + t < nFrames; t++) {
    const a = (t + 1) * nMels;
    const b = t * nMels;
    let total = 0;
    const o = (pad + t) * 3;
    for (let f = 0; f < nMels; f++) {
      const d = data[a + f] - data[b + f];
      if (d > 0) {
        total += d;
        onsetBands.data[o + band[f]] += d;
      }
    }
    onset[pad + t] = total / nMels;
  }
  return { onset, onsetBands };
}
