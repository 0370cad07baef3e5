/** The Embedder interface: anything that turns a mono signal into one fixed-length vector (a fingerprint). */

/**
 * An audio embedding model. The DSP fingerprint `sonicprint-v1` is the default; deep models
 * (OpenL3, CLAP, ...) plug in beside it by implementing this interface.
 */
export interface Embedder {
  /** Stable identifier stored with every vector, e.g. 'sonicprint-v1'. Vectors of different ids are never compared. */
  readonly id: string;
  /** Length of the vectors `embed` returns. */
  readonly dim: number;
  /** Sample rate (Hz) of the mono signal `embed` expects. */
  readonly sampleRate: number;
  /** One vector for the whole signal (not normalised: the library standardises vectors with its own statistics). */
  embed(y: Float32Array): Float32Array;
}

/** Which part of a track is analysed: like a streaming preview, 30 s from the middle by default. */
export type Segment = 'start' | 'middle' | 'full';

export interface ExcerptOptions {
  segment: Segment;
  /** Length of the excerpt in seconds (ignored for 'full'). */
  seconds: number;
}

export const EXCERPT_DEFAULTS: Readonly<ExcerptOptions> = Object.freeze({ segment: 'middle', seconds: 30 });

/**
 * The span to decode for an excerpt of a track of `duration` seconds: `{ offset, duration }` for load().
 * Tracks shorter than the excerpt are analysed whole.
 */
export function excerptSpan(trackDuration: number, opts: ExcerptOptions = EXCERPT_DEFAULTS): { offset: number; duration?: number } {
  if (opts.segment === 'full' || !(trackDuration > opts.seconds)) return { offset: 0 };
  if (opts.segment === 'start') return { offset: 0, duration: opts.seconds };
  return { offset: (trackDuration - opts.seconds) / 2, duration: opts.seconds };
}
