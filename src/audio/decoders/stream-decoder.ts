/** StreamDecoder: the interface every in-process compressed-audio decoder implements (bytes in, PCM out, chunk by chunk). */

/** Planar PCM produced by one `decode` or `flush` call; `samplesDecoded` frames per channel. */
export interface DecodedChunk {
  channelData: Float32Array[];
  samplesDecoded: number;
  /** Hz; 0 when nothing has been decoded yet. */
  sampleRate: number;
}

/**
 * A streaming decoder for one codec. Feed the file's bytes in order, in chunks of any size
 * (a frame may span chunks), then call `flush` once at the end of the file. A caller that has
 * what it needs may stop early and just `free`. Every implementation runs the conformance
 * suite in stream-decoder.test.ts.
 */
export interface StreamDecoder {
  /** Resolves when the WASM module is instantiated; `decode` awaits it too. */
  readonly ready: Promise<void>;
  /** Readable codec name, e.g. "MPEG-1 Layer III", "FLAC 24-bit", "Vorbis", "Opus". */
  readonly codec: string;
  /**
   * Total frames the stream's own headers promise (Xing/LAME, FLAC STREAMINFO), once the
   * first chunk is in; undefined when the headers do not say. Used to size output exactly.
   */
  readonly expectedFrames: number | undefined;
  /** Problems seen so far: decoder errors, and "truncated: ..." once `flush` finds the end missing. */
  readonly warnings: readonly string[];
  decode(bytes: Uint8Array): Promise<DecodedChunk>;
  /** Signals the end of the input: returns what the decoder still held, and checks for truncation. */
  flush(): Promise<DecodedChunk>;
  /** Releases the WASM memory. The decoder cannot be used afterwards. */
  free(): void;
}

/** Format keys of the codecs with an in-process decoder. */
export type StreamFormat = 'mp3' | 'flac' | 'ogg-flac' | 'ogg-vorbis' | 'ogg-opus';

export const EMPTY_CHUNK: DecodedChunk = Object.freeze({ channelData: [], samplesDecoded: 0, sampleRate: 0 }) as DecodedChunk;

/**
 * Runs `fn` with console.error silenced. The WASM decoders print every damaged frame to
 * stderr themselves; we report those through `warnings` instead, so a library call or
 * `--json` output stays clean. Safe only around synchronous work: the swap is undone before
 * any other code can run.
 */
export function quietly<T>(fn: () => T): T {
  const original = console.error;
  console.error = () => {};
  try {
    return fn();
  } finally {
    console.error = original;
  }
}

/** Most decoder-error warnings kept per file: a badly damaged file can have thousands. */
const MAX_ERROR_WARNINGS = 5;

/** Appends decoder error messages to `warnings`, at most a few, then a count of the rest. */
export function addDecoderErrors(warnings: string[], errors: readonly { message: string }[], state: { count: number }): void {
  for (const e of errors) {
    state.count++;
    if (state.count <= MAX_ERROR_WARNINGS) warnings.push(`decoder error: ${e.message.trim()}`);
    else if (state.count === MAX_ERROR_WARNINGS + 1) warnings.push('decoder error: more errors not shown');
  }
}
