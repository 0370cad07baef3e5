/** Analysis windows (scipy.signal.get_window with fftbins=True, as librosa uses them). */
import { ParameterError } from '../errors.js';

export type WindowName = 'hann' | 'hamming' | 'ones' | 'boxcar';

const cache = new Map<string, Float64Array>();

/**
 * Periodic ("DFT-even") window of length `n`: librosa.filters.get_window(window, n, fftbins=True).
 * hann: 0.5 - 0.5 cos(2πi/n); hamming: 0.54 - 0.46 cos(2πi/n); ones/boxcar: 1.
 * Cached: windows are deterministic and read-only by convention.
 */
export function getWindow(name: WindowName, n: number): Float64Array {
  const key = `${name}:${n}`;
  let w = cache.get(key);
  if (w) return w;
  if (!Number.isInteger(n) || n < 1) throw new ParameterError(`window length must be a positive integer, got ${n}`);
  w = new Float64Array(n);
  switch (name) {
    case 'hann':
      for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
      break;
    case 'hamming':
      for (let i = 0; i < n; i++) w[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / n);
      break;
    case 'ones':
    case 'boxcar':
      w.fill(1);
      break;
    default:
      throw new ParameterError(`window must be one of hann, hamming, ones, boxcar; got '${String(name)}'`);
  }
  cache.set(key, w);
  return w;
}

/** librosa.util.pad_center: centre `w` in a length-`size` array of zeros. */
export function padCenter(w: Float64Array, size: number): Float64Array {
  if (w.length === size) return w;
  if (w.length > size) throw new ParameterError(`win_length (${w.length}) must be <= n_fft (${size})`);
  const out = new Float64Array(size);
  out.set(w, Math.floor((size - w.length) / 2));
  return out;
}
