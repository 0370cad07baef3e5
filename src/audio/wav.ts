/** WAV (RIFF, RF64/BW64, WAVE_FORMAT_EXTENSIBLE) header parsing and PCM-to-float conversion. */
import { AudioDecodeError } from '../errors.js';
import { mixToMono } from './mono.js';

/** Sample encodings we convert in-process; other WAV codecs (ADPCM, µ-law...) go to ffmpeg. */
export type PcmEncoding = 'uint8' | 'int16' | 'int24' | 'int32' | 'float32' | 'float64';

/** What a WAV header says, with the data chunk's position resolved. */
export interface WavHeader {
  container: 'RIFF' | 'RF64' | 'BW64';
  /** The codec tag; for WAVE_FORMAT_EXTENSIBLE the sub-format's tag (1 = PCM, 3 = float). */
  formatTag: number;
  extensible: boolean;
  /** How to convert samples, or undefined when the codec is not plain PCM/float. */
  encoding?: PcmEncoding;
  channels: number;
  sampleRate: number;
  /** Bits per sample as stored (the container size, e.g. 24 for 20-bit audio in 3 bytes). */
  bitsPerSample: number;
  /** Significant bits (WAVE_FORMAT_EXTENSIBLE), else the same as bitsPerSample. */
  validBitsPerSample: number;
  /** Bytes per frame (one sample of every channel). */
  blockAlign: number;
  /** Absolute offset of the first sample byte. */
  dataOffset: number;
  /** Bytes of sample data actually present (clipped to the file); Infinity for an endless stream. */
  dataBytes: number;
  /** Whole frames present; Infinity for an endless stream. */
  frames: number;
  /** Oddities worth telling the user, e.g. "truncated: ...". */
  warnings: string[];
}

/** Reads up to `length` bytes at `offset` (shorter only at the end). */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Sizes at or above this in a 32-bit size field mean "unknown" (streams, RF64). */
const SIZE_UNKNOWN = 0xffffffff;

/** Names for the non-PCM WAV codecs people meet, for messages. */
const CODEC_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG audio',
  0x0055: 'MP3',
  0x0161: 'WMA',
};

/** A readable codec name for a parsed header, e.g. "PCM 24-bit" or "IEEE float 32-bit". */
export function wavCodecName(h: Pick<WavHeader, 'encoding' | 'formatTag' | 'validBitsPerSample' | 'bitsPerSample'>): string {
  if (h.encoding === 'uint8') return 'PCM 8-bit unsigned';
  if (h.encoding === 'float32' || h.encoding === 'float64') return `IEEE float ${h.bitsPerSample}-bit`;
  if (h.encoding) return `PCM ${h.validBitsPerSample}-bit`;
  const tag = `0x${h.formatTag.toString(16).padStart(4, '0')}`;
  return CODEC_NAMES[h.formatTag] ? `${CODEC_NAMES[h.formatTag]} (WAV format ${tag})` : `WAV format ${tag}`;
}

function pcmEncoding(formatTag: number, bits: number): PcmEncoding | undefined {
  if (formatTag === WAVE_FORMAT_PCM) {
    // Odd sizes (12, 20 bits) sit left-justified in whole bytes; scaling by the container is right.
    const bytes = Math.ceil(bits / 8);
    return bytes === 1 ? 'uint8' : bytes === 2 ? 'int16' : bytes === 3 ? 'int24' : bytes === 4 ? 'int32' : undefined;
  }
  if (formatTag === WAVE_FORMAT_IEEE_FLOAT) return bits === 32 ? 'float32' : bits === 64 ? 'float64' : undefined;
  return undefined;
}

/** Bytes per sample of each encoding. */
export const ENCODING_BYTES: Readonly<Record<PcmEncoding, number>> = Object.freeze({
  uint8: 1,
  int16: 2,
  int24: 3,
  int32: 4,
  float32: 4,
  float64: 8,
});

