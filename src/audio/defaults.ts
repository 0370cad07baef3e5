/** Defaults shared by the audio functions, the CLI help and the server: declared once, frozen. */

/** librosa's STFT defaults. hopLength defaults to winLength / 4 = 512. */
export const STFT_DEFAULTS = Object.freeze({
  nFft: 2048,
  hopLength: 512,
  window: 'hann' as const,
  center: true,
  padMode: 'constant' as const,
});

/** librosa.load defaults: 22050 Hz mono. */
export const LOAD_DEFAULTS = Object.freeze({
  sr: 22050,
  mono: true,
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
