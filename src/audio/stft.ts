/** Short-time Fourier transform and magnitude/power spectrograms (librosa.stft, librosa.core.spectrum._spectrogram). */
import { ParameterError } from '../errors.js';
import { realFft, type SampleSource, type SpectrumBackend } from './fft.js';
import { framing, padSignal, type PadMode } from './frames.js';
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
  y: Float32Array;
  /** Samples of padding on each side: nFft/2 when centred, else 0. */
  pad: number;
  padMode: PadMode;
  nFrames: number;
}

function resolve(opts: StftOptions): ResolvedStft {
  const nFft = opts.nFft ?? STFT_DEFAULTS.nFft;
  const winLength = opts.winLength ?? nFft;
  const hopLength = opts.hopLength ?? Math.floor(winLength / 4);
  if (winLength > nFft) throw new ParameterError(`win_length (${winLength}) must be <= n_fft (${nFft})`);
  const window = padCenter(getWindow(opts.window ?? STFT_DEFAULTS.window, winLength), nFft);
  const y = opts.y;
  // Checks and frame count without a padded copy of the signal (see paddedSource).
  const { pad, nFrames } = framing(y.length, { frameLength: nFft, hopLength, center: opts.center ?? STFT_DEFAULTS.center });
  const hann = (opts.window ?? STFT_DEFAULTS.window) === 'hann' && winLength === nFft;
  const padMode = opts.padMode ?? STFT_DEFAULTS.padMode;
  return { hann, nFft, hopLength, window, y, pad, padMode, nFrames };
}

/** The padded signal as an array (numpy.pad), for the paths that index it directly. */
function paddedArray({ y, pad, padMode }: ResolvedStft): Float32Array {
  return pad === 0 ? y : padSignal(y, pad, pad, padMode);
}

/**
 * The padded signal as a {@link SampleSource}, without copying the whole signal: the interior is
 * read from `y` in place and only the two pads are built. Each pad depends only on the pad + 1
 * samples at its end of `y` (numpy's 'reflect' mirrors them, 'edge' repeats the last one), so
 * padding those short slices gives exactly numpy.pad's edges. A signal shorter than that is
 * padded whole (it is tiny).
 */
function paddedSource(r: ResolvedStft): SampleSource {
  const { y, pad, padMode } = r;
  const n = y.length;
  const parts: Float32Array[] = [];
  if (pad === 0) parts.push(y);
  else if (n <= pad + 1) parts.push(padSignal(y, pad, pad, padMode));
  else {
    parts.push(padSignal(y.subarray(0, pad + 1), pad, 0, padMode).subarray(0, pad), y, padSignal(y.subarray(n - pad - 1), 0, pad, padMode).subarray(pad + 1));
  }
  return (dst, dstOffset, start, count) => {
    let partStart = 0;
    for (const part of parts) {
      const lo = Math.max(start, partStart);
      const hi = Math.min(start + count, partStart + part.length);
      if (lo < hi) dst.set(part.subarray(lo - partStart, hi - partStart), dstOffset + lo - start);
      partStart += part.length;
    }
  };
}

/** Runs the windowed FFT over every frame, handing each frame's spectrum to `sink`. */
function eachSpectrum(r: ResolvedStft, sink: (t: number, re: Float64Array, im: Float64Array) => void): void {
  const { nFft, hopLength, window, nFrames } = r;
  const padded = paddedArray(r);
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

/** Internal knobs of {@link spectrogram}, for tests. */
export interface SpectrogramInternals {
  /** Post-processing of the Hann fast path: 'auto' (Wasm SIMD where available) or the 'js' twin. */
  backend?: SpectrumBackend;
}

/**
 * |STFT|^power without keeping the complex spectrum (librosa.core.spectrum._spectrogram).
 * With the default Hann window the FFT output goes through {@link RealFft.hannSpectra}, which
 * writes power, or magnitude for power = 1, straight into the result: no padded copy of the
 * signal, no separate windowing or sqrt pass.
 */
export function spectrogram(opts: SpectrogramOptions, internals: SpectrogramInternals = {}): FrameMatrix {
  const power = opts.power ?? 1;
  if (!(power > 0)) throw new ParameterError(`power must be > 0, got ${power}`);
  const r = resolve(opts);
  const { nFft, hopLength, window, nFrames } = r;
  const fft = realFft(nFft);
  const nBins = fft.nBins;
  const out = createFrameMatrix(nBins, nFrames);
  const d = out.data;
  if (r.hann && fft.fast) {
    fft.hannSpectra(paddedSource(r), hopLength, nFrames, d, power === 1, internals.backend);
    if (power !== 1 && power !== 2) for (let i = 0; i < d.length; i++) d[i] = Math.pow(d[i], power / 2);
    return out;
  }
  const padded = paddedArray(r);
  const pow = new Float64Array(nBins);
  for (let t = 0; t < nFrames; t++) {
    fft.powerSpectrum(padded, t * hopLength, window, pow);
    d.set(pow, t * nBins);
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
