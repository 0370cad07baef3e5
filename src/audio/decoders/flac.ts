/** FLAC StreamDecoder (native .flac and FLAC-in-Ogg) over the libFLAC WASM decoder. */
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { OggStreamTracker } from './ogg-pages.js';
import { addDecoderErrors, EMPTY_CHUNK, quietly, type DecodedChunk, type StreamDecoder } from './stream-decoder.js';

/** The STREAMINFO fields we use. */
export interface FlacStreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Frames in the stream; undefined when the encoder did not know (written as 0). */
  totalSamples?: number;
}

/**
 * Reads STREAMINFO from the start of a native FLAC file ("fLaC" + metadata block) or an
 * Ogg FLAC file (first packet "\x7FFLAC" + version + header count + "fLaC" + block).
 */
export function parseFlacStreamInfo(b: Uint8Array): FlacStreamInfo | undefined {
  let at: number;
  if (b[0] === 0x66 && b[1] === 0x4c && b[2] === 0x61 && b[3] === 0x43) at = 8;
  else if (b[0] === 0x4f && b[1] === 0x67 && b[2] === 0x67 && b[3] === 0x53 && b.length > 27) at = 27 + b[26] + 9 + 8;
  else return undefined;
  if (at + 18 > b.length || (b[at - 4] & 0x7f) !== 0) return undefined; // block type 0 = STREAMINFO
  const sampleRate = (b[at + 10] << 12) | (b[at + 11] << 4) | (b[at + 12] >> 4);
  const channels = ((b[at + 12] >> 1) & 7) + 1;
  const bitsPerSample = (((b[at + 12] & 1) << 4) | (b[at + 13] >> 4)) + 1;
  const total = (b[at + 13] & 0x0f) * 2 ** 32 + (((b[at + 14] << 24) | (b[at + 15] << 16) | (b[at + 16] << 8) | b[at + 17]) >>> 0);
  return { sampleRate, channels, bitsPerSample, totalSamples: total > 0 ? total : undefined };
}

export class FlacDecoder implements StreamDecoder {
  readonly ready: Promise<void>;
  readonly warnings: string[] = [];
  private readonly decoder = new FLACDecoder();
  private readonly errorState = { count: 0 };
  private info?: FlacStreamInfo;
  /** The first bytes, kept until they hold STREAMINFO (chunks may be tiny). */
  private head: Uint8Array | undefined = new Uint8Array(0);
  private decoded = 0;
  /** Ogg FLAC only: page chain, for truncation. Native FLAC relies on STREAMINFO's total. */
  private ogg?: OggStreamTracker;
  private fedDecoder = false;

  constructor() {
    this.ready = this.decoder.ready;
  }

  get codec(): string {
    return this.info ? `FLAC ${this.info.bitsPerSample}-bit` : 'FLAC';
  }

  get expectedFrames(): number | undefined {
    return this.info?.totalSamples;
  }

  async decode(bytes: Uint8Array): Promise<DecodedChunk> {
    await this.ready;
    if (this.head) {
      bytes = this.readHead(bytes);
      if (bytes.length === 0) return EMPTY_CHUNK;
    }
    // Ogg FLAC: only whole pages reach the decoder (see OggStreamTracker.push).
    const whole = this.ogg ? this.ogg.push(bytes) : bytes;
    if (whole.length === 0) return EMPTY_CHUNK;
    this.fedDecoder = true;
    return this.take(await quietly(() => this.decoder.decode(whole)));
  }

  async flush(): Promise<DecodedChunk> {
    await this.ready;
    if (!this.fedDecoder) return EMPTY_CHUNK; // the WASM wrapper cannot flush before its first input
    const out = this.take(await quietly(() => this.decoder.flush()));
    const total = this.info?.totalSamples;
    const oggEnd = this.ogg?.end();
    if (oggEnd) this.warnings.push(oggEnd);
    else if (total !== undefined && this.decoded < total) {
      this.warnings.push(`truncated: decoded ${this.decoded} of the ${total} samples STREAMINFO announces`);
    }
    return out;
  }

  free(): void {
    this.decoder.free();
  }

  /**
   * Collects the first bytes until STREAMINFO can be read. Returns the bytes to decode now:
   * nothing until there are 4 (the WASM wrapper picks native or Ogg from the first 4 bytes
   * of its first input, and fails on fewer), then everything held so far.
   */
  private readHead(bytes: Uint8Array): Uint8Array {
    const seen = this.head!;
    const head = new Uint8Array(seen.length + bytes.length);
    head.set(seen);
    head.set(bytes, seen.length);
    if (head.length < 4) {
      this.head = head;
      return new Uint8Array(0);
    }
    if (head[0] === 0x4f) this.ogg ??= new OggStreamTracker();
    this.info = parseFlacStreamInfo(head);
    this.head = this.info || head.length >= 512 ? undefined : head;
    // Until the decoder has had its first 4 bytes it has seen nothing; afterwards only the new bytes.
    return seen.length < 4 ? head : bytes;
  }

  private take(r: { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; errors: { message: string }[] }): DecodedChunk {
    addDecoderErrors(this.warnings, r.errors, this.errorState);
    this.decoded += r.samplesDecoded;
    return { channelData: r.channelData, samplesDecoded: r.samplesDecoded, sampleRate: r.sampleRate };
  }
}
