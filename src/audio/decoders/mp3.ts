/** MPEG audio (MP3, also MP1/MP2) StreamDecoder over the mpg123 WASM decoder, with truncation detection. */
import { MPEGDecoder } from 'mpg123-decoder';
import { id3v2Length } from '../sniff.js';
import {
  isMpegFrameChain,
  mpegCodecName,
  parseMpegFrameHeader,
  parseMpegStreamInfo,
  type MpegFrameHeader,
  type MpegStreamInfo,
} from './mpeg-header.js';
import { addDecoderErrors, EMPTY_CHUNK, quietly, type DecodedChunk, type StreamDecoder } from './stream-decoder.js';
import { UnitWalker, type WalkEnd } from './unit-walker.js';

/** How far past the ID3 tag we search for the first frame before giving up on following frames. */
const FIRST_FRAME_SEARCH = 64 * 1024;

/**
 * Finds the first MPEG frame (after an ID3v2 tag and any junk) and then follows the frame
 * chain with a UnitWalker. mpg123 itself does not say when a file ends mid-frame; it silently
 * waits for bytes that never come. Following the headers tells us, and also gives the channel
 * count (mpg123 always outputs two) and the Xing/LAME header's length.
 */
export class MpegStreamTracker {
  first?: { header: MpegFrameHeader; at: number; info?: MpegStreamInfo };
  /**
   * The valid header whose chain is waiting for more bytes to be confirmed: mpg123 may
   * already output that frame, and its channel count must be known by then.
   */
  provisional?: MpegFrameHeader;
  private fed = 0;
  private skipTo = -1;
  private pending = new Uint8Array(0);
  private pendingAt = 0;
  private walker?: UnitWalker;
  private gaveUp = false;

  push(chunk: Uint8Array): void {
    const chunkAt = this.fed;
    this.fed += chunk.length;
    if (this.walker) return this.walker.push(chunk);
    if (this.gaveUp) return;
    const buf = new Uint8Array(this.pending.length + chunk.length);
    buf.set(this.pending);
    buf.set(chunk, this.pending.length);
    this.pending = buf;
    this.pendingAt = chunkAt - (buf.length - chunk.length);
    this.search(false);
  }

  /** Call after the last chunk: how the frame chain ended, or undefined if no frame was found. */
  end(): WalkEnd | undefined {
    if (!this.walker && !this.gaveUp) this.search(true);
    return this.walker?.end();
  }

  private search(atEnd: boolean): void {
    if (this.skipTo < 0) {
      if (this.pending.length < 10 && !atEnd) return;
      this.skipTo = id3v2Length(this.pending); // 0 if none
    }
    const from = this.skipTo - this.pendingAt;
    if (from >= this.pending.length) {
      // Still inside the ID3 tag (cover art): keep nothing.
      this.pendingAt += this.pending.length;
      this.pending = new Uint8Array(0);
      return;
    }
    const b = this.pending;
    for (let i = Math.max(0, from); i + 4 <= b.length; i++) {
      if (b[i] !== 0xff) continue;
      const h = parseMpegFrameHeader(b, i);
      if (!h) continue;
      // Wait for enough bytes to see the next two headers, unless the input has ended.
      if (!atEnd && i + 2 * h.frameLength + 8 > b.length) {
        this.provisional = h;
        return;
      }
      if (!isMpegFrameChain(b, i, 2, atEnd && i === Math.max(0, from))) continue;
      const at = this.pendingAt + i;
      this.first = { header: h, at, info: parseMpegStreamInfo(b, i, h) };
      this.walker = new UnitWalker((w, j) => {
        if (j + 4 > w.length) return -1;
        return parseMpegFrameHeader(w, j)?.frameLength ?? 0;
      }, at, this.pendingAt);
      this.walker.push(b);
      this.pending = new Uint8Array(0);
      return;
    }
    if (this.pendingAt + b.length - Math.max(0, this.skipTo) > FIRST_FRAME_SEARCH) {
      this.gaveUp = true;
      this.pending = new Uint8Array(0);
    }
  }
}

/** Decodes MPEG-1/2/2.5 Layer I/II/III with mpg123 (gapless: encoder delay and padding removed). */
export class Mp3Decoder implements StreamDecoder {
  readonly ready: Promise<void>;
  readonly warnings: string[] = [];
  private readonly decoder = new MPEGDecoder({ enableGapless: true });
  private readonly tracker = new MpegStreamTracker();
  private readonly errorState = { count: 0 };
  private decodedAny = false;

  constructor() {
    this.ready = this.decoder.ready;
  }

  get codec(): string {
    return this.tracker.first ? mpegCodecName(this.tracker.first.header) : 'MPEG audio';
  }

  get expectedFrames(): number | undefined {
    return this.tracker.first?.info?.samples;
  }

  async decode(bytes: Uint8Array): Promise<DecodedChunk> {
    await this.ready;
    this.tracker.push(bytes);
    const r = quietly(() => this.decoder.decode(bytes));
    addDecoderErrors(this.warnings, r.errors, this.errorState);
    if (r.samplesDecoded === 0) return EMPTY_CHUNK;
    this.decodedAny = true;
    // mpg123 always outputs stereo; a mono stream comes back as two identical channels.
    const mono = (this.tracker.first?.header ?? this.tracker.provisional)?.channels === 1;
    return { channelData: mono ? [r.channelData[0]] : r.channelData, samplesDecoded: r.samplesDecoded, sampleRate: r.sampleRate };
  }

  async flush(): Promise<DecodedChunk> {
    const end = this.tracker.end();
    const first = this.tracker.first;
    if (!end || !first) {
      if (!this.decodedAny) this.warnings.push('no MPEG audio frame found');
    } else if (end.kind === 'partial') {
      this.warnings.push(
        `truncated: the file ends inside MPEG frame ${end.units} (byte ${end.unitAt}, ${end.missing} bytes missing)` +
          (this.decodedAny ? '; decoded the complete frames before it' : ''),
      );
    } else if (end.kind === 'complete' && first.info?.frames !== undefined && end.units - 1 < first.info.frames) {
      // Cut exactly at a frame boundary: only the Xing/Info header knows frames are missing.
      this.warnings.push(`truncated: ${end.units - 1} of the ${first.info.frames} MPEG frames the header announces are present`);
    }
    return EMPTY_CHUNK;
  }

  free(): void {
    this.decoder.free();
  }
}
