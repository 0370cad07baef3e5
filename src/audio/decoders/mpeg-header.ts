/** MPEG audio (MP1/MP2/MP3) frame headers and the Xing/Info/LAME header: for sniffing, channel count and truncation checks. */

/** One parsed 4-byte MPEG audio frame header. */
export interface MpegFrameHeader {
  /** 1, 2 or 2.5 (MPEG-2.5 is the unofficial low-rate extension). */
  version: 1 | 2 | 2.5;
  layer: 1 | 2 | 3;
  /** kbit/s. */
  bitrate: number;
  sampleRate: number;
  channels: 1 | 2;
  /** Bytes in this frame, header included. */
  frameLength: number;
  samplesPerFrame: number;
}

// kbit/s by [version 1 | 2][layer 1..3][index 1..14]; index 0 (free format) is not supported.
const BITRATES: Record<'1' | '2', number[][]> = {
  '1': [
    [],
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  '2': [
    [],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
};
const SAMPLE_RATES = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 2.5: [11025, 12000, 8000] } as const;

/**
 * Parses the frame header at `at`, or returns undefined when the 4 bytes are not a valid
 * header (no sync, reserved values, free-format bitrate). Free-format streams are rare enough
 * that treating them as unrecognised is the safer trade against false positives on random data.
 */
export function parseMpegFrameHeader(b: Uint8Array, at = 0): MpegFrameHeader | undefined {
  if (at + 4 > b.length) return undefined;
  const b1 = b[at + 1];
  const b2 = b[at + 2];
  const b3 = b[at + 3];
  if (b[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  if ((b3 & 3) === 2) return undefined; // reserved emphasis
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const bitrate = BITRATES[version === 1 ? '1' : '2'][layer][bitrateIndex];
  const sampleRate = SAMPLE_RATES[version][rateIndex];
  const padding = (b2 >> 1) & 1;
  const samplesPerFrame = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152;
  const frameLength =
    layer === 1
      ? (Math.floor((12 * bitrate * 1000) / sampleRate) + padding) * 4
      : Math.floor(((samplesPerFrame / 8) * bitrate * 1000) / sampleRate) + padding;
  return { version, layer, bitrate, sampleRate, channels: b3 >> 6 === 3 ? 1 : 2, frameLength, samplesPerFrame };
}

/** A readable codec name, e.g. "MPEG-1 Layer III". */
export function mpegCodecName(h: MpegFrameHeader): string {
  return `MPEG-${h.version} Layer ${'I'.repeat(h.layer)}`;
}

/**
 * True when a valid header at `at` is followed by `confirmations` more compatible headers,
 * each where the previous one's length says. One header alone matches random bytes at about
 * one position in a few thousand; a chain of three practically never does.
 * When `b` ends before the chain does, what was seen must agree and at least one header after
 * the first must have been seen, unless `loneOk` (the first frame is the start of the data and
 * `b` may hold just that frame).
 */
export function isMpegFrameChain(b: Uint8Array, at: number, confirmations = 2, loneOk = false): boolean {
  const first = parseMpegFrameHeader(b, at);
  if (!first) return false;
  let pos = at + first.frameLength;
  for (let i = 0; i < confirmations; i++) {
    if (pos + 4 > b.length) return i > 0 || loneOk;
    const next = parseMpegFrameHeader(b, pos);
    if (!next || next.version !== first.version || next.layer !== first.layer || next.sampleRate !== first.sampleRate) return false;
    pos += next.frameLength;
  }
  return true;
}

/** What a Xing/Info (LAME) or VBRI header in the first frame says about the whole stream. */
export interface MpegStreamInfo {
  /** Audio frames in the stream, the header frame not counted. */
  frames?: number;
  /** Bytes of the MPEG stream including the header frame, as the encoder wrote it. */
  bytes?: number;
  /** Samples after gapless trimming (encoder delay and padding from the LAME tag), when known. */
  samples?: number;
}

/**
 * Reads the Xing/Info or VBRI header of the first frame, if it has one. These frames carry
 * no audio; encoders write them so players know the length without scanning. We use them to
 * preallocate output and to notice a file that is shorter than its encoder wrote it.
 */
export function parseMpegStreamInfo(b: Uint8Array, at: number, h: MpegFrameHeader): MpegStreamInfo | undefined {
  const sideInfo = h.version === 1 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17;
  const x = at + 4 + sideInfo;
  const tag = x + 4 <= b.length ? String.fromCharCode(b[x], b[x + 1], b[x + 2], b[x + 3]) : '';
  const u32 = (p: number) => (p + 4 <= b.length ? ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0 : undefined);
  if (tag === 'Xing' || tag === 'Info') {
    const flags = u32(x + 4) ?? 0;
    let p = x + 8;
    const info: MpegStreamInfo = {};
    if (flags & 1) (info.frames = u32(p)), (p += 4);
    if (flags & 2) (info.bytes = u32(p)), (p += 4);
    if (flags & 4) p += 100; // seek table
    if (flags & 8) p += 4; // quality
    // LAME tag: 9-byte encoder string, then fields; delay and padding are 12 bits each at +21.
    const lame = p + 24 <= b.length ? String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]) : '';
    if (info.frames !== undefined && (lame === 'LAME' || lame === 'Lavf' || lame === 'Lavc' || lame === 'L3.9')) {
      const delay = (b[p + 21] << 4) | (b[p + 22] >> 4);
      const padding = ((b[p + 22] & 0x0f) << 8) | b[p + 23];
      info.samples = Math.max(0, info.frames * h.samplesPerFrame - delay - padding);
    }
    return info;
  }
  const v = at + 4 + 32;
  if (v + 18 <= b.length && String.fromCharCode(b[v], b[v + 1], b[v + 2], b[v + 3]) === 'VBRI') {
    return { bytes: u32(v + 10), frames: u32(v + 14) };
  }
  return undefined;
}
