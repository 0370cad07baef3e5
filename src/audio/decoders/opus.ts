/** Ogg Opus StreamDecoder over the libopus WASM decoder; output is always 48 kHz, as Opus itself is. */
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { OggStreamTracker } from './ogg-pages.js';
import { addDecoderErrors, EMPTY_CHUNK, type DecodedChunk, type StreamDecoder } from './stream-decoder.js';

export class OpusDecoder implements StreamDecoder {
  readonly ready: Promise<void>;
  readonly codec = 'Opus';
  readonly expectedFrames = undefined;
  readonly warnings: string[] = [];
  /** forceStereo off: keep the stream's own channel count (mono stays mono, 5.1 stays 6). */
  private readonly decoder = new OggOpusDecoder({ forceStereo: false });
  private readonly pages = new OggStreamTracker();
  private readonly errorState = { count: 0 };

  constructor() {
    this.ready = this.decoder.ready;
  }

  async decode(bytes: Uint8Array): Promise<DecodedChunk> {
    await this.ready;
    const whole = this.pages.push(bytes);
    if (whole.length === 0) return EMPTY_CHUNK;
    return this.take(await this.decoder.decode(whole));
  }

  async flush(): Promise<DecodedChunk> {
    await this.ready;
    const out = this.take(await this.decoder.flush());
    const truncated = this.pages.end();
    if (truncated) this.warnings.push(truncated);
    return out;
  }

  free(): void {
    this.decoder.free();
  }

  private take(r: { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; errors: { message: string }[] }): DecodedChunk {
    addDecoderErrors(this.warnings, r.errors, this.errorState);
    return { channelData: r.channelData, samplesDecoded: r.samplesDecoded, sampleRate: r.samplesDecoded > 0 ? r.sampleRate : 0 };
  }
}
