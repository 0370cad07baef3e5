/** The StreamDecoder conformance suite: every in-process decoder runs the same checks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CODEC_FIXTURES, encodeMp3, encodeVorbis, sine, sineFit } from '../../../test/audio-gen.js';
import { createStreamDecoder, STREAM_FORMATS, type StreamDecoder, type StreamFormat } from './index.js';

interface Case {
  /** Test audio in this format. */
  bytes: () => Promise<Uint8Array>;
  sampleRate: number;
  channels: number;
  /** Tone per channel. */
  freqs: number[];
  /** Frames the file holds (encoders may pad; `tolerance` covers it). */
  frames: number;
  tolerance: number;
  codec: RegExp;
}

const fixture = (name: string) => async () => new Uint8Array(readFileSync(join(CODEC_FIXTURES, name)));

const CASES: Record<StreamFormat, Case> = {
  mp3: {
    bytes: () => encodeMp3([sine(440, 44100, 1), sine(660, 44100, 1)], 44100, 192),
    sampleRate: 44100,
    channels: 2,
    freqs: [440, 660],
    frames: 44100,
    // wasm-media-encoders writes no LAME tag, so mpg123 cannot remove LAME's delay and padding.
    tolerance: 2304,
    codec: /^MPEG-1 Layer III$/,
  },
  flac: {
    bytes: fixture('sine-440-660-stereo-44100.flac'),
    sampleRate: 44100,
    channels: 2,
    freqs: [440, 660],
    frames: 44100,
    tolerance: 0,
    codec: /^FLAC 16-bit$/,
  },
  'ogg-flac': {
    bytes: fixture('sine-440-mono-22050.oga'),
    sampleRate: 22050,
    channels: 1,
    freqs: [440],
    frames: 22050,
    tolerance: 0,
    codec: /^FLAC 24-bit$/,
  },
  'ogg-vorbis': {
    // 3 s: the encoder writes ~4 KiB pages, and the truncation check needs several.
    bytes: () => encodeVorbis([sine(440, 44100, 3), sine(660, 44100, 3)], 44100),
    sampleRate: 44100,
    channels: 2,
    freqs: [440, 660],
    frames: 3 * 44100,
    tolerance: 0, // the last page's granule position trims the padding
    codec: /^Vorbis$/,
  },
  'ogg-opus': {
    bytes: fixture('sine-440-660-stereo-48000.opus'),
    sampleRate: 48000,
    channels: 2,
    freqs: [440, 660],
    frames: 48000,
    tolerance: 0, // pre-skip and the end granule are honoured
    codec: /^Opus$/,
  },
};

/** Decodes `bytes` fed in chunks of `chunkSize`, concatenated. */
async function decodeAll(format: StreamFormat, bytes: Uint8Array, chunkSize: number) {
  const d: StreamDecoder = createStreamDecoder(format);
  const parts: Float32Array[][] = [];
  let sampleRate = 0;
  try {
    for (let i = 0; i <= bytes.length; i += chunkSize) {
      const isLast = i + chunkSize > bytes.length;
      const chunk = await d.decode(bytes.subarray(i, i + chunkSize));
      if (chunk.samplesDecoded > 0) (parts.push(chunk.channelData), (sampleRate = chunk.sampleRate));
      if (isLast) break;
    }
    const tail = await d.flush();
    if (tail.samplesDecoded > 0) (parts.push(tail.channelData), (sampleRate = tail.sampleRate));
    const channels = parts.length ? parts[0].length : 0;
    const n = parts.reduce((s, p) => s + p[0].length, 0);
    const out = Array.from({ length: channels }, () => new Float32Array(n));
    let at = 0;
    for (const p of parts) {
      p.forEach((c, k) => out[k].set(c, at));
      at += p[0].length;
    }
    return { channels: out, sampleRate, codec: d.codec, warnings: [...d.warnings], expectedFrames: d.expectedFrames };
  } finally {
    d.free();
  }
}

it('every StreamFormat has a conformance case', () => {
  expect(Object.keys(CASES).sort()).toEqual([...STREAM_FORMATS].sort());
});

describe.each(STREAM_FORMATS.map((f) => [f, CASES[f]] as const))('StreamDecoder conformance: %s', (format, c) => {
  let bytes: Uint8Array;
  let whole: Awaited<ReturnType<typeof decodeAll>>;
  beforeAll(async () => {
    bytes = await c.bytes();
    whole = await decodeAll(format, bytes, bytes.length);
  });

  it('reports the stream sample rate, channel count and codec', () => {
    expect(whole.sampleRate).toBe(c.sampleRate);
    expect(whole.channels.length).toBe(c.channels);
    expect(whole.codec).toMatch(c.codec);
    expect(whole.warnings).toEqual([]);
  });

  it('decodes the full duration', () => {
    expect(Math.abs(whole.channels[0].length - c.frames)).toBeLessThanOrEqual(c.tolerance);
  });

  it('decodes the content: each channel is its sine', () => {
    const n = whole.channels[0].length;
    c.freqs.forEach((f, k) => {
      // The middle, away from codec onset/offset transients.
      expect(sineFit(whole.channels[k], f, c.sampleRate, Math.floor(n * 0.1), Math.floor(n * 0.9))).toBeGreaterThan(0.99);
    });
  });

  it('gives identical samples however the bytes are chunked', async () => {
    for (const size of [7, 4093, 65536]) {
      const chunked = await decodeAll(format, bytes, size);
      expect(chunked.channels.length).toBe(whole.channels.length);
      for (let k = 0; k < whole.channels.length; k++) expect(chunked.channels[k]).toEqual(whole.channels[k]);
    }
  });

  it('says when the stream is cut short, and still decodes what is there', async () => {
    const cut = await decodeAll(format, bytes.subarray(0, Math.floor(bytes.length * 0.77)), 4096);
    expect(cut.warnings.some((w) => w.startsWith('truncated:'))).toBe(true);
    expect(cut.channels[0].length).toBeGreaterThan(0);
    expect(cut.channels[0].length).toBeLessThan(whole.channels[0].length);
  });

  it('decodes nothing from no bytes, without throwing', async () => {
    const empty = await decodeAll(format, new Uint8Array(0), 1);
    expect(empty.channels.length === 0 || empty.channels[0].length === 0).toBe(true);
  });

  it('announces the length when the headers carry it, and then it is right', () => {
    if (whole.expectedFrames !== undefined) expect(whole.expectedFrames).toBe(whole.channels[0].length);
  });
});
