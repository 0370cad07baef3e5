/** Defaults shared by the audio functions, the CLI help and the server: declared once, frozen. */

/** librosa's STFT defaults. hopLength defaults to winLength / 4 = 512. */
export const STFT_DEFAULTS = Object.freeze({
  nFft: 2048,
  hopLength: 512,
  window: 'hann' as const,
  center: true,
  padMode: 'constant' as const,
});

/** librosa.load defaults: resample to 22050 Hz. */
export const LOAD_DEFAULTS = Object.freeze({
  sr: 22050,
});

/** librosa.filters.mel / feature.melspectrogram defaults (fmax defaults to sr / 2). */
export const MEL_DEFAULTS = Object.freeze({
  nMels: 128,
  fmin: 0,
  htk: false,
  norm: 'slaney' as const,
});

/** librosa.power_to_db defaults (amplitude_to_db uses amin 1e-5). */
export const DB_DEFAULTS = Object.freeze({
  ref: 1.0,
  amin: 1e-10,
  topDb: 80,
});

/** librosa.onset.onset_strength defaults (spectral flux of the 128-band log-power mel spectrogram). */
export const ONSET_DEFAULTS = Object.freeze({
  lag: 1,
  maxSize: 1,
  detrend: false,
  center: true,
  aggregate: 'mean' as const,
});

/** librosa.feature.tempogram defaults: 384 onset frames (~8.9 s at 22050 Hz, hop 512), Hann window, max-normalised. */
export const TEMPOGRAM_DEFAULTS = Object.freeze({
  winLength: 384,
  center: true,
  window: 'hann' as const,
  norm: Infinity,
});

/** librosa.feature.tempo defaults: log-normal prior (std in octaves) around startBpm, 8 s autocorrelation window. */
export const TEMPO_DEFAULTS = Object.freeze({
  startBpm: 120,
  stdBpm: 1.0,
  acSize: 8.0,
  maxTempo: 320.0,
  aggregate: 'mean' as const,
});

/** librosa.beat.beat_track defaults; given audio, the tracker builds a median-aggregated onset envelope. */
export const BEAT_DEFAULTS = Object.freeze({
  startBpm: 120,
  tightness: 100,
  trim: true,
  units: 'frames' as const,
  sparse: true,
  onsetAggregate: 'median' as const,
});

/** librosa.feature.mfcc defaults: orthonormal DCT-II of the dB mel spectrogram, no liftering. */
export const MFCC_DEFAULTS = Object.freeze({
  nMfcc: 20,
  dctType: 2 as const,
  norm: 'ortho' as const,
  lifter: 0,
});

/** librosa.piptrack / estimate_tuning / pitch_tuning defaults (tuning in fractions of a bin, 0.01 = 1 cent). */
export const PITCH_DEFAULTS = Object.freeze({
  fmin: 150,
  fmax: 4000,
  threshold: 0.1,
  resolution: 0.01,
  binsPerOctave: 12,
});

/** librosa.filters.chroma (filterNorm = its `norm`) and librosa.feature.chroma_stft (`norm`, per frame) defaults. */
export const CHROMA_DEFAULTS = Object.freeze({
  nChroma: 12,
  ctroct: 5.0,
  octwidth: 2,
  filterNorm: 2,
  baseC: true,
  norm: Infinity,
  power: 2,
});

/** librosa.feature.spectral_* defaults (contrast fmin 200 Hz, 6 octave bands, 2 % quantile). */
export const SPECTRAL_DEFAULTS = Object.freeze({
  p: 2,
  rollPercent: 0.85,
  amin: 1e-10,
  flatnessPower: 2,
  contrastFmin: 200,
  nBands: 6,
  quantile: 0.02,
});

/** librosa.feature.zero_crossing_rate / rms defaults (zcr centring pads with edge values, rms with zeros). */
export const TEMPORAL_DEFAULTS = Object.freeze({
  frameLength: 2048,
  hopLength: 512,
  center: true,
  zcrThreshold: 1e-10,
  zcrPad: false,
  zeroPos: true,
  rmsPadMode: 'constant' as const,
});

/** `sonicprint features` / extractFeatures: librosa's defaults for every descriptor, 20 MFCCs, 128 mels. */
export const FEATURE_DEFAULTS = Object.freeze({
  sr: 22050,
  nFft: 2048,
  hopLength: 512,
  nMels: 128,
  nMfcc: 20,
});
