/** Ogg Vorbis and Ogg Opus StreamDecoders: whole Ogg pages fed to a WASM decoder (libvorbis, libopus). */
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { OggStreamTracker } from './ogg-pages.js';
import { addDecoderErrors, EMPTY_CHUNK, quietly, type DecodedChunk, type StreamDecoder } from './stream-decoder.js';

interface WasmResult {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string }[];
}

/** The part of the wasm-audio-decoders Ogg API we use (the Vorbis and Opus decoders share it). */
interface OggWasmDecoder {
  ready: Promise<void>;
  decode(bytes: Uint8Array): Promise<WasmResult> | WasmResult;
  flush(): Promise<WasmResult> | WasmResult;
  free(): void;
}

export class OggDecoder implements StreamDecoder {
  readonly ready: Promise<void>;
  /** Ogg headers do not carry the length (only the last page's granule position does). */
  readonly expectedFrames = undefined;
  readonly warnings: string[] = [];
  private readonly pages = new OggStreamTracker();
  private readonly errorState = { count: 0 };

  constructor(
    readonly codec: string,
    private readonly decoder: OggWasmDecoder,
  ) {
    this.ready = decoder.ready;
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

  private take(r: WasmResult): DecodedChunk {
    addDecoderErrors(this.warnings, r.errors, this.errorState);
    return { channelData: r.channelData, samplesDecoded: r.samplesDecoded, sampleRate: r.samplesDecoded > 0 ? r.sampleRate : 0 };
  }
}

export function createVorbisDecoder(): OggDecoder {
  return new OggDecoder('Vorbis', new OggVorbisDecoder());
}

/** Output is always 48 kHz, as Opus itself is; forceStereo off keeps the stream's channel count (mono stays mono, 5.1 stays 6). */
export function createOpusDecoder(): OggDecoder {
  return new OggDecoder('Opus', new OggOpusDecoder({ forceStereo: false }));
}
