/** Deterministic test audio: sines, a WAV writer for every sample encoding and odd layout, and MP3/Vorbis via wasm-media-encoders. */
import { fileURLToPath } from 'node:url';
import { encodeMp3 as encodeMp3Pcm, encodeOggVorbis } from '../src/audio/encode.js';
import { seededRandom } from '../src/synth/random.js';
import type { PcmEncoding } from '../src/audio/wav.js';

/** Fixtures made by scripts/make-codec-fixtures.sh (see the README there). */
export const CODEC_FIXTURES = fileURLToPath(new URL('./fixtures/codecs/', import.meta.url));

/** `amp * sin(2π f t + phase)` sampled at `sr` for `seconds`. */
export function sine(freq: number, sr: number, seconds: number, amp = 0.5, phase = 0): Float32Array {
  const n = Math.round(sr * seconds);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = amp * Math.sin((2 * Math.PI * freq * i) / sr + phase);
  return y;
}

/** Seeded uniform noise in [-amp, amp), for content that no codec trick can fake. */
export function noise(n: number, seed = 1, amp = 0.5): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: n }, () => amp * (2 * random() - 1));
}

/** Seeded random bytes. */
export function randomBytes(n: number, seed = 7): Uint8Array {
  const f = noise(n, seed, 1);
  return Uint8Array.from(f, (x) => Math.floor((x + 1) * 128) & 0xff);
}

const BITS: Record<PcmEncoding, number> = { uint8: 8, int16: 16, int24: 24, int32: 32, float32: 32, float64: 64 };

/** The integer code a sample is stored as (round half away from zero, clipped). */
function toInt(x: number, bits: number): number {
  const scale = 2 ** (bits - 1);
  return Math.max(-scale, Math.min(scale - 1, Math.round(x * scale))) || 0; // || 0: no -0
}

/** What a decoder must return for `x` stored with `encoding`: the float32 of the stored code, scaled. */
export function quantize(x: number, encoding: PcmEncoding): number {
  if (encoding === 'float32' || encoding === 'float64') return Math.fround(x);
  const bits = BITS[encoding];
  return Math.fround(toInt(x, bits) / 2 ** (bits - 1));
}

export interface WavOptions {
  sampleRate: number;
  encoding: PcmEncoding;
  /** Write WAVE_FORMAT_EXTENSIBLE (with `validBits` significant bits). */
  extensible?: boolean;
  validBits?: number;
  /** Write an RF64 file (ds64 chunk, 0xFFFFFFFF sizes). */
  rf64?: boolean;
  /** Chunks before 'fmt ' (id, body), e.g. an odd-sized LIST to test pad bytes. */
  chunksBefore?: [string, Uint8Array][];
  /** Put 'data' before 'fmt ' (out of spec, but seen in the wild). */
  dataFirst?: boolean;
  /** Override the data chunk's size field (e.g. 0xFFFFFFFF for a streamed WAV). */
  dataSizeField?: number;
}