/**
 * Reads the header of a WAV file by walking its chunks: 'fmt ', 'data', and for RF64/BW64
 * the 'ds64' chunk with the 64-bit sizes. Other chunks (LIST, fact, JUNK, bext, id3...) are
 * skipped by their size without being read, so a large chunk before the audio costs nothing.
 * Tolerated: chunks in any order ('data' before 'fmt '), odd chunk sizes with or without the
 * pad byte, a data size of 0xFFFFFFFF (streamed WAV: read to the end), a data chunk longer
 * than the file (truncated: keep what is there, with a warning).
 *
 * `size` is the total byte count (Infinity for a pipe). Throws AudioDecodeError naming `name`:
 * E_CORRUPT when it is not a usable WAV, E_NO_AUDIO when the data chunk is empty.
 */
export async function readWavHeader(read: ReadAt, size: number, name: string): Promise<WavHeader> {
  const fail = (reason: string): never => {
    throw new AudioDecodeError('E_CORRUPT', name, `not a valid WAV file: ${reason}`);
  };
  // One window of the file at a time: chunk headers are small and usually close together.
  let winAt = 0;
  let win = await read(0, 4096);
  const bytesAt = async (pos: number, n: number): Promise<Uint8Array | undefined> => {
    if (pos < winAt || pos + n > winAt + win.length) {
      winAt = pos;
      win = await read(pos, Math.max(n, 4096));
    }
    const got = win.subarray(pos - winAt, pos - winAt + n);
    return got.length === n ? got : undefined;
  };
  const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
  const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 2 ** 32;
  const id = (b: Uint8Array, i: number) => String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]);

  const riff = await bytesAt(0, 12);
  if (!riff || id(riff, 8) !== 'WAVE') return fail('no RIFF/WAVE header');
  const container = id(riff, 0);
  if (container !== 'RIFF' && container !== 'RF64' && container !== 'BW64') return fail(`unknown container '${container}'`);

  let ds64DataSize: number | undefined;
  let fmt: Omit<WavHeader, 'container' | 'dataOffset' | 'dataBytes' | 'frames' | 'warnings'> | undefined;
  let dataOffset = -1;
  let declaredData = 0;
  const warnings: string[] = [];

  for (let pos = 12; pos + 8 <= size; ) {
    const head = await bytesAt(pos, 8);
    if (!head) break;
    const chunkId = id(head, 0);
    const chunkSize = u32(head, 4);
    if (!/^[\x20-\x7e]{4}$/.test(chunkId)) {
      // Garbage where a chunk should be: some writers leave junk after the data. Stop here.
      if (fmt && dataOffset >= 0) break;
      return fail(`unreadable chunk at byte ${pos}`);
    }
    if (chunkId === 'ds64') {
      const body = await bytesAt(pos + 8, 28);
      if (!body) return fail('ds64 chunk cut short');
      ds64DataSize = u64(body, 8);
    } else if (chunkId === 'fmt ') {
      const body = await bytesAt(pos + 8, Math.min(chunkSize, 40));
      if (!body || chunkSize < 16) return fail("'fmt ' chunk too short");
      let formatTag = body[0] | (body[1] << 8);
      const channels = body[2] | (body[3] << 8);
      const sampleRate = u32(body, 4);
      const blockAlign = body[12] | (body[13] << 8);
      const bitsPerSample = body[14] | (body[15] << 8);
      let validBitsPerSample = bitsPerSample;
      const extensible = formatTag === WAVE_FORMAT_EXTENSIBLE;
      if (extensible) {
        if (body.length < 40) return fail('WAVE_FORMAT_EXTENSIBLE header too short');
        validBitsPerSample = (body[18] | (body[19] << 8)) || bitsPerSample;
        formatTag = body[24] | (body[25] << 8); // first two bytes of the sub-format GUID
      }
      if (channels === 0) return fail('0 channels');
      if (sampleRate === 0) return fail('sample rate 0');
      if (bitsPerSample === 0 && pcmEncoding(formatTag, 8) !== undefined) return fail('0 bits per sample');
      fmt = {
        formatTag,
        extensible,
        encoding: pcmEncoding(formatTag, bitsPerSample),
        channels,
        sampleRate,
        bitsPerSample,
        validBitsPerSample,
        blockAlign,
      };
    } else if (chunkId === 'data') {
      dataOffset = pos + 8;
      declaredData = chunkSize === SIZE_UNKNOWN && ds64DataSize !== undefined ? ds64DataSize : chunkSize;
      if (chunkSize === SIZE_UNKNOWN && ds64DataSize === undefined) declaredData = Infinity;
      if (fmt) break; // never walk past the audio: trailing chunks do not matter
    }
    const length = chunkId === 'data' ? declaredData : chunkSize;
    if (!Number.isFinite(length)) break;
    pos += 8 + length + (length & 1);
  }

  if (!fmt) return fail("no 'fmt ' chunk");
  if (dataOffset < 0) return fail("no 'data' chunk (the file may be cut short)");

  const bytesPer = fmt.encoding ? ENCODING_BYTES[fmt.encoding] : 0;
  if (fmt.encoding && fmt.blockAlign !== fmt.channels * bytesPer) {
    // Some writers get blockAlign wrong; the sample size and channel count are what matter.
    if (fmt.blockAlign !== 0) warnings.push(`header says ${fmt.blockAlign} bytes per frame, using ${fmt.channels * bytesPer}`);
    fmt.blockAlign = fmt.channels * bytesPer;
  }
  const present = Math.max(0, size - dataOffset);
  let dataBytes = declaredData;
  if (declaredData === Infinity) {
    dataBytes = present; // streamed WAV whose sizes were never filled in
  } else if (declaredData > present) {
    warnings.push(`truncated: the data chunk declares ${declaredData} bytes but only ${present} are present`);
    dataBytes = present;
  }
  const frames = fmt.blockAlign > 0 ? Math.floor(dataBytes / fmt.blockAlign) : 0;
  if (frames === 0 && Number.isFinite(size)) {
    throw new AudioDecodeError('E_NO_AUDIO', name, 'the WAV data chunk holds no samples (zero-length audio)');
  }
  return { container, ...fmt, dataOffset, dataBytes, frames, warnings };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A typed view of `bytes` when its alignment allows, else of an aligned copy. */
