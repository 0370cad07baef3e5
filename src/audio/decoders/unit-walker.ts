/** UnitWalker: follows a stream of self-sized units (MPEG frames, Ogg pages) across chunks, to tell a complete file from a truncated one. */

/**
 * Length of the unit whose header starts at `at` in `b`: a positive byte count, 0 when the
 * bytes there are not a valid header, or -1 when `b` ends before the header does.
 */
export type UnitLength = (b: Uint8Array, at: number) => number;

/** Where the walk stands at the end of the input. */
export type WalkEnd =
  /** The last unit ended exactly at the end of the input. */
  | { kind: 'complete'; units: number }
  /** The input ends inside a unit: the file is cut short. */
  | { kind: 'partial'; units: number; missing: number; unitAt: number }
  /** The chain broke (trailing tags, junk or damage) before the end: nothing can be said. */
  | { kind: 'lost'; units: number; at: number };

/**
 * Reads only unit headers, never payloads, so following a 3-hour MP3 costs a few thousand
 * header parses and at most one header's worth of carried-over bytes.
 */
export class UnitWalker {
  /** Absolute offset of the next byte to arrive. */
  private fed: number;
  /** Absolute offset of the next unit header. */
  private next: number;
  private units = 0;
  private lostAt = -1;
  private lastLength = 0;
  /** Bytes of a header split across chunks, starting at `next`. */
  private carry = new Uint8Array(0);
  /** Called with each unit's header bytes and absolute offset (e.g. to spot an Ogg EOS flag). */
  onUnit?: (b: Uint8Array, at: number, abs: number) => void;

  /**
   * `start`: absolute offset of the first unit (bytes before it are ignored);
   * `streamAt`: absolute offset of the first byte that will be pushed.
   */
  constructor(
    private readonly unitLength: UnitLength,
    start = 0,
    streamAt = 0,
  ) {
    this.fed = streamAt;
    this.next = start;
  }

  /** The next chunk of the stream, in order. */
  push(chunk: Uint8Array): void {
    const chunkAt = this.fed;
    this.fed += chunk.length;
    if (this.lostAt >= 0 || this.next >= this.fed) return;
    // The window starts at `next`: carried header bytes, then the new chunk from there.
    let win: Uint8Array;
    if (this.carry.length > 0) {
      win = new Uint8Array(this.carry.length + chunk.length);
      win.set(this.carry);
      win.set(chunk, this.carry.length);
    } else {
      win = chunk.subarray(this.next - chunkAt);
    }
    const winAt = this.next;
    let i = 0;
    while (this.next < this.fed) {
      const len = this.unitLength(win, i);
      if (len < 0) break; // header split across chunks: wait for more
      if (len === 0) {
        this.lostAt = this.next;
        break;
      }
      this.onUnit?.(win, i, this.next);
      this.units++;
      this.lastLength = len;
      this.next += len;
      i += len;
    }
    this.carry = this.lostAt < 0 && this.next < this.fed ? win.slice(this.next - winAt) : new Uint8Array(0);
  }

  /**
   * Absolute offset up to which the stream is known to hold whole units: the end of the last
   * complete unit, or everything fed once the chain is lost (nothing more can be known).
   */
  get completeEnd(): number {
    if (this.lostAt >= 0) return this.fed;
    return this.next <= this.fed ? this.next : this.next - this.lastLength;
  }

  /** Call after the last chunk. */
  end(): WalkEnd {
    if (this.lostAt >= 0) return { kind: 'lost', units: this.units, at: this.lostAt };
    if (this.next === this.fed) return { kind: 'complete', units: this.units };
    if (this.next > this.fed) return { kind: 'partial', units: this.units, missing: this.next - this.fed, unitAt: this.next - this.lastLength };
    // The input ends inside a header.
    return { kind: 'partial', units: this.units, missing: 1, unitAt: this.next };
  }
}
