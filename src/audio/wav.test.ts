import { describe, expect, it } from 'vitest';
import { encodeWav, noise, quantize, sine, type WavOptions } from '../../test/audio-gen.js';
import { decodeBuffer } from './decode.js';
import { toMono } from './mono.js';
import { ENCODING_BYTES, pcmToFloat, pcmToMono, readWavHeader, wavCodecName, type PcmEncoding, type WavHeader } from './wav.js';

const readerOf = (bytes: Uint8Array) => async (offset: number, length: number) => bytes.subarray(offset, offset + length);
const header = (bytes: Uint8Array, size = bytes.length): Promise<WavHeader> => readWavHeader(readerOf(bytes), size, 'test.wav');

/** Stereo test content: noise on the left (every code value matters), a sine on the right, and full-scale extremes. */
function content(n: number): Float32Array[] {
  const left = noise(n, 11, 0.9);
  const right = sine(997, 48000, n / 48000, 0.7);
  left[0] = -1;
  left[1] = 0.99999;
  right[0] = 0;
  return [left, right];
}

const ENCODINGS: PcmEncoding[] = ['uint8', 'int16', 'int24', 'int32', 'float32', 'float64'];

describe('WAV round trips exactly', () => {
  it.each(ENCODINGS)('%s', async (encoding) => {
    const channels = content(4801);
    const d = await decodeBuffer(encodeWav(channels, { sampleRate: 48000, encoding }));
    expect(d.sampleRate).toBe(48000);
    expect(d.channels.length).toBe(2);
    expect(d.format).toBe('wav');
    for (let c = 0; c < 2; c++) {
      expect(d.channels[c]).toEqual(Float32Array.from(channels[c], (x) => quantize(x, encoding)));
    }
  });

  it.each(ENCODINGS)('%s in WAVE_FORMAT_EXTENSIBLE', async (encoding) => {
    const channels = content(1000);
    const d = await decodeBuffer(encodeWav(channels, { sampleRate: 48000, encoding, extensible: true }));
    for (let c = 0; c < 2; c++) expect(d.channels[c]).toEqual(Float32Array.from(channels[c], (x) => quantize(x, encoding)));
  });

  it('names the codec', async () => {
    const codec = async (o: Partial<WavOptions>) =>
      (await decodeBuffer(encodeWav([sine(1, 8000, 0.01)], { sampleRate: 8000, encoding: 'int16', ...o }))).codec;
    expect(await codec({ encoding: 'uint8' })).toBe('PCM 8-bit unsigned');
    expect(await codec({ encoding: 'int24' })).toBe('PCM 24-bit');
    expect(await codec({ encoding: 'int24', extensible: true, validBits: 20 })).toBe('PCM 20-bit');
    expect(await codec({ encoding: 'float64' })).toBe('IEEE float 64-bit');
  });

  it('scales 20-bit audio in a 24-bit container by the container size, as libsndfile does', async () => {
    const x = Float32Array.of(0.5, -0.25, 0.125);
    const d = await decodeBuffer(encodeWav([x], { sampleRate: 8000, encoding: 'int24', extensible: true, validBits: 20 }));
    expect(d.channels[0]).toEqual(x);
  });
});

