/** librosa.load: decode a file (or part of it), mix to mono, resample. For multichannel audio use decodeFile. */
import { ParameterError } from '../errors.js';
import { LOAD_DEFAULTS } from './defaults.js';
import { decodeFile, type DecodedFile } from './decode.js';
import { resample } from './resample.js';
import type { Signal } from './signal.js';

export interface LoadOptions {
  /** Target sample rate; null keeps the file's own rate. Default 22050. */
  sr?: number | null;
  /** Start reading this many seconds in. */
  offset?: number;
  /** Read at most this many seconds. */
  duration?: number;
  /** ffmpeg binary for formats without an in-process decoder (AAC/M4A...). */
  ffmpegPath?: string;
}

/** A loaded signal plus what the decoder said about the file. */
export interface LoadedSignal extends Signal {
  /** The file's own sample rate and channel count, before mixing and resampling. */
  nativeSr: number;
  nativeChannels: number;
  format: DecodedFile['format'];
  codec: string;
  /** Decoder warnings, e.g. a truncated last frame. */
  warnings: string[];
}

/**
 * Decodes `path` from `offset` for `duration` seconds, mixes to mono and resamples to `sr`
 * (polyphase Kaiser sinc, librosa's res_type='polyphase').
 * Only the requested span is decoded and held in memory.
 */
export async function load(path: string, opts: LoadOptions = {}): Promise<LoadedSignal> {
  const sr = opts.sr === undefined ? LOAD_DEFAULTS.sr : opts.sr;
  if (sr !== null && (!Number.isInteger(sr) || sr <= 0)) throw new ParameterError(`sr must be a positive whole number of Hz or null, got ${sr}`);
  // Mixed while decoding: no full-length array per channel is ever made.
  const decoded = await decodeFile(path, { offset: opts.offset, duration: opts.duration, ffmpegPath: opts.ffmpegPath, mono: true });
  const mono = decoded.channels[0];
  const y = sr === null || sr === decoded.sampleRate ? mono : resample(mono, { origSr: decoded.sampleRate, targetSr: sr });
  return {
    y,
    sr: sr ?? decoded.sampleRate,
    nativeSr: decoded.sampleRate,
    nativeChannels: decoded.sourceChannels,
    format: decoded.format,
    codec: decoded.codec,
    warnings: decoded.warnings,
  };
}
