/** Short-time Fourier transform and magnitude/power spectrograms (librosa.stft, librosa.core.spectrum._spectrogram). */
import { ParameterError } from '../errors.js';
import { realFft } from './fft.js';
import { framedSignal, type PadMode } from './frames.js';
import { createFrameMatrix, type FrameMatrix } from './frame-matrix.js';
import { getWindow, padCenter, type WindowName } from './window.js';
import { STFT_DEFAULTS } from './defaults.js';

export interface StftOptions {
  /** Signal. */
  y: Float32Array;
  /** FFT length (librosa n_fft), default 2048. */
  nFft?: number;
  /** Samples between frames, default winLength / 4. */
  hopLength?: number;
  /** Window length, zero-padded to nFft, default nFft. */
  winLength?: number;
  window?: WindowName;
  /** Pad nFft/2 on both sides so frame t is centred on sample t * hopLength. */
  center?: boolean;
  padMode?: PadMode;
}

/** Complex STFT, frame-major: bin k of frame t is (re, im)[t * nBins + k]. */
export interface ComplexSpectrogram {
  re: Float32Array;
  im: Float32Array;
  nBins: number;
  nFrames: number;
}

interface ResolvedStft {
  /** The window is the full-length periodic Hann: the frequency-domain fast path applies. */
  hann: boolean;
  nFft: number;
  hopLength: number;
  window: Float64Array;
  padded: Float32Array;
  nFrames: number;
}

function resolve(opts: StftOptions): ResolvedStft {
  const nFft = opts.nFft ?? STFT_DEFAULTS.nFft;
  const winLength = opts.winLength ?? nFft;
  const hopLength = opts.hopLength ?? Math.floor(winLength / 4);
  if (winLength > nFft) throw new ParameterError(`win_length (${winLength}) must be <= n_fft (${nFft})`);
  const window = padCenter(getWindow(opts.window ?? STFT_DEFAULTS.window, winLength), nFft);
  const { padded, nFrames } = framedSignal(opts.y, {
    frameLength: nFft,
    hopLength,
    center: opts.center ?? STFT_DEFAULTS.center,
    padMode: opts.padMode ?? STFT_DEFAULTS.padMode,
  });
  const hann = (opts.window ?? STFT_DEFAULTS.window) === 'hann' && winLength === nFft;
  return { hann, nFft, hopLength, window, padded, nFrames };
}

/** Runs the windowed FFT over every frame, handing each frame's spectrum to `sink`. */
function eachSpectrum(r: ResolvedStft, sink: (t: number, re: Float64Array, im: Float64Array) => void): void {
  const { nFft, hopLength, window, padded, nFrames } = r;
  const fft = realFft(nFft);
  const frame = new Float32Array(nFft);
  const re = new Float64Array(fft.nBins);
  const im = new Float64Array(fft.nBins);
  for (let t = 0; t < nFrames; t++) {
    const start = t * hopLength;
    for (let i = 0; i < nFft; i++) frame[i] = padded[start + i] * window[i];
    fft.forward(frame, re, im);
    sink(t, re, im);
  }
}

/** librosa.stft: complex spectrogram with n_fft/2 + 1 bins and 1 + floor(len / hop) frames when centred. */
export function stft(opts: StftOptions): ComplexSpectrogram {
  const r = resolve(opts);
  const nBins = Math.floor(r.nFft / 2) + 1;
  const out: ComplexSpectrogram = { re: new Float32Array(nBins * r.nFrames), im: new Float32Array(nBins * r.nFrames), nBins, nFrames: r.nFrames };
  eachSpectrum(r, (t, re, im) => {
    const base = t * nBins;
    for (let k = 0; k < nBins; k++) {
      out.re[base + k] = re[k];
      out.im[base + k] = im[k];
    }
  });
  return out;
}

export interface SpectrogramOptions extends StftOptions {
  /** Exponent of the magnitude: 1 for magnitude, 2 for power (librosa default for mel features). */
  power?: number;
}

/** |STFT|^power without keeping the complex spectrum (librosa.core.spectrum._spectrogram). */
export function spectrogram(opts: SpectrogramOptions): FrameMatrix {
  const power = opts.power ?? 1;
  if (!(power > 0)) throw new ParameterError(`power must be > 0, got ${power}`);
  const { nFft, hopLength, window, padded, nFrames, hann } = resolve(opts);
  const fft = realFft(nFft);
  const nBins = fft.nBins;
  const out = createFrameMatrix(nBins, nFrames);
  const d = out.data;
  const pow = new Float64Array(nBins);
  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    if (hann && fft.fast) {
      fft.hannPowerSpectrum(padded, t * hopLength, d, base);
    } else {
      fft.powerSpectrum(padded, t * hopLength, window, pow);
      d.set(pow, base);
    }
  }
  if (power === 1) for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
  else if (power !== 2) for (let i = 0; i < d.length; i++) d[i] = Math.pow(d[i], power / 2);
  return out;
}

/** Magnitude spectrogram from a complex one (|X|). */
export function magnitude(s: ComplexSpectrogram): FrameMatrix {
  const out = createFrameMatrix(s.nBins, s.nFrames);
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.hypot(s.re[i], s.im[i]);
  return out;
}

/** Element-wise power of a magnitude spectrogram (|X|² from |X| with exponent 2). */
export function powerOf(m: FrameMatrix, exponent: number): FrameMatrix {
  const out = createFrameMatrix(m.nBins, m.nFrames);
  const s = m.data;
  if (exponent === 2) for (let i = 0; i < s.length; i++) out.data[i] = s[i] * s[i];
  else for (let i = 0; i < s.length; i++) out.data[i] = Math.pow(s[i], exponent);
  return out;
}

/** librosa.fft_frequencies: the centre frequency (Hz) of each of the n_fft/2 + 1 bins. */
export function fftFrequencies(sr: number, nFft: number): Float64Array {
  const nBins = Math.floor(nFft / 2) + 1;
  const f = new Float64Array(nBins);
  for (let k = 0; k < nBins; k++) f[k] = (k * sr) / nFft;
  return f;
}