describe('readWavHeader', () => {
  const tone = [sine(440, 8000, 0.1)];
  const plain = encodeWav(tone, { sampleRate: 8000, encoding: 'int16' });

  it('locates the data chunk', async () => {
    const h = await header(plain);
    expect(h).toMatchObject({ container: 'RIFF', formatTag: 1, encoding: 'int16', channels: 1, sampleRate: 8000, blockAlign: 2, dataOffset: 44, frames: 800 });
    expect(h.warnings).toEqual([]);
  });

  it('reads RF64 sizes from the ds64 chunk', async () => {
    const h = await header(encodeWav(tone, { sampleRate: 8000, encoding: 'int16', rf64: true }));
    expect(h.container).toBe('RF64');
    expect(h.frames).toBe(800);
  });

  it('skips other chunks, including odd-sized ones with their pad byte', async () => {
    const bytes = encodeWav(tone, {
      sampleRate: 8000,
      encoding: 'int16',
      chunksBefore: [
        ['LIST', new Uint8Array(13)],
        ['JUNK', new Uint8Array(100)],
      ],
    });
    const h = await header(bytes);
    expect(h.dataOffset).toBe(44 + 8 + 14 + 8 + 100);
    expect((await decodeBuffer(bytes)).channels[0]).toEqual(Float32Array.from(tone[0], (x) => quantize(x, 'int16')));
  });

  it('accepts data before fmt', async () => {
    const h = await header(encodeWav(tone, { sampleRate: 8000, encoding: 'int16', dataFirst: true }));
    expect(h.dataOffset).toBe(20);
    expect(h.frames).toBe(800);
  });

  it('reads a streamed WAV (data size 0xFFFFFFFF) to the end of the file', async () => {
    const h = await header(encodeWav(tone, { sampleRate: 8000, encoding: 'int16', dataSizeField: 0xffffffff }));
    expect(h.frames).toBe(800);
    expect(h.warnings).toEqual([]);
  });

  it('keeps what is there of a truncated data chunk, with a warning', async () => {
    const cut = plain.subarray(0, 44 + 501); // 250.5 frames
    const h = await header(cut);
    expect(h.frames).toBe(250);
    expect(h.warnings[0]).toMatch(/^truncated: the data chunk declares 1600 bytes but only 501 are present$/);
    const d = await decodeBuffer(cut);
    expect(d.channels[0].length).toBe(250);
    expect(d.warnings).toEqual(h.warnings);
  });

  it('fixes a wrong blockAlign, with a warning', async () => {
    const bytes = plain.slice();
    bytes[32] = 4; // blockAlign field of 'fmt '
    const h = await header(bytes);
    expect(h.blockAlign).toBe(2);
    expect(h.warnings[0]).toMatch(/4 bytes per frame, using 2/);
  });

  it('leaves non-PCM codecs to ffmpeg: no encoding, but a name', async () => {
    const bytes = plain.slice();
    bytes[20] = 7; // µ-law
    bytes[34] = 8;
    const h = await header(bytes);
    expect(h.encoding).toBeUndefined();
    expect(wavCodecName(h)).toBe('µ-law (WAV format 0x0007)');
  });

  it('rejects a WAV without fmt or data, or with an empty data chunk', async () => {
    await expect(header(plain.subarray(0, 36))).rejects.toMatchObject({ code: 'E_CORRUPT', message: /test\.wav: .*no 'data' chunk/ });
    const noFmt = plain.slice();
    noFmt.set([0x4a, 0x55, 0x4e, 0x4b], 12); // 'fmt ' -> 'JUNK'
    await expect(header(noFmt)).rejects.toMatchObject({ code: 'E_CORRUPT', message: /no 'fmt ' chunk/ });
    const empty = encodeWav([new Float32Array(0)], { sampleRate: 8000, encoding: 'int16' });
    await expect(header(empty)).rejects.toMatchObject({ code: 'E_NO_AUDIO', message: /test\.wav: .*no samples/ });
  });
});

describe('pcmToFloat', () => {
  it('converts from unaligned bytes', () => {
    const bytes = encodeWav([Float32Array.of(0.5, -0.5, 0.25)], { sampleRate: 8000, encoding: 'float32' }).subarray(44);
    const odd = new Uint8Array(bytes.length + 1);
    odd.set(bytes, 1);
    const out = [new Float32Array(3)];
    expect(pcmToFloat(odd.subarray(1), 'float32', 1, out)).toBe(3);
    expect(out[0]).toEqual(Float32Array.of(0.5, -0.5, 0.25));
  });

  it('writes at an offset and ignores a trailing partial frame', () => {
    const bytes = Uint8Array.of(0x00, 0x40, 0x00, 0xc0, 0xff); // int16 0.5, -0.5, then half a sample
    const out = [new Float32Array(4)];
    expect(pcmToFloat(bytes, 'int16', 1, out, 2)).toBe(2);
    expect(out[0]).toEqual(Float32Array.of(0, 0, 0.5, -0.5));
  });
});

describe('pcmToMono', () => {
  it.each(ENCODINGS)('%s: the toMono of what pcmToFloat gives, for 1, 2, 3 and 8 channels', (encoding) => {
    for (const count of [1, 2, 3, 8]) {
      // 10001 frames: two whole mixing blocks and a partial one.
      const channels = Array.from({ length: count }, (_, c) => noise(10001, 20 + c, 0.9));
      // The data chunk alone, without the pad byte an odd-sized one gets.
      const bytes = encodeWav(channels, { sampleRate: 8000, encoding }).subarray(44, 44 + 10001 * count * ENCODING_BYTES[encoding]);
      const planar = channels.map(() => new Float32Array(10001));
      pcmToFloat(bytes, encoding, count, planar);
      const out = new Float32Array(10003);
      expect(pcmToMono(bytes, encoding, count, out, 2)).toBe(10001);
      expect(out.subarray(0, 2)).toEqual(new Float32Array(2));
      expect(out.subarray(2)).toEqual(toMono({ channels: planar, sampleRate: 8000 }));
    }
  });

  it('converts from unaligned bytes and ignores a trailing partial frame', () => {
    const bytes = encodeWav([Float32Array.of(0.5, -0.5), Float32Array.of(0.25, 0.5)], { sampleRate: 8000, encoding: 'float32' }).subarray(44);
    const odd = new Uint8Array(bytes.length + 4);
    odd.set(bytes, 1);
    const out = new Float32Array(2);
    expect(pcmToMono(odd.subarray(1), 'float32', 2, out)).toBe(2);
    expect(out).toEqual(Float32Array.of(0.375, 0));
  });
});
