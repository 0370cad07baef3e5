/** Ogg page walking: tells a complete Ogg file (Vorbis, Opus, FLAC) from one cut short. */
import { UnitWalker } from './unit-walker.js';

/** Length of the Ogg page at `at` (header + segment table + body), 0 if not a page, -1 if `b` ends first. */
export function oggPageLength(b: Uint8Array, at: number): number {
  if (at + 27 > b.length) return -1;
  if (b[at] !== 0x4f || b[at + 1] !== 0x67 || b[at + 2] !== 0x67 || b[at + 3] !== 0x53 || b[at + 4] !== 0) return 0;
  const segments = b[at + 26];
  if (at + 27 + segments > b.length) return -1;
  let body = 0;
  for (let i = 0; i < segments; i++) body += b[at + 27 + i];
  return 27 + segments + body;
}

/**
 * The granule position of the last Ogg page in `tail` (the file's last bytes), or undefined.
 * For Vorbis and FLAC it is the stream length in samples; for Opus, in 48 kHz samples
 * including the pre-skip. Reading it is how players get an Ogg file's duration without decoding.
 */
export function lastOggGranule(tail: Uint8Array): number | undefined {
  for (let i = tail.length - 27; i >= 0; i--) {
    if (tail[i] !== 0x4f || tail[i + 1] !== 0x67 || tail[i + 2] !== 0x67 || tail[i + 3] !== 0x53 || tail[i + 4] !== 0) continue;
    const dv = new DataView(tail.buffer, tail.byteOffset + i + 6, 8);
    const lo = dv.getUint32(0, true);
    const hi = dv.getInt32(4, true);
    if (hi === -1 && lo === 0xffffffff) continue; // -1: no packet ends on this page
    return hi * 2 ** 32 + lo;
  }
  return undefined;
}

/**
 * Follows the page chain of an Ogg file as it is fed, and at the end says whether it was
 * truncated: cut inside a page, or ending without the end-of-stream flag that every
 * properly finished Ogg stream sets on its last page.
 */
export class OggStreamTracker {
  private readonly walker = new UnitWalker(oggPageLength);
  private lastPageEos = false;

  constructor() {
    this.walker.onUnit = (b, at) => {
      this.lastPageEos = (b[at + 5] & 0x04) !== 0;
    };
  }

  private fed = 0;
  /** Bytes of an incomplete page, not yet released to the decoder. */
  private held = new Uint8Array(0);

  /**
   * Takes the next chunk and returns the bytes that complete whole pages, to feed to the
   * decoder. The tail of a page still incomplete is held back until the rest arrives, so a
   * truncated last page never reaches the decoder: given half a page, the WASM Ogg decoders
   * turn its garbage into seconds of noise.
   */
  push(chunk: Uint8Array): Uint8Array {
    this.walker.push(chunk);
    const heldAt = this.fed - this.held.length;
    this.fed += chunk.length;
    const release = this.walker.completeEnd - heldAt;
    if (this.held.length === 0 && release === chunk.length) return chunk;
    const all = new Uint8Array(this.held.length + chunk.length);
    all.set(this.held);
    all.set(chunk, this.held.length);
    this.held = all.slice(release);
    return all.subarray(0, release);
  }

  /** Call after the last chunk: a "truncated: ..." message, or undefined if the file looks whole. */
  end(): string | undefined {
    const end = this.walker.end();
    if (end.kind === 'partial') {
      return `truncated: the file ends inside Ogg page ${end.units} (byte ${end.unitAt}, ${end.missing} bytes missing)`;
    }
    if (end.kind === 'complete' && end.units > 0 && !this.lastPageEos) {
      return 'truncated: the Ogg stream ends without its end-of-stream page';
    }
    return undefined;
  }
}
