/** Types for audio in memory: planar PCM as decoded, and mono signals as analysed. */

/** Decoded audio, one Float32Array per channel, samples in [-1, 1]. */
export interface PcmAudio {
  channels: Float32Array[];
  sampleRate: number;
}

/** A mono signal and its sample rate: the input of every analysis function. */
export interface Signal {
  y: Float32Array;
  sr: number;
}
