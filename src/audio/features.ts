/** Every descriptor of a signal from one shared STFT, and their summary statistics (the `features` command). */
import { beatTrack } from './beat.js';
import { chromaStft } from './chroma.js';
import { powerToDb } from './db.js';
import { FEATURE_DEFAULTS } from './defaults.js';
import { binRow, type FrameMatrix } from './frame-matrix.js';
import { estimateKey, PITCH_CLASSES, type KeyEstimate } from './key.js';
import { applyFilterBank, melFilterBank } from './mel.js';
import { mfcc } from './mfcc.js';
import { onsetStrength } from './onset.js';
import type { Signal } from './signal.js';
import { spectralBandwidth, spectralCentroid, spectralContrast, spectralFlatness, spectralRolloff } from './spectral.js';
import { spectrogram } from './stft.js';
import { rms, zeroCrossingRate } from './temporal.js';

/** Descriptor names as librosa calls the functions that compute them. */
export const DESCRIPTORS = [
  'mfcc',
  'chroma_stft',
  'spectral_centroid',
  'spectral_bandwidth',
  'spectral_rolloff',
  'spectral_flatness',
  'spectral_contrast',
  'zero_crossing_rate',
  'rms',
  'onset_strength',
] as const;
export type DescriptorName = (typeof DESCRIPTORS)[number];

/** Labels of the dimensions of multi-dimensional descriptors (for tables). */
export const DESCRIPTOR_LABELS: Partial<Record<DescriptorName, readonly string[]>> = {
  chroma_stft: PITCH_CLASSES,
  spectral_contrast: ['0-200Hz', '200-400', '400-800', '800-1.6k', '1.6-3.2k', '3.2-6.4k', '6.4k+'],
};

export interface FeatureOptions {
  nFft?: number;
  hopLength?: number;
  nMels?: number;
  nMfcc?: number;
}

/** Frame-level descriptors of one signal, all on the same frame grid. */
export interface FrameFeatures {
  sr: number;
  hopLength: number;
  nFrames: number;
  /** Signal length in seconds. */
  duration: number;
  descriptors: Record<DescriptorName, FrameMatrix>;
  /** Global tempo (BPM) of the beat tracker; 0 when no pulse is found. */
  tempo: number;
  /** Beat positions as frame indices. */
  beats: Int32Array;
}

/**
 * Computes all descriptors with librosa's defaults, sharing work the way librosa's own calls would
 * recompute it: one power STFT (→ magnitude for the spectral shape features, → chroma), one log-power
 * mel spectrogram (→ MFCC, → both onset envelopes), one median onset envelope (→ tempo and beats).
 */
export function extractFeatures(signal: Signal, opts: FeatureOptions = {}): FrameFeatures {
  const { y, sr } = signal;
  const nFft = opts.nFft ?? FEATURE_DEFAULTS.nFft;
  const hopLength = opts.hopLength ?? FEATURE_DEFAULTS.hopLength;
  const nMels = opts.nMels ?? FEATURE_DEFAULTS.nMels;
  const nMfcc = opts.nMfcc ?? FEATURE_DEFAULTS.nMfcc;

  const power = spectrogram({ y, nFft, hopLength, power: 2 });
  const magnitude = sqrtOf(power);
  const melPower = applyFilterBank(melFilterBank({ sr, nFft, nMels }), power);
  const melDb: FrameMatrix = { ...melPower, data: powerToDb(melPower.data) };

  const spectral = { S: magnitude, sr, nFft, hopLength };
  const onsetMedian = onsetStrength({ S: melDb, sr, nFft, hopLength, aggregate: 'median' });
  const { tempo, beats } = beatTrack({ onsetEnvelope: onsetMedian, sr, hopLength });
  const onsetMean = onsetStrength({ S: melDb, sr, nFft, hopLength, aggregate: 'mean' });

  return {
    sr,
    hopLength,
    nFrames: power.nFrames,
    duration: y.length / sr,
    tempo,
    beats,
    descriptors: {
      mfcc: mfcc({ S: melDb, sr, nMfcc }),
      chroma_stft: chromaStft({ S: power, sr, nFft, hopLength }),
      spectral_centroid: spectralCentroid(spectral),
      spectral_bandwidth: spectralBandwidth(spectral),
      spectral_rolloff: spectralRolloff(spectral),
      spectral_flatness: spectralFlatness(spectral),
      spectral_contrast: spectralContrast(spectral),
      zero_crossing_rate: zeroCrossingRate({ y, frameLength: nFft, hopLength }),
      rms: rms({ y, frameLength: nFft, hopLength }),
      onset_strength: { data: onsetMean, nBins: 1, nFrames: onsetMean.length },
    },
  };
}

function sqrtOf(m: FrameMatrix): FrameMatrix {
  const src = m.data;
  const dst = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) dst[i] = Math.sqrt(src[i]);
  return { data: dst, nBins: m.nBins, nFrames: m.nFrames };
}

/** Per-dimension statistics over frames. */
export interface DescriptorStats {
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
}

/** The `features` command's per-file result: plain JSON. */
export interface FeatureSummary {
  file: string;
  sr: number;
  duration: number;
  nFrames: number;
  hopLength: number;
  tempo: number;
  beatTimes: number[];
  /** Key from the mean chroma (Krumhansl-Schmuckler); null for flat chroma (silence, noise). */
  key: KeyEstimate | null;
  descriptors: Record<DescriptorName, DescriptorStats>;
  warnings: string[];
}

/** Mean, population std, min and max of each dimension over frames (zeros for a matrix without frames). */
export function describe(m: FrameMatrix): DescriptorStats {
  const stats: DescriptorStats = { mean: [], std: [], min: [], max: [] };
  for (let k = 0; k < m.nBins; k++) {
    let sum = 0;
    let sq = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < m.nFrames; t++) {
      const v = m.data[t * m.nBins + k];
      sum += v;
      sq += v * v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const n = Math.max(1, m.nFrames);
    const mean = sum / n;
    stats.mean.push(mean);
    stats.std.push(Math.sqrt(Math.max(0, sq / n - mean * mean)));
    stats.min.push(m.nFrames ? lo : 0);
    stats.max.push(m.nFrames ? hi : 0);
  }
  return stats;
}

export function summarizeFeatures(f: FrameFeatures, file: string, warnings: string[] = []): FeatureSummary {
  const descriptors = Object.fromEntries(DESCRIPTORS.map((name) => [name, describe(f.descriptors[name])])) as Record<DescriptorName, DescriptorStats>;
  return {
    file,
    sr: f.sr,
    duration: f.duration,
    nFrames: f.nFrames,
    hopLength: f.hopLength,
    tempo: f.tempo,
    beatTimes: Array.from(f.beats, (b) => (b * f.hopLength) / f.sr),
    key: estimateKey(descriptors.chroma_stft.mean),
    descriptors,
    warnings,
  };
}

/** Frame-level values in librosa's layout ([dimension][frame]) plus each frame's time in seconds. */
export function framesAsRows(f: FrameFeatures): { times: number[]; descriptors: Record<DescriptorName, number[][]> } {
  const times = Array.from({ length: f.nFrames }, (_, t) => (t * f.hopLength) / f.sr);
  const descriptors = Object.fromEntries(
    DESCRIPTORS.map((name) => {
      const m = f.descriptors[name];
      return [name, Array.from({ length: m.nBins }, (_, k) => Array.from(binRow(m, k)))];
    }),
  ) as Record<DescriptorName, number[][]>;
  return { times, descriptors };
}
