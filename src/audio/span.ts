/** The time span a caller asked to decode (librosa's offset/duration), and the collector that keeps only that span. */
import { ParameterError } from '../errors.js';
import { mixToMono } from './mono.js';

/** Seconds, as librosa.load takes them: skip `offset`, then keep at most `duration` (all when undefined). */
export interface TimeSpan {
  offset: number;
  duration?: number;
}

/** Checks offset/duration and fills the default: offset >= 0, duration > 0, both finite. */
export function toTimeSpan(opts: { offset?: number; duration?: number }): TimeSpan {
  const offset = opts.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isFinite(offset) || offset < 0) {
    throw new ParameterError(`offset must be a finite number of seconds >= 0, got ${String(opts.offset)}`);
  }
  const { duration } = opts;
  if (duration !== undefined && (typeof duration !== 'number' || !Number.isFinite(duration) || duration <= 0)) {
    throw new ParameterError(`duration must be a finite number of seconds > 0, got ${String(duration)}`);
  }
  return duration === undefined ? { offset } : { offset, duration };
}

/**
 * The span in frames at `sampleRate`: [start, end). Truncates like librosa's soundfile path
 * (`int(offset * sr)`), with a tiny tolerance so that e.g. 0.29 s at 100 Hz is frame 29, not 28
 * from the binary rounding of 0.29 * 100.
 */
export function spanFrames(span: TimeSpan, sampleRate: number): { start: number; end: number } {
  const start = Math.floor(span.offset * sampleRate + 1e-6);
  const end = span.duration === undefined ? Infinity : start + Math.floor(span.duration * sampleRate + 1e-6);
  return { start, end };
}

export interface CollectorOptions {
  /**
   * Read once at the first chunk: the stream's total length from its headers, used to size
   * the output exactly instead of growing it.
   */
  expectedFrames?: () => number | undefined;
  /**
   * Keep one channel, the mean of the stream's (as toMono computes it), mixed as each chunk
   * arrives: callers that want mono then never hold, write and re-read a full-length array
   * per channel.
   */
  mono?: boolean;
}

/**
 * Receives decoded chunks in stream order and keeps only the frames inside a TimeSpan, in
 * per-channel Float32Arrays (or one mixed-down array) that grow by doubling (or are sized
 * exactly when the total is known), so a long file costs memory only for the requested span.
 * The span in frames is fixed by the sample rate of the first non-empty chunk.
 */
export class PcmCollector {
  sampleRate = 0;
  /** Frames received so far, kept or not: where the stream is, in frames. */
  framesSeen = 0;
  private start = 0;
  private end = Infinity;
  private length = 0;
  private channels = 0;
  private buffers: Float32Array[] = [];

  constructor(
    private readonly span: TimeSpan,
    private readonly opts: CollectorOptions = {},
  ) {}

  /** True once the end of the span has been received: the caller can stop decoding. */
  get done(): boolean {
    return this.framesSeen >= this.end;
  }

  /** Channels in the stream (the output has one when mixing to mono); 0 before the first chunk. */
  get channelCount(): number {
    return this.channels;
  }

  /** Frames kept so far. */
  get keptFrames(): number {
    return this.length;
  }

  /** Adds `n` frames of planar audio. Throws if the channel count or sample rate changes mid-stream. */
  push(channelData: readonly Float32Array[], n: number, sampleRate: number): void {
    if (n <= 0 || channelData.length === 0) return;
    if (this.sampleRate === 0) this.begin(channelData.length, sampleRate);
    else if (sampleRate !== this.sampleRate || channelData.length !== this.channels) {
      throw new Error(
        `the stream changes format mid-way (${this.channels} ch at ${this.sampleRate} Hz, then ${channelData.length} ch at ${sampleRate} Hz)`,
      );
    }
    const from = Math.max(this.start - this.framesSeen, 0);
    const to = Math.min(n, this.end - this.framesSeen);
    this.framesSeen += n;
    if (to <= from) return;
    const count = to - from;
    this.reserve(this.length + count);
    if (this.opts.mono) {
      mixToMono(channelData, from, count, this.buffers[0], this.length);
      this.length += count;
      return;
    }
    for (let c = 0; c < this.buffers.length; c++) {
      const src = channelData[c];
      this.buffers[c].set(from === 0 && count === src.length ? src : src.subarray(from, to), this.length);
    }
    this.length += count;
  }

  /**
   * If the next `n` frames all come before the span, counts them as seen and returns true, so
   * the caller need not convert them; otherwise returns false and the caller pushes them.
   */
  skip(n: number, channels: number, sampleRate: number): boolean {
    if (n <= 0) return true;
    if (this.sampleRate === 0) this.begin(channels, sampleRate);
    if (this.framesSeen + n > this.start || sampleRate !== this.sampleRate) return false;
    this.framesSeen += n;
    return true;
  }

  /** The kept frames, one exactly-sized array per channel, or one when mixing (empty when nothing was kept). */
  finish(): Float32Array[] {
    const out = this.buffers.map((b) => (b.length === this.length ? b : b.slice(0, this.length)));
    this.buffers = [];
    return out;
  }

  private begin(channels: number, sampleRate: number): void {
    this.sampleRate = sampleRate;
    this.channels = channels;
    ({ start: this.start, end: this.end } = spanFrames(this.span, sampleRate));
    const total = this.opts.expectedFrames?.();
    const wanted = Math.min(this.end, total ?? Infinity) - this.start;
    // Exact when the length is known; otherwise start at 30 s (or the span) and double.
    const initial = Number.isFinite(wanted) && total !== undefined ? wanted : Math.min(this.end - this.start, 30 * sampleRate);
    const capacity = Math.max(0, Math.ceil(initial));
    this.buffers = Array.from({ length: this.opts.mono ? 1 : channels }, () => new Float32Array(capacity));
  }

  private reserve(frames: number): void {
    const cap = this.buffers[0].length;
    if (frames <= cap) return;
    const next = Math.min(Math.max(frames, cap * 2, 4096), this.end - this.start);
    this.buffers = this.buffers.map((b) => {
      const grown = new Float32Array(next);
      grown.set(b.subarray(0, this.length));
      return grown;
    });
  }
}
