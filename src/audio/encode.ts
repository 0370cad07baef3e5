/** Encoders for audio we write ourselves (demo clips, benchmark and test inputs): WAV, MP3 (LAME), Ogg Vorbis. */
import { createMp3Encoder, createOggEncoder } from 'wasm-media-encoders';
import { ParameterError } from '../errors.js';
import type { PcmAudio } from './signal.js';

/** WAV sample encodings: integer PCM of 8 (unsigned), 16, 24 or 32 bits, or IEEE float of 32 or 64 bits. */
export type WavEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';

const BYTES: Record<WavEncoding, number> = { pcm8: 1, pcm16: 2, pcm24: 3, pcm32: 4, float32: 4, float64: 8 };

function validate(pcm: PcmAudio): number {
  if (pcm.channels.length === 0) throw new ParameterError('cannot encode audio with 0 channels');
  if (!(pcm.sampleRate > 0) || !Number.isInteger(pcm.sampleRate)) throw new ParameterError(`sample rate must be a positive integer, got ${pcm.sampleRate}`);
  const n = pcm.channels[0].length;
  if (pcm.channels.some((c) => c.length !== n)) throw new ParameterError('all channels must have the same length');
  return n;
}

/**
 * A RIFF/WAVE file. Channel counts above 2 and encodings beyond 16 bits use WAVE_FORMAT_EXTENSIBLE,
 * as the spec asks. Integer samples are clipped to [-1, 1] and rounded.
 */
export function encodeWav(pcm: PcmAudio, encoding: WavEncoding = 'pcm16'): Uint8Array {
  const n = validate(pcm);
  const nCh = pcm.channels.length;
  const bps = BYTES[encoding];
  if (!bps) throw new ParameterError(`unknown WAV encoding '${String(encoding)}'`);
  const isFloat = encoding.startsWith('float');
  const extensible = nCh > 2 || (!isFloat && bps > 2);
  const fmtSize = extensible ? 40 : isFloat ? 18 : 16;
  const dataBytes = n * nCh * bps;
  const header = 12 + 8 + fmtSize + (isFloat ? 12 : 0) + 8;
  const buf = new ArrayBuffer(header + dataBytes + (dataBytes % 2));
  const view = new DataView(buf);
  const bytes = new Uint8Array(buf);
  let p = 0;
  const str = (s: string) => {
    for (let i = 0; i < s.length; i++) bytes[p++] = s.charCodeAt(i);
  };
  const u32 = (v: number) => {
    view.setUint32(p, v, true);
    p += 4;
  };
  const u16 = (v: number) => {
    view.setUint16(p, v, true);
    p += 2;
  };
  str('RIFF');
  u32(buf.byteLength - 8);
  str('WAVE');
  str('fmt ');
  u32(fmtSize);
  u16(extensible ? 0xfffe : isFloat ? 3 : 1);
  u16(nCh);
  u32(pcm.sampleRate);
  u32(pcm.sampleRate * nCh * bps);
  u16(nCh * bps);
  u16(bps * 8);
  if (fmtSize > 16) u16(fmtSize - 18);
  if (extensible) {
    u16(bps * 8);
    u32(nCh <= 2 ? (nCh === 1 ? 0x4 : 0x3) : 0); // speaker mask: mono = FC, stereo = FL|FR, others unassigned
    // SubFormat GUID: {0000000X-0000-0010-8000-00aa00389b71}, X = 1 (PCM) or 3 (float)
    u32(isFloat ? 3 : 1);
    for (const b of [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]) bytes[p++] = b;
  }
  if (isFloat) {
    str('fact');
    u32(4);
    u32(n);
  }
  str('data');
  u32(dataBytes);
  const clip = (v: number) => (v > 1 ? 1 : v < -1 ? -1 : v);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nCh; c++) {
      const v = pcm.channels[c][i];
      switch (encoding) {
        case 'pcm8': view.setUint8(p, Math.round(clip(v) * 127) + 128); break;
        case 'pcm16': view.setInt16(p, Math.max(-32768, Math.min(32767, Math.round(clip(v) * 32768))), true); break;
        case 'pcm24': {
          const s = Math.max(-8388608, Math.min(8388607, Math.round(clip(v) * 8388608)));
          view.setUint8(p, s & 0xff);
          view.setUint8(p + 1, (s >> 8) & 0xff);
          view.setUint8(p + 2, (s >> 16) & 0xff);
          break;
        }
        case 'pcm32': view.setInt32(p, Math.max(-2147483648, Math.min(2147483647, Math.round(clip(v) * 2147483648))), true); break;
        case 'float32': view.setFloat32(p, v, true); break;
        case 'float64': view.setFloat64(p, v, true); break;
      }
      p += bps;
    }
  }
  return bytes;
}

/** Concatenates encoder output chunks (the encoder reuses its buffer, so each chunk is copied). */
class ByteSink {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  push(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + chunk.length));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Feeds planar PCM through an encoder in one-second blocks. */
function runEncoder(encoder: { encode(ch: Float32Array[]): Uint8Array; finalize(): Uint8Array }, pcm: PcmAudio, n: number): Uint8Array {
  const sink = new ByteSink();
  for (let i = 0; i < n; i += pcm.sampleRate) {
    sink.push(encoder.encode(pcm.channels.map((c) => c.subarray(i, Math.min(n, i + pcm.sampleRate)))));
  }
  sink.push(encoder.finalize());
  return sink.bytes();
}

/** MP3 via LAME (WASM). Mono or stereo; `bitrate` in kbit/s (CBR) or `vbrQuality` 0 (best) .. 9. */
export async function encodeMp3(pcm: PcmAudio, opts: { bitrate?: 64 | 96 | 128 | 160 | 192 | 256 | 320; vbrQuality?: number } = {}): Promise<Uint8Array> {
  const n = validate(pcm);
  if (pcm.channels.length > 2) throw new ParameterError(`MP3 holds 1 or 2 channels, got ${pcm.channels.length}`);
  const encoder = await createMp3Encoder();
  encoder.configure({
    sampleRate: pcm.sampleRate,
    channels: pcm.channels.length as 1 | 2,
    ...(opts.vbrQuality === undefined ? { bitrate: opts.bitrate ?? 192 } : { vbrQuality: opts.vbrQuality }),
  });
  return runEncoder(encoder, pcm, n);
}

/**
 * Ogg Vorbis (libvorbis, WASM); `vbrQuality` -1 .. 10, default 5 (~160 kbit/s stereo).
 * `serialNumber` fixes the Ogg stream serial (random otherwise), making the bytes reproducible.
 */
export async function encodeOggVorbis(pcm: PcmAudio, opts: { vbrQuality?: number; serialNumber?: number } = {}): Promise<Uint8Array> {
  const n = validate(pcm);
  const encoder = await createOggEncoder();
  encoder.configure({
    sampleRate: pcm.sampleRate,
    channels: pcm.channels.length as 1 | 2,
    vbrQuality: opts.vbrQuality ?? 5,
    ...(opts.serialNumber === undefined ? {} : { oggSerialNo: opts.serialNumber }),
  });
  return runEncoder(encoder, pcm, n);
}
