/** The registry of in-process decoders: which StreamDecoder handles which sniffed format. */
import type { AudioFormat } from '../sniff.js';
import { FlacDecoder } from './flac.js';
import { Mp3Decoder } from './mp3.js';
import type { StreamDecoder, StreamFormat } from './stream-decoder.js';
import { createOpusDecoder, createVorbisDecoder } from './ogg.js';

export type { DecodedChunk, StreamDecoder, StreamFormat } from './stream-decoder.js';

const FACTORIES: Readonly<Record<StreamFormat, () => StreamDecoder>> = Object.freeze({
  mp3: () => new Mp3Decoder(),
  flac: () => new FlacDecoder(),
  'ogg-flac': () => new FlacDecoder(),
  'ogg-vorbis': createVorbisDecoder,
  'ogg-opus': createOpusDecoder,
});

/** Formats decoded in-process by a WASM StreamDecoder (WAV is read directly; the rest need ffmpeg). */
export const STREAM_FORMATS: readonly StreamFormat[] = Object.freeze(Object.keys(FACTORIES) as StreamFormat[]);

export function isStreamFormat(format: AudioFormat): format is StreamFormat {
  return Object.hasOwn(FACTORIES, format);
}

/** A fresh decoder for `format`; the caller must `free` it. */
export function createStreamDecoder(format: StreamFormat): StreamDecoder {
  return FACTORIES[format]();
}
