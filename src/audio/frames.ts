/** Centring/padding a signal and slicing it into frames, as librosa.util.frame with center=True. */
import { ParameterError } from '../errors.js';

/** numpy.pad modes librosa offers for centred frames. */
export type PadMode = 'constant' | 'edge' | 'reflect';

/**
 * numpy.pad(y, (before, after), mode): 'constant' pads zeros, 'edge' repeats the end samples,
 * 'reflect' mirrors without repeating the end sample (numpy semantics, repeated for long pads).
 */
export function padSignal(y: Float32Array, before: number, after: number, mode: PadMode): Float32Array {
  const n = y.length;
  const out = new Float32Array(n + before + after);
  out.set(y, before);
  if (mode === 'constant' || n === 0) return out;
  if (mode === 'edge') {
    out.fill(y[0], 0, before);
    out.fill(y[n - 1], before + n);
    return out;
  }
  if (mode === 'reflect') {
    if (n === 1) {
      out.fill(y[0]);
      return out;
    }
    const period = 2 * (n - 1);
    const at = (i: number): number => {
      let m = ((i % period) + period) % period;
      if (m >= n) m = period - m;
      return y[m];
    };
    for (let i = 0; i < before; i++) out[i] = at(i - before);
    for (let i = 0; i < after; i++) out[before + n + i] = at(n + i);
    return out;
  }
  throw new ParameterError(`pad_mode must be 'constant', 'edge' or 'reflect'; got '${String(mode)}'`);
}

/** Number of frames librosa produces: 1 + floor((len - frameLength) / hop) of the (padded) signal. */
export function frameCount(paddedLength: number, frameLength: number, hopLength: number): number {
  if (paddedLength < frameLength) return 0;
  return 1 + Math.floor((paddedLength - frameLength) / hopLength);
}

export interface FramingOptions {
  frameLength: number;
  hopLength: number;
  center: boolean;
  padMode: PadMode;
}

/**
 * Checks the framing parameters and returns the padding on each side (frameLength/2 when centred) and
 * librosa's frame count, without building the padded signal (the STFT reads the pads in place).
 */
export function framing(signalLength: number, opts: Omit<FramingOptions, 'padMode'>): { pad: number; nFrames: number } {
  const { frameLength, hopLength, center } = opts;
  if (!Number.isInteger(frameLength) || frameLength < 1) throw new ParameterError(`frame_length/n_fft must be a positive integer, got ${frameLength}`);
  if (!Number.isInteger(hopLength) || hopLength < 1) throw new ParameterError(`hop_length must be a positive integer, got ${hopLength}`);
  const pad = center ? Math.floor(frameLength / 2) : 0;
  if (signalLength + 2 * pad < frameLength) {
    throw new ParameterError(`signal of ${signalLength} samples is shorter than n_fft=${frameLength}; use center=true or a smaller n_fft`);
  }
  return { pad, nFrames: frameCount(signalLength + 2 * pad, frameLength, hopLength) };
}

/** The signal as frames will read it: padded by frameLength/2 on each side when centred. */
export function framedSignal(y: Float32Array, opts: FramingOptions): { padded: Float32Array; nFrames: number } {
  const { pad, nFrames } = framing(y.length, opts);
  return { padded: pad === 0 ? y : padSignal(y, pad, pad, opts.padMode), nFrames };
}