/** Encodes planar float samples as a WAV file. */
export function encodeWav(channels: Float32Array[], opts: WavOptions): Uint8Array {
  const { sampleRate, encoding } = opts;
  const nch = channels.length;
  const frames = nch ? channels[0].length : 0;
  const bits = BITS[encoding];
  const width = bits / 8;
  const data = new Uint8Array(frames * nch * width);
  const dv = new DataView(data.buffer);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      const p = (i * nch + c) * width;
      const x = channels[c][i];
      if (encoding === 'float32') dv.setFloat32(p, x, true);
      else if (encoding === 'float64') dv.setFloat64(p, x, true);
      else if (encoding === 'uint8') dv.setUint8(p, toInt(x, 8) + 128);
      else if (encoding === 'int16') dv.setInt16(p, toInt(x, 16), true);
      else if (encoding === 'int32') dv.setInt32(p, toInt(x, 32), true);
      else {
        const v = toInt(x, 24);
        data[p] = v & 0xff;
        data[p + 1] = (v >> 8) & 0xff;
        data[p + 2] = (v >> 16) & 0xff;
      }
    }
  }
  const isFloat = encoding === 'float32' || encoding === 'float64';
  const fmt = new DataView(new ArrayBuffer(opts.extensible ? 40 : 16));
  fmt.setUint16(0, opts.extensible ? 0xfffe : isFloat ? 3 : 1, true);
  fmt.setUint16(2, nch, true);
  fmt.setUint32(4, sampleRate, true);
  fmt.setUint32(8, sampleRate * nch * width, true);
  fmt.setUint16(12, nch * width, true);
  fmt.setUint16(14, bits, true);
  if (opts.extensible) {
    fmt.setUint16(16, 22, true);
    fmt.setUint16(18, opts.validBits ?? bits, true);
    fmt.setUint32(20, nch === 2 ? 3 : 0, true); // channel mask
    // Sub-format GUID: {0000000X-0000-0010-8000-00AA00389B71}
    const guid = [isFloat ? 3 : 1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71];
    guid.forEach((b, i) => fmt.setUint8(24 + i, b));
  }
  const chunk = (id: string, body: Uint8Array, sizeField = body.length): Uint8Array => {
    const out = new Uint8Array(8 + body.length + (body.length & 1));
    for (let i = 0; i < 4; i++) out[i] = id.charCodeAt(i);
    new DataView(out.buffer).setUint32(4, sizeField, true);
    out.set(body, 8);
    return out;
  };
  const parts: Uint8Array[] = [];
  const dataChunk = chunk('data', data, opts.rf64 ? 0xffffffff : (opts.dataSizeField ?? data.length));
  const fmtChunk = chunk('fmt ', new Uint8Array(fmt.buffer));
  if (opts.rf64) {
    const ds64 = new DataView(new ArrayBuffer(28));
    ds64.setBigUint64(8, BigInt(data.length), true);
    ds64.setBigUint64(16, BigInt(frames), true);
    parts.push(chunk('ds64', new Uint8Array(ds64.buffer)));
  }
  for (const [id, body] of opts.chunksBefore ?? []) parts.push(chunk(id, body));
  if (opts.dataFirst) parts.push(dataChunk, fmtChunk);
  else parts.push(fmtChunk, dataChunk);
  const bodyLength = parts.reduce((s, p) => s + p.length, 0);
  const file = new Uint8Array(12 + bodyLength);
  const head = new DataView(file.buffer);
  const magic = opts.rf64 ? 'RF64' : 'RIFF';
  for (let i = 0; i < 4; i++) file[i] = magic.charCodeAt(i);
  head.setUint32(4, opts.rf64 ? 0xffffffff : 4 + bodyLength, true);
  for (let i = 0; i < 4; i++) file[8 + i] = 'WAVE'.charCodeAt(i);
  let at = 12;
  for (const p of parts) {
    file.set(p, at);
    at += p.length;
  }
  return file;
}

/** MP3 (LAME, CBR) of 1 or 2 channels. */
export function encodeMp3(channels: Float32Array[], sampleRate: number, bitrate: 64 | 128 | 192 = 128): Promise<Uint8Array> {
  return encodeMp3Pcm({ channels, sampleRate }, { bitrate });
}

/** Ogg Vorbis of 1 or 2 channels (fixed serial number, so the bytes are reproducible). */
export function encodeVorbis(channels: Float32Array[], sampleRate: number, vbrQuality = 5): Promise<Uint8Array> {
  return encodeOggVorbis({ channels, sampleRate }, { vbrQuality, serialNumber: 1234 });
}

/** Pearson correlation of two equally long signals. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * The frequency of a steady tone from its rising zero crossings between samples `from` and `to`
 * (codec delay and edge effects are avoided by choosing the middle of the signal).
 */
export function toneFrequency(y: Float32Array, sr: number, from = 0, to = y.length): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = Math.max(1, from); i < to; i++) {
    if (y[i - 1] < 0 && y[i] >= 0) {
      // Linear interpolation of the crossing instant.
      const t = i - 1 + -y[i - 1] / (y[i] - y[i - 1]);
      if (first < 0) first = t;
      else count++;
      last = t;
    }
  }
  return count > 0 ? (count * sr) / (last - first) : 0;
}

/** Best correlation of `y` with a sine of `freq` at any phase (fits sin and cos components). */
export function sineFit(y: Float32Array, freq: number, sr: number, from = 0, to = y.length): number {
  let ss = 0;
  let sc = 0;
  let yy = 0;
  let s2 = 0;
  let c2 = 0;
  let scx = 0;
  for (let i = from; i < to; i++) {
    const w = (2 * Math.PI * freq * i) / sr;
    const s = Math.sin(w);
    const c = Math.cos(w);
    ss += y[i] * s;
    sc += y[i] * c;
    yy += y[i] * y[i];
    s2 += s * s;
    c2 += c * c;
    scx += s * c;
  }
  // Least squares on (sin, cos); the basis is nearly orthogonal over many periods.
  const det = s2 * c2 - scx * scx;
  const a = (ss * c2 - sc * scx) / det;
  const b = (sc * s2 - ss * scx) / det;
  const explained = a * ss + b * sc;
  return yy > 0 ? Math.sqrt(Math.max(0, explained / yy)) : 0;
}