function view<T>(bytes: Uint8Array, width: number, make: (buf: ArrayBufferLike, off: number, n: number) => T): T {
  const n = bytes.length / width;
  if (bytes.byteOffset % width === 0) return make(bytes.buffer, bytes.byteOffset, n);
  return make(bytes.slice().buffer, 0, n);
}

/**
 * Converts interleaved little-endian samples to planar float32 in [-1, 1], writing
 * `frames = floor(bytes.length / (channels * bytes per sample))` frames into each `out[c]`
 * starting at `outOffset`; returns `frames`.
 * Scaling is the one libsndfile and soundfile use (so librosa sees the same numbers):
 * int / 2^(bits-1), and (u8 - 128) / 128 for 8-bit. Loops run per channel over typed views,
 * which is several times faster than DataView calls per sample.
 */
export function pcmToFloat(
  bytes: Uint8Array,
  encoding: PcmEncoding,
  channels: number,
  out: Float32Array[],
  outOffset = 0,
): number {
  const width = ENCODING_BYTES[encoding];
  const frames = Math.floor(bytes.length / (width * channels));
  const used = bytes.subarray(0, frames * width * channels);
  if (!LITTLE_ENDIAN_HOST && encoding !== 'uint8' && encoding !== 'int24') {
    return pcmToFloatPortable(used, encoding, channels, out, outOffset, frames);
  }
  switch (encoding) {
    case 'uint8':
      for (let c = 0; c < channels; c++) {
        const o = out[c];
        for (let i = 0, j = c; i < frames; i++, j += channels) o[outOffset + i] = (used[j] - 128) * (1 / 128);
      }
      break;
    case 'int16': {
      const v = view(used, 2, (b, off, n) => new Int16Array(b, off, n));
      for (let c = 0; c < channels; c++) {
        const o = out[c];
        for (let i = 0, j = c; i < frames; i++, j += channels) o[outOffset + i] = v[j] * (1 / 32768);
      }
      break;
    }
    case 'int24': {
      const stride = 3 * channels;
      for (let c = 0; c < channels; c++) {
        const o = out[c];
        for (let i = 0, j = 3 * c; i < frames; i++, j += stride) {
          // Shift the 24-bit value to the top of an int32 and back to sign-extend it.
          o[outOffset + i] = (((used[j] | (used[j + 1] << 8) | (used[j + 2] << 16)) << 8) >> 8) * (1 / 8388608);
        }
      }
      break;
    }
    case 'int32': {
      const v = view(used, 4, (b, off, n) => new Int32Array(b, off, n));
      for (let c = 0; c < channels; c++) {
        const o = out[c];
        for (let i = 0, j = c; i < frames; i++, j += channels) o[outOffset + i] = v[j] * (1 / 2147483648);
      }
      break;
    }
    case 'float32': {
      const v = view(used, 4, (b, off, n) => new Float32Array(b, off, n));
      if (channels === 1) {
        out[0].set(v, outOffset);
        break;
      }
      for (let c = 0; c < channels; c++) {
        const o = out[c];
        for (let i = 0, j = c; i < frames; i++, j += channels) o[outOffset + i] = v[j];
      }
      break;
    }
    case 'float64': {
      const v = view(used, 8, (b, off, n) => new Float64Array(b, off, n));
      for (let c = 0; c < channels; c++) {
        const o = out[c];
        for (let i = 0, j = c; i < frames; i++, j += channels) o[outOffset + i] = v[j];
      }
      break;
    }
  }
  return frames;
}

