/** Ogg Vorbis StreamDecoder over the libvorbis WASM decoder. */
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { OggStreamTracker } from './ogg-pages.js';
import { addDecoderErrors, EMPTY_CHUNK, quietly, type DecodedChunk, type StreamDecoder } from './stream-decoder.js';

export class VorbisDecoder implements StreamDecoder {
  readonly ready: Promise<void>;
  readonly codec = 'Vorbis';
  /** Vorbis headers do not carry the length (only the last page's granule position does). */
  readonly expectedFrames = undefined;
  readonly warnings: string[] = [];
  private readonly decoder = new OggVorbisDecoder();
  private readonly pages = new OggStreamTracker();
  private readonly errorState = { count: 0 };

  constructor() {
    this.ready = this.decoder.ready;
  }

  async decode(bytes: Uint8Array): Promise<DecodedChunk> {
    await this.ready;
    const whole = this.pages.push(bytes);
    if (whole.length === 0) return EMPTY_CHUNK;
    return this.take(await quietly(() => this.decoder.decode(whole)));
  }

  async flush(): Promise<DecodedChunk> {
    await this.ready;
    const out = this.take(await quietly(() => this.decoder.flush()));
    const truncated = this.pages.end();
    if (truncated) this.warnings.push(truncated);
    return out;
  }

  free(): void {
    this.decoder.free();
  }

  private take(r: { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; errors: { message: string }[] }): DecodedChunk {
    addDecoderErrors(this.warnings, r.errors, this.errorState);
    return { channelData: r.channelData, samplesDecoded: r.samplesDecoded, sampleRate: r.sampleRate };
  }
}
