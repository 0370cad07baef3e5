import { describe, expect, it } from 'vitest';
import { encodeMp3, sine } from '../../../test/audio-gen.js';
import { Mp3Decoder } from './mp3.js';
import { isMpegFrameChain, mpegCodecName, parseMpegFrameHeader, parseMpegStreamInfo } from './mpeg-header.js';

/** MPEG-1 Layer III, 128 kb/s, 44.1 kHz, joint stereo, no padding: 417-byte frames. */
const HEADER = [0xff, 0xfb, 0x90, 0x44];

function frame(fill = 0): Uint8Array {
  const f = new Uint8Array(417).fill(fill);
  f.set(HEADER);
  return f;
}

/** An "Info" frame (Xing header of a CBR file) announcing `frames` frames, with a LAME tag. */
function infoFrame(frames: number, bytes: number, delay: number, padding: number): Uint8Array {
  const f = frame();
  const x = 4 + 32;
  f.set([0x49, 0x6e, 0x66, 0x6f], x); // 'Info'
  f.set([0, 0, 0, 3], x + 4); // flags: frames, bytes
  new DataView(f.buffer).setUint32(x + 8, frames);
  new DataView(f.buffer).setUint32(x + 12, bytes);
  const lame = x + 16;
  f.set(Array.from('LAME3.100', (c) => c.charCodeAt(0)), lame);
  f[lame + 21] = delay >> 4;
  f[lame + 22] = ((delay & 0x0f) << 4) | (padding >> 8);
  f[lame + 23] = padding & 0xff;
  return f;
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};

describe('parseMpegFrameHeader', () => {
  it('reads an MPEG-1 Layer III header', () => {
    expect(parseMpegFrameHeader(Uint8Array.from(HEADER))).toEqual({
      version: 1,
      layer: 3,
      bitrate: 128,
      sampleRate: 44100,
      channels: 2,
      frameLength: 417,
      samplesPerFrame: 1152,
    });
    expect(mpegCodecName(parseMpegFrameHeader(Uint8Array.from(HEADER))!)).toBe('MPEG-1 Layer III');
  });

  it('handles padding, mono, MPEG-2 and Layers I and II', () => {
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xfb, 0x92, 0xc4))).toMatchObject({ frameLength: 418, channels: 1 });
    // MPEG-2 Layer III, 64 kb/s, 22.05 kHz: 576 samples, 72 * 64000 / 22050 = 208 bytes.
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xf3, 0x80, 0xc4))).toMatchObject({ version: 2, sampleRate: 22050, samplesPerFrame: 576, frameLength: 208 });
    // MPEG-1 Layer II, 192 kb/s, 48 kHz: 144 * 192000 / 48000 = 576 bytes.
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xfd, 0xa4, 0x04))).toMatchObject({ layer: 2, frameLength: 576, samplesPerFrame: 1152 });
    // MPEG-1 Layer I, 384 kb/s, 48 kHz: (12 * 384000 / 48000) * 4 = 384 bytes.
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xff, 0xc4, 0x04))).toMatchObject({ layer: 1, frameLength: 384, samplesPerFrame: 384 });
  });

  it('rejects reserved and free-format values', () => {
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xfb, 0x0c, 0x44))).toBeUndefined(); // free format, rate index 3
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xfb, 0xf0, 0x44))).toBeUndefined(); // bitrate index 15
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xf9, 0x90, 0x44))).toBeUndefined(); // layer 00: ADTS, not MPEG audio
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xeb, 0x90, 0x44))).toBeUndefined(); // version 01 reserved
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xfb, 0x90))).toBeUndefined(); // too short
  });
});

describe('isMpegFrameChain', () => {
  const three = concat([frame(), frame(), frame()]);
  it('needs consecutive compatible headers', () => {
    expect(isMpegFrameChain(three, 0)).toBe(true);
    const broken = three.slice();
    broken[417] = 0;
    expect(isMpegFrameChain(broken, 0)).toBe(false);
  });

  it('accepts a lone frame only when asked to', () => {
    expect(isMpegFrameChain(frame(), 0)).toBe(false);
    expect(isMpegFrameChain(frame(), 0, 2, true)).toBe(true);
  });
});

describe('parseMpegStreamInfo', () => {
  it('reads the Info/Xing frame counts and the LAME delay and padding', () => {
    const f = infoFrame(100, 41700, 576, 1000);
    expect(parseMpegStreamInfo(f, 0, parseMpegFrameHeader(f)!)).toEqual({ frames: 100, bytes: 41700, samples: 100 * 1152 - 1576 });
  });

  it('is undefined for an ordinary audio frame', () => {
    const f = frame(0x55);
    expect(parseMpegStreamInfo(f, 0, parseMpegFrameHeader(f)!)).toBeUndefined();
  });
});

describe('Mp3Decoder truncation checks', () => {
  const run = async (bytes: Uint8Array) => {
    const d = new Mp3Decoder();
    try {
      await d.decode(bytes);
      await d.flush();
      return { warnings: d.warnings, expected: d.expectedFrames };
    } finally {
      d.free();
    }
  };

  it('a file cut exactly between frames is caught by the Info header count', async () => {
    const r = await run(concat([infoFrame(20, 21 * 417, 576, 0), ...Array.from({ length: 10 }, () => frame())]));
    expect(r.warnings).toContain('truncated: 10 of the 20 MPEG frames the header announces are present');
    expect(r.expected).toBe(20 * 1152 - 576);
  });

  it('a file cut inside a frame is caught by the frame chain', async () => {
    const r = await run(concat([frame(), frame(), frame(), frame().subarray(0, 100)]));
    expect(r.warnings.some((w) => /^truncated: the file ends inside MPEG frame 4 \(byte 1251, 317 bytes missing\)/.test(w))).toBe(true);
  });

  it('trailing tags (ID3v1) are not mistaken for damage', async () => {
    const tag = new Uint8Array(128);
    tag.set([0x54, 0x41, 0x47]); // 'TAG'
    const r = await run(concat([frame(), frame(), frame(), tag]));
    expect(r.warnings.filter((w) => w.startsWith('truncated'))).toEqual([]);
  });
});

describe('Mp3Decoder channels', () => {
  it('a mono MP3 decodes to one channel from the first output on, however it is chunked', async () => {
    const bytes = await encodeMp3([sine(440, 22050, 0.5)], 22050, 64);
    for (const size of [7, 100, bytes.length]) {
      const d = new Mp3Decoder();
      try {
        const counts = new Set<number>();
        for (let i = 0; i < bytes.length; i += size) {
          const c = await d.decode(bytes.subarray(i, i + size));
          if (c.samplesDecoded > 0) counts.add(c.channelData.length);
        }
        expect([...counts]).toEqual([1]);
      } finally {
        d.free();
      }
    }
  });
});