/** Frames converted at a time by pcmToMono: the planar scratch (32 KiB for stereo) stays in cache. */
const MIX_BLOCK_FRAMES = 4096;

/**
 * Like {@link pcmToFloat}, but writes the mean of the channels (as toMono computes it) to
 * `out` from `outOffset` on; returns the frames written. Converts a cache-sized block at a
 * time and mixes it at once, so the planar float32 channels never exist at full length.
 */
export function pcmToMono(bytes: Uint8Array, encoding: PcmEncoding, channels: number, out: Float32Array, outOffset = 0): number {
  if (channels === 1) return pcmToFloat(bytes, encoding, 1, [out], outOffset);
  const blockAlign = ENCODING_BYTES[encoding] * channels;
  const frames = Math.floor(bytes.length / blockAlign);
  const scratch = Array.from({ length: channels }, () => new Float32Array(Math.min(frames, MIX_BLOCK_FRAMES)));
  for (let done = 0; done < frames; ) {
    const n = Math.min(MIX_BLOCK_FRAMES, frames - done);
    pcmToFloat(bytes.subarray(done * blockAlign, (done + n) * blockAlign), encoding, channels, scratch, 0);
    mixToMono(scratch, 0, n, out, outOffset + done);
    done += n;
  }
  return frames;
}

/** Big-endian hosts: the same conversion through DataView (slower, but correct anywhere). */
function pcmToFloatPortable(
  bytes: Uint8Array,
  encoding: PcmEncoding,
  channels: number,
  out: Float32Array[],
  outOffset: number,
  frames: number,
): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = ENCODING_BYTES[encoding];
  for (let c = 0; c < channels; c++) {
    const o = out[c];
    for (let i = 0; i < frames; i++) {
      const p = (i * channels + c) * width;
      o[outOffset + i] =
        encoding === 'int16'
          ? dv.getInt16(p, true) / 32768
          : encoding === 'int32'
            ? dv.getInt32(p, true) / 2147483648
            : encoding === 'float32'
              ? dv.getFloat32(p, true)
              : dv.getFloat64(p, true);
    }
  }
  return frames;
}
