/** probeFile: what an audio file is (format, codec, channels, rate, duration, tags) without decoding it, for `sonicprint info`. */
import { parseFile, type IAudioMetadata } from 'music-metadata';
import { AudioDecodeError } from '../errors.js';
import { openFileSource, type ByteSource } from './byte-source.js';
import { sniffSource } from './decode.js';
import { parseFlacStreamInfo } from './decoders/flac.js';
import { lastOggGranule } from './decoders/ogg-pages.js';
import { isMpegFrameChain, parseMpegFrameHeader, parseMpegStreamInfo } from './decoders/mpeg-header.js';
import { FORMAT_NAMES, type AudioFormat } from './sniff.js';
import { readWavHeader, wavCodecName } from './wav.js';

/** The common tags, when the file has them. */
export interface AudioTags {
  artist?: string;
  title?: string;
  album?: string;
  genre?: string;
  year?: number;
  trackNumber?: number;
}

/** What `sonicprint info` prints; plain JSON. */
export interface AudioInfo {
  path: string;
  sizeBytes: number;
  /** Sniffed from the bytes. */
  format: AudioFormat;
  /** Readable name of `format`, e.g. "Ogg Opus". */
  formatName: string;
  /** Container as music-metadata names it, e.g. "MPEG", "FLAC", "Ogg", "M4A/isom/iso2", "WAVE". */
  container: string;
  /** Codec, e.g. "MPEG 1 Layer 3", "FLAC", "Opus", "MPEG-4/AAC", "PCM 16-bit". */
  codec: string;
  channels: number;
  /** Hz. */
  sampleRate: number;
  /** Seconds; exact from the headers for WAV, FLAC and LAME/ffmpeg MP3s, else as music-metadata estimates. Absent if unknown. */
  duration?: number;
  /** Average bits per second. Absent if unknown. */
  bitrate?: number;
  bitsPerSample?: number;
  lossless: boolean;
  tags: AudioTags;
}

/**
 * Reads an audio file's description from its headers and tags (music-metadata), plus our own
 * header parsers where they are exact: WAV frame counts, FLAC STREAMINFO, and the LAME tag
 * of MP3s, whose gapless length music-metadata does not subtract.
 * Errors are the same as decodeFile's: E_NOT_FOUND, E_IS_DIRECTORY, E_UNREADABLE,
 * E_EMPTY_FILE, E_UNKNOWN_FORMAT, E_NO_AUDIO (empty WAV), and E_CORRUPT when the metadata
 * cannot be read.
 */
export async function probeFile(path: string): Promise<AudioInfo> {
  const source = await openFileSource(path);
  try {
    const { format, dataStart } = await sniffSource(source);
    const exact = await exactHeaderInfo(source, format, dataStart);
    let meta: IAudioMetadata;
    try {
      meta = await parseFile(path, { skipCovers: true });
      if (meta.format.duration === undefined && exact.duration === undefined) {
        meta = await parseFile(path, { skipCovers: true, duration: true }); // scans the whole file
      }
    } catch (err) {
      throw new AudioDecodeError('E_CORRUPT', path, `cannot read the ${FORMAT_NAMES[format]} headers: ${(err as Error).message}`, err);
    }
    const f = meta.format;
    const duration = exact.duration ?? f.duration;
    // music-metadata's bitrate for Ogg streams comes from header hints that are often wrong; average instead.
    const averaged = duration ? Math.round(((source.size - dataStart) * 8) / duration) : undefined;
    const bitrate = format.startsWith('ogg') || f.bitrate === undefined ? averaged : Math.round(f.bitrate);
    const channels = exact.channels ?? f.numberOfChannels;
    const sampleRate = exact.sampleRate ?? f.sampleRate;
    if (!channels || !sampleRate) {
      throw new AudioDecodeError('E_CORRUPT', path, `the ${FORMAT_NAMES[format]} headers do not give the channel count and sample rate`);
    }
    return {
      path,
      sizeBytes: source.size,
      format,
      formatName: FORMAT_NAMES[format],
      container: f.container ?? FORMAT_NAMES[format],
      codec: exact.codec ?? f.codec ?? 'unknown',
      channels,
      sampleRate,
      ...(duration === undefined ? {} : { duration }),
      ...(bitrate === undefined ? {} : { bitrate }),
      ...((exact.bitsPerSample ?? f.bitsPerSample) === undefined ? {} : { bitsPerSample: exact.bitsPerSample ?? f.bitsPerSample }),
      lossless: f.lossless ?? (format === 'wav' || format === 'flac' || format === 'ogg-flac'),
      tags: tagsOf(meta),
    };
  } finally {
    await source.close();
  }
}

interface ExactInfo {
  duration?: number;
  channels?: number;
  sampleRate?: number;
  codec?: string;
  bitsPerSample?: number;
}

/** Facts our own parsers know exactly, from the first few KiB. */
async function exactHeaderInfo(source: ByteSource, format: AudioFormat, dataStart: number): Promise<ExactInfo> {
  if (format === 'wav') {
    const h = await readWavHeader((o, n) => source.read(dataStart + o, n), source.size - dataStart, source.name);
    return { duration: h.frames / h.sampleRate, channels: h.channels, sampleRate: h.sampleRate, codec: wavCodecName(h), bitsPerSample: h.validBitsPerSample };
  }
  const head = await source.read(dataStart, 64 * 1024);
  if (format === 'flac' || format === 'ogg-flac') {
    const info = parseFlacStreamInfo(head);
    if (!info) return {};
    const { sampleRate, channels, bitsPerSample } = info;
    let { totalSamples } = info;
    if (totalSamples === undefined && format === 'ogg-flac') {
      // Ogg FLAC encoders often leave STREAMINFO's total at 0: the last page's granule has it.
      totalSamples = lastOggGranule(await source.read(Math.max(0, source.size - 64 * 1024), 64 * 1024));
    }
    return { sampleRate, channels, bitsPerSample, ...(totalSamples === undefined ? {} : { duration: totalSamples / sampleRate }) };
  }
  if (format === 'mp3') {
    for (let i = 0; i + 4 <= head.length; i++) {
      if (head[i] !== 0xff || !isMpegFrameChain(head, i, 2, i === 0)) continue;
      const h = parseMpegFrameHeader(head, i)!;
      const samples = parseMpegStreamInfo(head, i, h)?.samples;
      return samples === undefined ? {} : { duration: samples / h.sampleRate };
    }
  }
  return {};
}

function tagsOf(meta: IAudioMetadata): AudioTags {
  const c = meta.common;
  const tags: AudioTags = {};
  if (c.artist) tags.artist = c.artist;
  if (c.title) tags.title = c.title;
  if (c.album) tags.album = c.album;
  if (c.genre && c.genre.length > 0) tags.genre = c.genre.join('; ');
  if (c.year) tags.year = c.year;
  if (c.track?.no) tags.trackNumber = c.track.no;
  return tags;
}
