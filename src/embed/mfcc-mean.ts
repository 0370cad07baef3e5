/** The 'mfcc-mean' baseline embedder: the time average of 20 MFCCs, the plainest fingerprint there is. */
import { mfcc } from '../audio/mfcc.js';
import type { Embedder } from './embedder.js';

/** Analysis settings of 'mfcc-mean' (librosa.feature.mfcc defaults at 22050 Hz); fixed, because they define the vectors. */
export const MFCC_MEAN_SETTINGS = Object.freeze({
  sr: 22050,
  nFft: 2048,
  hopLength: 512,
  nMels: 128,
  nMfcc: 20,
});

/**
 * 'mfcc-mean': v[k] = mean_t MFCC[k, t], k = 0..19, with librosa.feature.mfcc's defaults (128 Slaney mel bands,
 * power_to_db with top_db 80, orthonormal DCT-II). The evaluation's baseline: timbre only, no deltas, no
 * scaling — MFCC 0 (overall level, ~ -300 to 0) dominates its raw norm, which is part of what it shows.
 * Silence gives the constant MFCC of an all-floor spectrogram (finite). 20 dimensions, 22050 Hz.
 */
export function createMfccMeanEmbedder(): Embedder {
  const { sr, nFft, hopLength, nMels, nMfcc } = MFCC_MEAN_SETTINGS;
  return {
    id: 'mfcc-mean',
    dim: nMfcc,
    sampleRate: sr,
    embed(y: Float32Array): Float32Array {
      const m = mfcc({ y, sr, nFft, hopLength, nMels, nMfcc });
      const out = new Float64Array(nMfcc);
      for (let t = 0; t < m.nFrames; t++) for (let k = 0; k < nMfcc; k++) out[k] += m.data[t * nMfcc + k];
      return Float32Array.from(out, (v) => v / m.nFrames);
    },
  };
}
