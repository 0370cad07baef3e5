/** decodeFile / decodeBuffer: any supported audio file to planar (or mixed-down) float32 PCM, only the requested span, in bounded memory. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioDecodeError, SonicprintError } from '../errors.js';
import { bufferSource, openFileSource, type ByteSource } from './byte-source.js';
import { decodeWithFfmpeg, resolveFfmpegPath } from './decoders/ffmpeg.js';
import { createStreamDecoder, isStreamFormat, type StreamDecoder, type StreamFormat } from './decoders/index.js';
import { readWavSpan } from './decoders/wav-reader.js';
import type { PcmAudio } from './signal.js';
import { describeBytes, FORMAT_NAMES, id3v2Length, sniffFormat, type AudioFormat } from './sniff.js';
import { PcmCollector, spanFrames, toTimeSpan, type TimeSpan } from './span.js';
import { readWavHeader, wavCodecName } from './wav.js';

export interface DecodeOptions {
  /** Seconds to skip from the start (librosa.load's `offset`). Default 0. */
  offset?: number;
  /** Seconds to decode from `offset` on (librosa.load's `duration`). Default: to the end. */
  duration?: number;
  /** ffmpeg binary for formats without an in-process decoder. Default: $SONICPRINT_FFMPEG, else `ffmpeg`. */
  ffmpegPath?: string;
  /**
   * Mix to mono while decoding: `channels` is then one array, bit for bit what
   * toMono(decodeFile(...)) gives, without a full-length array per channel in between.
   * Default false.
   */
  mono?: boolean;
}

/** Decoded audio at its native sample rate and channel count (or mixed to mono on request), with what was decoded. */
export interface DecodedFile extends PcmAudio {
  /** The format sniffed from the bytes. */
  format: AudioFormat;
  /** The codec inside, e.g. "PCM 16-bit", "MPEG-1 Layer III", "FLAC 24-bit", "aac (LC)". */
  codec: string;
  /** Non-fatal problems, e.g. "truncated: ..." when a damaged file was decoded as far as possible. */
  warnings: string[];
  /** The file's channel count (`channels` has one array when DecodeOptions.mono was set). */
  sourceChannels: number;
}

/** Bytes fed to a streaming decoder at a time: the unit of "read only what is needed". */
export const CHUNK_BYTES = 256 * 1024;
/** Bytes read to sniff the format. */
const HEAD_BYTES = 64 * 1024;

/**
 * Decodes an audio file, sniffing its format from its bytes (never its name). Formats with
 * an in-process decoder (WAV, MP3, FLAC, Ogg Vorbis/Opus/FLAC) need nothing installed; others
 * (AAC/M4A, AIFF, WMA...) run ffmpeg, or fail with E_NEEDS_FFMPEG.
 *
 * Memory: WAV reads only the bytes of the span; compressed formats are read in 256 KiB chunks,
 * samples before `offset` are dropped as they come, and reading stops once the span is full.
 * ffmpeg's output is streamed the same way. Time: WAV seeks; compressed formats decode from the
 * start (an offset costs decode time: some 3 s per hour skipped for AAC through ffmpeg, 7 s for
 * MP3), because seeking into them does not reproduce the samples a full decode gives.
 *
 * Errors (AudioDecodeError/ParameterError, message starts with the path): E_NOT_FOUND,
 * E_IS_DIRECTORY, E_UNREADABLE, E_EMPTY_FILE, E_UNKNOWN_FORMAT (says what the bytes look
 * like), E_CORRUPT, E_NO_AUDIO (zero-length audio, or `offset` at or past the end: we raise
 * rather than return an empty signal so batch jobs report it instead of embedding silence),
 * E_NEEDS_FFMPEG, E_FFMPEG_FAILED, E_INVALID_PARAMETER (negative offset, non-positive duration).
 */
export async function decodeFile(path: string, opts: DecodeOptions = {}): Promise<DecodedFile> {
  const span = toTimeSpan(opts);
  const source = await openFileSource(path);
  try {
    return await decodeSpan(source, span, opts);
  } finally {
    await source.close();
  }
}

/** Like {@link decodeFile} for bytes in memory; `name` (default "<buffer>") is used in messages. */
export async function decodeBuffer(bytes: Uint8Array, opts: DecodeOptions & { name?: string } = {}): Promise<DecodedFile> {
  const span = toTimeSpan(opts);
  return decodeSpan(bufferSource(bytes, opts.name ?? '<buffer>'), span, opts);
}

/**
 * Like {@link decodeFile} over any ByteSource: the seam for custom storage, and for tests
 * that count the bytes a decode reads. The caller closes the source.
 */
export async function decodeSource(source: ByteSource, opts: DecodeOptions = {}): Promise<DecodedFile> {
  return decodeSpan(source, toTimeSpan(opts), opts);
}

/** The format of a source and where its audio starts (after any ID3v2 tags). */
export async function sniffSource(source: ByteSource): Promise<{ format: AudioFormat; dataStart: number }> {
  if (source.size === 0) throw new AudioDecodeError('E_EMPTY_FILE', source.name, 'the file is empty (0 bytes)');
  const head = await source.read(0, HEAD_BYTES);
  let dataStart = 0;
  let window = head;
  // Skip ID3v2 tags by reading past them: they can be megabytes of cover art.
  for (let tags = 0, n = id3v2Length(window); n > 0 && tags < 4; tags++, n = id3v2Length(window)) {
    dataStart += n;
    window = await source.read(dataStart, HEAD_BYTES);
  }
  const format = sniffFormat(window) ?? (dataStart > 0 ? 'mp3' : undefined);
  if (!format) {
    throw new AudioDecodeError('E_UNKNOWN_FORMAT', source.name, `not an audio file we recognise (${describeBytes(head)})`);
  }
  return { format, dataStart };
}

async function decodeSpan(source: ByteSource, span: TimeSpan, opts: DecodeOptions): Promise<DecodedFile> {
  const mono = opts.mono ?? false;
  const { format, dataStart } = await sniffSource(source);
  if (format === 'wav') {
    // dataStart > 0 when an ID3v2 tag was glued in front of the RIFF header (some taggers do that).
    const header = await readWavHeader((o, n) => source.read(dataStart + o, n), source.size - dataStart, source.name);
    header.dataOffset += dataStart;
    if (header.encoding) {
      const channels = await readWavSpan(source, header, span, mono);
      const out = { format, codec: wavCodecName(header), channels, sampleRate: header.sampleRate, warnings: header.warnings, sourceChannels: header.channels };
      return finish(source, span, out, header.frames);
    }
    // ADPCM, µ-law, MP3-in-WAV...: ffmpeg knows them all.
    return viaFfmpeg(source, format, span, opts, `WAV (${wavCodecName(header)})`);
  }
  if (isStreamFormat(format)) return decodeStream(source, format, dataStart, span, mono);
  return viaFfmpeg(source, format, span, opts, FORMAT_NAMES[format]);
}

/** Feeds the file to a StreamDecoder chunk by chunk, keeping only the span, stopping once it is full. */
async function decodeStream(source: ByteSource, format: StreamFormat, dataStart: number, span: TimeSpan, mono: boolean): Promise<DecodedFile> {
  const decoder: StreamDecoder = createStreamDecoder(format);
  try {
    await decoder.ready;
    const collector = new PcmCollector(span, { expectedFrames: () => decoder.expectedFrames, mono });
    let reachedEnd = true;
    for (let pos = dataStart; pos < source.size; ) {
      const bytes = await source.read(pos, CHUNK_BYTES);
      if (bytes.length === 0) break;
      pos += bytes.length;
      const chunk = await decoder.decode(bytes);
      collector.push(chunk.channelData, chunk.samplesDecoded, chunk.sampleRate);
      if (collector.done) {
        reachedEnd = false;
        break;
      }
    }
    if (reachedEnd) {
      const chunk = await decoder.flush();
      collector.push(chunk.channelData, chunk.samplesDecoded, chunk.sampleRate);
    }
    const warnings = [...decoder.warnings];
    if (collector.framesSeen === 0) {
      // Nothing decoded at all: damaged if the decoder complained, else a valid but empty stream.
      if (warnings.length > 0) {
        throw new AudioDecodeError('E_CORRUPT', source.name, `could not decode any audio from this ${FORMAT_NAMES[format]} file: ${warnings.join('; ')}`);
      }
      throw new AudioDecodeError('E_NO_AUDIO', source.name, `the ${FORMAT_NAMES[format]} stream holds no samples (zero-length audio)`);
    }
    const channels = collector.finish();
    const out = { format, codec: decoder.codec, channels, sampleRate: collector.sampleRate, warnings, sourceChannels: collector.channelCount };
    return finish(source, span, out, collector.framesSeen);
  } catch (err) {
    if (err instanceof SonicprintError) throw err;
    throw new AudioDecodeError('E_CORRUPT', source.name, `damaged ${FORMAT_NAMES[format]} data: ${(err as Error).message}`, err);
  } finally {
    decoder.free();
  }
}

async function viaFfmpeg(source: ByteSource, format: AudioFormat, span: TimeSpan, opts: DecodeOptions, formatName: string): Promise<DecodedFile> {
  const ffmpegPath = resolveFfmpegPath(opts.ffmpegPath);
  let path = source.path;
  let tempDir: string | undefined;
  try {
    if (path === undefined) {
      // ffmpeg must seek (an MP4's index is often at its end), which a pipe cannot do: use a temp file.
      tempDir = await mkdtemp(join(tmpdir(), 'sonicprint-'));
      path = join(tempDir, 'input');
      await writeFile(path, await source.read(0, source.size));
    }
    const r = await decodeWithFfmpeg({ path, name: source.name, formatName, span, ffmpegPath, mono: opts.mono });
    if (r.framesSeen === 0) throw new AudioDecodeError('E_NO_AUDIO', source.name, `the ${formatName} file holds no samples`);
    const out = { format, codec: r.codec, channels: r.channels, sampleRate: r.sampleRate, warnings: [], sourceChannels: r.sourceChannels };
    return finish(source, span, out, r.framesSeen);
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

/** Final checks shared by the in-process paths: an offset past the end is E_NO_AUDIO. */
function finish(source: ByteSource, span: TimeSpan, out: DecodedFile, totalFrames: number): DecodedFile {
  if (out.channels.length === 0 || out.channels[0].length === 0) {
    const { start } = spanFrames(span, out.sampleRate);
    if (start >= totalFrames) {
      const total = (totalFrames / out.sampleRate).toFixed(3);
      throw new AudioDecodeError('E_NO_AUDIO', source.name, `offset ${span.offset} s is at or beyond the end of the audio (${total} s)`);
    }
    throw new AudioDecodeError('E_NO_AUDIO', source.name, 'no samples in the requested span');
  }
  return out;
}
