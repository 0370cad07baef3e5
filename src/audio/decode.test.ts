import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import {
  CODEC_FIXTURES,
  encodeMp3,
  encodeVorbis,
  encodeWav,
  noise,
  quantize,
  randomBytes,
  sine,
  sineFit,
  toneFrequency,
} from '../../test/audio-gen.js';
import { bufferSource, fsError, openFileSource, type ByteSource } from './byte-source.js';
import { decodeBuffer, decodeFile, decodeSource, type DecodedFile } from './decode.js';
import { load } from './load.js';
import { toMono } from './mono.js';
import { resample } from './resample.js';
import type { PcmEncoding } from './wav.js';

const HAS_FFMPEG = spawnSync('ffmpeg', ['-version']).status === 0;
const fixture = (name: string) => join(CODEC_FIXTURES, name);

let dir: string;
const file = (name: string, bytes?: Uint8Array | string): string => {
  const p = join(dir, name);
  if (bytes !== undefined) writeFileSync(p, bytes);
  return p;
};

/** A ByteSource that counts what is read through it. */
function counting(source: ByteSource) {
  const stats = { bytes: 0, reads: 0 };
  const wrapped: ByteSource = {
    name: source.name,
    path: source.path,
    size: source.size,
    read: async (offset, length) => {
      const b = await source.read(offset, length);
      stats.bytes += b.length;
      stats.reads++;
      return b;
    },
    close: () => source.close(),
  };
  return { source: wrapped, stats };
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

let mp3Stereo: Uint8Array;
let mp3Mono: Uint8Array;
let vorbis: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sonicprint-decode-'));
  mp3Stereo = await encodeMp3([sine(440, 44100, 2), sine(660, 44100, 2)], 44100, 192);
  mp3Mono = await encodeMp3([sine(440, 22050, 2)], 22050, 64);
  vorbis = await encodeVorbis([sine(440, 48000, 2), sine(660, 48000, 2)], 48000);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decodeFile: every format', () => {
  const checkTones = (d: DecodedFile, freqs: number[]) => {
    const n = d.channels[0].length;
    freqs.forEach((f, c) => {
      expect(sineFit(d.channels[c], f, d.sampleRate, Math.floor(n * 0.1), Math.floor(n * 0.9))).toBeGreaterThan(0.99);
      expect(toneFrequency(d.channels[c], d.sampleRate, Math.floor(n * 0.1), Math.floor(n * 0.9))).toBeCloseTo(f, 0);
    });
  };

  it('WAV', async () => {
    const d = await decodeFile(file('tone.wav', encodeWav([sine(440, 22050, 1.5)], { sampleRate: 22050, encoding: 'int16' })));
    expect(d).toMatchObject({ format: 'wav', codec: 'PCM 16-bit', sampleRate: 22050, warnings: [] });
    expect(d.channels.length).toBe(1);
    expect(d.channels[0].length).toBe(33075);
    checkTones(d, [440]);
  });

  it('MP3, stereo and mono', async () => {
    const s = await decodeFile(file('stereo.mp3', mp3Stereo));
    expect(s).toMatchObject({ format: 'mp3', codec: 'MPEG-1 Layer III', sampleRate: 44100, warnings: [] });
    expect(s.channels.length).toBe(2);
    // LAME adds its encoder delay and padding (no LAME tag from this encoder): at most two frames more.
    expect(s.channels[0].length - 88200).toBeGreaterThanOrEqual(0);
    expect(s.channels[0].length - 88200).toBeLessThanOrEqual(2304);
    checkTones(s, [440, 660]);

    const m = await decodeFile(file('mono.mp3', mp3Mono));
    expect(m).toMatchObject({ codec: 'MPEG-2 Layer III', sampleRate: 22050 });
    expect(m.channels.length).toBe(1);
    checkTones(m, [440]);
  });

  it('Ogg Vorbis', async () => {
    const d = await decodeFile(file('tone.ogg', vorbis));
    expect(d).toMatchObject({ format: 'ogg-vorbis', codec: 'Vorbis', sampleRate: 48000, warnings: [] });
    expect(d.channels[0].length).toBe(96000);
    checkTones(d, [440, 660]);
  });

  it('FLAC, Ogg FLAC and Opus (fixtures)', async () => {
    const flac = await decodeFile(fixture('sine-440-660-stereo-44100.flac'));
    expect(flac).toMatchObject({ format: 'flac', codec: 'FLAC 16-bit', sampleRate: 44100 });
    expect(flac.channels[0].length).toBe(44100);
    checkTones(flac, [440, 660]);

    const oga = await decodeFile(fixture('sine-440-mono-22050.oga'));
    expect(oga).toMatchObject({ format: 'ogg-flac', codec: 'FLAC 24-bit', sampleRate: 22050 });
    expect(oga.channels[0].length).toBe(22050);
    checkTones(oga, [440]);

    const opus = await decodeFile(fixture('sine-440-660-stereo-48000.opus'));
    expect(opus).toMatchObject({ format: 'ogg-opus', codec: 'Opus', sampleRate: 48000 });
    expect(opus.channels[0].length).toBe(48000);
    checkTones(opus, [440, 660]);
  });

  it('FLAC is lossless: the 16-bit samples of the generating sine', async () => {
    const flac = await decodeFile(fixture('sine-440-660-stereo-44100.flac'));
    const expected = Float32Array.from(sine(440, 44100, 1, 0.5), (x) => quantize(x, 'int16'));
    expect(maxAbsDiff(flac.channels[0], expected)).toBeLessThanOrEqual(1 / 32768);
  });

  it.runIf(HAS_FFMPEG)('M4A (AAC), ADTS AAC and AIFF through ffmpeg', async () => {
    const m4a = await decodeFile(fixture('sine-440-660-stereo-44100.m4a'));
    expect(m4a).toMatchObject({ format: 'mp4', sampleRate: 44100 });
    expect(m4a.codec).toMatch(/^aac/);
    expect(m4a.channels.length).toBe(2);
    expect(Math.abs(m4a.channels[0].length - 44100)).toBeLessThanOrEqual(2048); // AAC frames are 1024
    checkTones(m4a, [440, 660]);

    const aac = await decodeFile(fixture('sine-440-mono-44100.aac'));
    expect(aac).toMatchObject({ format: 'aac', sampleRate: 44100 });
    checkTones(aac, [440]);

    const aiff = await decodeFile(fixture('sine-440-mono-16000.aiff'));
    expect(aiff).toMatchObject({ format: 'aiff', codec: 'pcm_s16be', sampleRate: 16000 });
    expect(aiff.channels[0]).toEqual(Float32Array.from(sine(440, 16000, 1, 0.5), (x) => quantize(x, 'int16')));
  });

  it('decodeBuffer gives what decodeFile gives, for in-process and ffmpeg formats', async () => {
    const path = file('b.mp3', mp3Stereo);
    expect(await decodeBuffer(mp3Stereo)).toEqual(await decodeFile(path));
    if (HAS_FFMPEG) {
      const m4a = fixture('sine-440-660-stereo-44100.m4a');
      expect(await decodeBuffer(readFileSync(m4a), { name: 'x.m4a' })).toEqual(await decodeFile(m4a));
    }
  });

  it('reads a WAV with an ID3v2 tag glued in front of it', async () => {
    const wav = encodeWav([Float32Array.of(0.5, -0.5)], { sampleRate: 8000, encoding: 'int16' });
    const tag = Uint8Array.of(0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 20, ...new Array(20).fill(0));
    const bytes = new Uint8Array(tag.length + wav.length);
    bytes.set(tag);
    bytes.set(wav, tag.length);
    const d = await decodeBuffer(bytes);
    expect(d.format).toBe('wav');
    expect(d.channels[0]).toEqual(Float32Array.of(0.5, -0.5));
  });

  it('sniffs the bytes, not the name: a FLAC called .mp3 decodes as FLAC', async () => {
    const d = await decodeFile(file('actually-flac.mp3', readFileSync(fixture('sine-440-660-stereo-44100.flac'))));
    expect(d.format).toBe('flac');
  });
});

describe('mono: true mixes while decoding, bit for bit what toMono gives', () => {
  type Span = { offset?: number; duration?: number };
  const SPANS: Span[] = [{}, { offset: 0.25, duration: 0.5 }, { offset: 0.123456 }, { offset: 0, duration: 0.3333 }];

  /** The first index where the bits differ (-1: identical, -0 and NaN included); toEqual is slow on 10^5 elements. */
  const firstDifference = (a: Float32Array, b: Float32Array) => {
    const [x, y] = [a, b].map((f) => new Uint32Array(f.buffer, f.byteOffset, f.length));
    if (x.length !== y.length) return Math.min(x.length, y.length);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
    return -1;
  };

  /** Decodes `p` planar and mixed for each span: the mix must equal toMono of the planar decode, element for element. */
  const expectSameAsToMono = async (p: string, spans = SPANS) => {
    for (const span of spans) {
      const planar = await decodeFile(p, span);
      const mixed = await decodeFile(p, { ...span, mono: true });
      expect(mixed.channels.length).toBe(1);
      expect(firstDifference(mixed.channels[0], toMono(planar))).toBe(-1);
      expect(mixed.sourceChannels).toBe(planar.channels.length);
      expect(planar.sourceChannels).toBe(planar.channels.length);
      expect({ ...mixed, channels: [] }).toEqual({ ...planar, channels: [] });
    }
  };

  /** Noise per channel, with full-scale extremes, exact cancellations and negative zeros (float encodings keep their sign). */
  const wavChannels = (count: number, n: number) =>
    Array.from({ length: count }, (_, c) => {
      const ch = noise(n, 100 + c, 0.9);
      ch[0] = c % 2 ? -1 : 0.99999;
      ch[1] = c % 2 ? -0.25 : 0.25;
      ch[2] = -0;
      return ch;
    });
  const ENCODINGS: PcmEncoding[] = ['uint8', 'int16', 'int24', 'int32', 'float32', 'float64'];
  // 130000 frames cross the reader's 1 MiB reads at frame counts that are not multiples of the mixing block.
  const WAVS = ENCODINGS.flatMap((encoding) => [1, 2, 3, 8].map((count) => [encoding, count] as const));

  it.each(WAVS)('WAV %s, %i channels', async (encoding, count) => {
    const p = file(`mix-${encoding}-${count}.wav`, encodeWav(wavChannels(count, 130000), { sampleRate: 16000, encoding, extensible: count > 2 }));
    await expectSameAsToMono(p, [...SPANS, { offset: 3.3, duration: 4.1 }]);
  });

  it('MP3, stereo and mono', async () => {
    await expectSameAsToMono(file('mix.mp3', mp3Stereo));
    await expectSameAsToMono(file('mix-mono.mp3', mp3Mono));
  });

  it('Ogg Vorbis', async () => {
    await expectSameAsToMono(file('mix.ogg', vorbis));
  });

  it('FLAC, Ogg FLAC and Opus (fixtures)', async () => {
    await expectSameAsToMono(fixture('sine-440-660-stereo-44100.flac'));
    await expectSameAsToMono(fixture('sine-440-mono-22050.oga'));
    await expectSameAsToMono(fixture('sine-440-660-stereo-48000.opus'));
  });

  it.runIf(HAS_FFMPEG)('through ffmpeg: M4A, ADTS AAC, AIFF, WebM Opus', async () => {
    await expectSameAsToMono(fixture('sine-440-660-stereo-44100.m4a'));
    await expectSameAsToMono(fixture('sine-440-mono-44100.aac'));
    await expectSameAsToMono(fixture('sine-440-mono-16000.aiff'));
    const webm = file('mix.webm');
    const tone = 'aevalsrc=0.5*sin(2*PI*440*t)|0.3*sin(2*PI*660*t):s=48000:d=2';
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', tone, '-c:a', 'libopus', webm]);
    await expectSameAsToMono(webm);
  });

  it.runIf(HAS_FFMPEG)('5.1: FLAC in-process and AAC through ffmpeg (more than two channels)', async () => {
    const tone = 'aevalsrc=0.5*sin(2*PI*440*t)|0.4*sin(2*PI*550*t)|0.3*sin(2*PI*660*t)|0.2*sin(2*PI*110*t)|0.3*sin(2*PI*880*t)|0.4*sin(2*PI*990*t):s=44100:d=2';
    for (const [name, codec] of [
      ['six.flac', 'flac'],
      ['six.m4a', 'aac'],
    ]) {
      const p = file(name);
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', tone, '-c:a', codec, p]);
      expect((await decodeFile(p)).channels.length).toBe(6);
      await expectSameAsToMono(p);
    }
  });

  it('load() gives the toMono of the decode, resampled, and the native channel count', async () => {
    const p = file('load.wav', encodeWav(wavChannels(3, 20000), { sampleRate: 16000, encoding: 'int32', extensible: true }));
    const planar = await decodeFile(p, { offset: 0.1, duration: 1 });
    const native = await load(p, { sr: null, offset: 0.1, duration: 1 });
    expect(native.y).toEqual(toMono(planar));
    expect(native).toMatchObject({ sr: 16000, nativeSr: 16000, nativeChannels: 3 });
    const resampled = await load(p, { sr: 22050, offset: 0.1, duration: 1 });
    expect(resampled.y).toEqual(resample(toMono(planar), { origSr: 16000, targetSr: 22050 }));
    expect((await load(file('load.mp3', mp3Stereo), { sr: null })).y).toEqual(toMono(await decodeFile(file('load.mp3'))));
  });
});

describe('offset and duration', () => {
  const cases: [string, () => Promise<string>][] = [
    ['WAV', async () => file('span.wav', encodeWav([noise(48000, 3), noise(48000, 4)], { sampleRate: 16000, encoding: 'int24' }))],
    ['MP3', async () => file('span.mp3', mp3Stereo)],
    ['Vorbis', async () => file('span.ogg', vorbis)],
    ['FLAC', async () => fixture('sine-440-660-stereo-44100.flac')],
    ['Ogg FLAC', async () => fixture('sine-440-mono-22050.oga')],
    ['Opus', async () => fixture('sine-440-660-stereo-48000.opus')],
  ];

  it.each(cases)('%s: picks exactly the samples of the full decode', async (_, path) => {
    const p = await path();
    const full = await decodeFile(p);
    for (const [offset, duration] of [
      [0.25, 0.5],
      [0.1, undefined],
      [0, 0.3333],
      [0.123456, 0.01],
    ] as [number, number | undefined][]) {
      const part = await decodeFile(p, { offset, duration });
      const start = Math.floor(offset * full.sampleRate);
      const end = duration === undefined ? full.channels[0].length : start + Math.floor(duration * full.sampleRate);
      expect(part.sampleRate).toBe(full.sampleRate);
      expect(part.channels.length).toBe(full.channels.length);
      for (let c = 0; c < full.channels.length; c++) expect(part.channels[c]).toEqual(full.channels[c].slice(start, end));
    }
  });

  it('returns what there is when offset + duration runs past the end', async () => {
    const p = file('short.wav', encodeWav([sine(100, 1000, 1)], { sampleRate: 1000, encoding: 'int16' }));
    expect((await decodeFile(p, { offset: 0.9, duration: 5 })).channels[0].length).toBe(100);
  });

  // WebM Opus has a negative start time: an ffmpeg -ss would land 384 samples early.
  it.runIf(HAS_FFMPEG)('ffmpeg (M4A, WebM): exactly the samples of the full decode', async () => {
    const tone = 'aevalsrc=0.5*sin(2*PI*440*t)*(1+0.3*sin(2*PI*1.3*t)):s=48000:d=5';
    for (const [name, codec] of [
      ['long.m4a', 'aac'],
      ['long.webm', 'libopus'],
    ]) {
      const p = file(name);
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', tone, '-c:a', codec, p]);
      const full = await decodeFile(p);
      for (const [offset, duration] of [
        [0.3333, 0.25],
        [2.5, 0.5],
        [3.777, 1],
      ]) {
        const part = await decodeFile(p, { offset, duration });
        const start = Math.floor(offset * 48000);
        expect(part.channels[0]).toEqual(full.channels[0].slice(start, start + Math.floor(duration * 48000)));
      }
    }
  });

  it('offset at or past the end is E_NO_AUDIO, saying so', async () => {
    const wav = file('end.wav', encodeWav([sine(100, 1000, 1)], { sampleRate: 1000, encoding: 'int16' }));
    await expect(decodeFile(wav, { offset: 1 })).rejects.toMatchObject({ code: 'E_NO_AUDIO', message: `${wav}: offset 1 s is at or beyond the end of the audio (1.000 s)` });
    const mp3 = file('end.mp3', mp3Stereo);
    await expect(decodeFile(mp3, { offset: 60 })).rejects.toMatchObject({ code: 'E_NO_AUDIO', message: /offset 60 s is at or beyond the end of the audio/ });
    if (HAS_FFMPEG) {
      await expect(decodeFile(fixture('sine-440-660-stereo-44100.m4a'), { offset: 30 })).rejects.toMatchObject({ code: 'E_NO_AUDIO', message: /beyond the end/ });
    }
  });

  it('rejects negative or non-finite offset and non-positive duration with ParameterError, before touching the file', async () => {
    for (const opts of [{ offset: -1 }, { offset: Number.NaN }, { duration: 0 }, { duration: -2 }, { duration: Infinity }]) {
      const err = await decodeFile('/no/such/file.wav', opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ParameterError);
      expect(err).toMatchObject({ code: 'E_INVALID_PARAMETER' });
    }
    await expect(decodeBuffer(mp3Stereo, { offset: -0.5 })).rejects.toMatchObject({ code: 'E_INVALID_PARAMETER', message: /offset .* -0\.5/ });
  });
});

describe('bounded memory: only the needed bytes are read', () => {
  it('WAV: a 20-minute file, 5 s from the middle, reads only those 5 s', async () => {
    const sr = 8000;
    const frames = 20 * 60 * sr;
    const p = file('long.wav');
    // Header from the writer, then the samples written in slices: sample i is ((i * 7919) % 65536) - 32768.
    const header = encodeWav([new Float32Array(1)], { sampleRate: sr, encoding: 'int16' }).subarray(0, 44);
    new DataView(header.buffer, header.byteOffset).setUint32(40, frames * 2, true);
    new DataView(header.buffer, header.byteOffset).setUint32(4, 36 + frames * 2, true);
    const fd = openSync(p, 'w');
    writeSync(fd, header);
    const slice = new Int16Array(sr * 60);
    for (let at = 0; at < frames; at += slice.length) {
      for (let i = 0; i < slice.length; i++) slice[i] = (((at + i) * 7919) % 65536) - 32768;
      writeSync(fd, new Uint8Array(slice.buffer));
    }
    closeSync(fd);

    const { source, stats } = counting(await openFileSource(p));
    try {
      const d = await decodeSource(source, { offset: 600, duration: 5 });
      expect(d.channels[0].length).toBe(5 * sr);
      const first = 600 * sr;
      for (const i of [0, 1, 12345, 5 * sr - 1]) expect(d.channels[0][i]).toBe(((((first + i) * 7919) % 65536) - 32768) / 32768);
      // 80 000 bytes of samples, plus the sniffing head and the header window.
      expect(stats.bytes).toBeLessThan(80_000 + 64 * 1024 + 8192);
      expect(stats.bytes / source.size).toBeLessThan(0.01);
    } finally {
      await source.close();
    }
  });

  it('MP3: stops reading once the span is decoded', async () => {
    const long = await encodeMp3([noise(22050 * 120, 5, 0.3)], 22050, 64); // 2 minutes, ~960 KB
    const { source, stats } = counting(bufferSource(long, 'long.mp3'));
    const d = await decodeSource(source, { offset: 2, duration: 3 });
    expect(d.channels[0].length).toBe(3 * 22050);
    expect(stats.bytes).toBeLessThan(long.length / 2);
    const full = await decodeBuffer(long);
    expect(d.channels[0]).toEqual(full.channels[0].slice(2 * 22050, 5 * 22050));
  });
});

describe('bad and unusual input', () => {
  it('empty file: E_EMPTY_FILE', async () => {
    const p = file('empty.mp3', new Uint8Array(0));
    await expect(decodeFile(p)).rejects.toMatchObject({ code: 'E_EMPTY_FILE', message: `${p}: the file is empty (0 bytes)` });
    await expect(decodeBuffer(new Uint8Array(0), { name: 'upload.wav' })).rejects.toMatchObject({ message: /^upload\.wav: / });
  });

  it('truncated MP3: decodes the complete frames, with a "truncated:" warning', async () => {
    const full = await decodeBuffer(mp3Stereo);
    const p = file('cut.mp3', mp3Stereo.subarray(0, Math.floor(mp3Stereo.length * 0.63)));
    const d = await decodeFile(p);
    expect(d.warnings.length).toBe(1);
    expect(d.warnings[0]).toMatch(/^truncated: the file ends inside MPEG frame \d+/);
    expect(d.channels[0].length).toBeGreaterThan(full.channels[0].length * 0.5);
    expect(d.channels[0].length).toBeLessThan(full.channels[0].length * 0.7);
    expect(d.channels[0]).toEqual(full.channels[0].subarray(0, d.channels[0].length));
  });

  it('MP3 cut inside its first frame: E_CORRUPT', async () => {
    const p = file('stub.mp3', mp3Stereo.subarray(0, 300));
    await expect(decodeFile(p)).rejects.toMatchObject({ code: 'E_CORRUPT', message: /^.*stub\.mp3: could not decode any audio from this MPEG audio \(MP3\) file: truncated/ });
  });

  it('random bytes named .mp3: E_UNKNOWN_FORMAT showing the bytes', async () => {
    const p = file('noise.mp3', randomBytes(50_000, 9));
    await expect(decodeFile(p)).rejects.toMatchObject({
      code: 'E_UNKNOWN_FORMAT',
      message: expect.stringMatching(/noise\.mp3: not an audio file we recognise \(starts with bytes( [0-9a-f]{2}){8} \.\.\.\)$/),
    });
  });

  it("an HTML page named .wav: E_UNKNOWN_FORMAT, starts with '<html'", async () => {
    const p = file('page.wav', '<html>\n<head><title>Access denied</title></head><body></body></html>\n');
    const err = await decodeFile(p).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_UNKNOWN_FORMAT' });
    expect((err as Error).message).toBe(`${p}: not an audio file we recognise (looks like an HTML page, starts with '<html>')`);
  });

  it('a WAV with an empty data chunk: E_NO_AUDIO', async () => {
    const p = file('nothing.wav', encodeWav([new Float32Array(0), new Float32Array(0)], { sampleRate: 44100, encoding: 'int16' }));
    await expect(decodeFile(p)).rejects.toMatchObject({ code: 'E_NO_AUDIO', message: /nothing\.wav: .*no samples/ });
  });

  it('an Ogg Vorbis stream with headers but no audio: E_NO_AUDIO', async () => {
    const empty = await encodeVorbis([new Float32Array(0)], 44100);
    await expect(decodeBuffer(empty, { name: 'silent.ogg' })).rejects.toMatchObject({ code: 'E_NO_AUDIO' });
  });

  it('pure silence decodes to zeros', async () => {
    const wav = await decodeBuffer(encodeWav([new Float32Array(8000)], { sampleRate: 8000, encoding: 'int16' }));
    expect(wav.channels[0].every((x) => x === 0)).toBe(true);
    const mp3 = await decodeBuffer(await encodeMp3([new Float32Array(44100)], 44100, 128));
    expect(mp3.channels[0].length).toBeGreaterThanOrEqual(44100);
    expect(mp3.channels[0].every((x) => x === 0)).toBe(true);
  });

  it('a single sample decodes to one sample', async () => {
    const d = await decodeBuffer(encodeWav([Float32Array.of(0.25)], { sampleRate: 44100, encoding: 'float32' }));
    expect(d.channels[0]).toEqual(Float32Array.of(0.25));
  });

  it('8 channels decode to 8 channels, and toMono averages them', async () => {
    const chans = Array.from({ length: 8 }, (_, c) => Float32Array.from(sine(100 * (c + 1), 8000, 0.1), (x) => quantize(x, 'int16')));
    const d = await decodeBuffer(encodeWav(chans, { sampleRate: 8000, encoding: 'int16', extensible: true }));
    expect(d.channels.length).toBe(8);
    d.channels.forEach((ch, c) => expect(ch).toEqual(chans[c]));
    const mono = toMono(d);
    expect(mono.length).toBe(800);
    expect(mono[123]).toBeCloseTo(chans.reduce((s, ch) => s + ch[123], 0) / 8, 6);
  });

  it('192 kHz decodes at 192000', async () => {
    const d = await decodeBuffer(encodeWav([sine(1000, 192000, 0.05)], { sampleRate: 192000, encoding: 'int24' }));
    expect(d.sampleRate).toBe(192000);
    expect(d.channels[0].length).toBe(9600);
  });

  it('a directory: E_IS_DIRECTORY', async () => {
    const p = join(dir, 'a-folder.wav');
    mkdirSync(p);
    await expect(decodeFile(p)).rejects.toMatchObject({ code: 'E_IS_DIRECTORY', message: `${p}: is a directory, not an audio file` });
  });

  it('a missing path: E_NOT_FOUND', async () => {
    const p = join(dir, 'missing.flac');
    await expect(decodeFile(p)).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: `${p}: no such file` });
    await expect(decodeFile(join(file('plain.txt', 'x'), 'child.wav'))).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('something that is not a regular file (a FIFO, which would block a plain read): E_UNREADABLE', async (ctx) => {
    const p = join(dir, 'pipe.wav');
    if (spawnSync('mkfifo', [p]).status !== 0) return ctx.skip();
    await expect(decodeFile(p)).rejects.toMatchObject({ code: 'E_UNREADABLE', message: /pipe\.wav: not a regular file/ });
  });

  // Root reads through file permissions, but not through sysfs: a write-only attribute without
  // a read method refuses O_RDONLY with EACCES even for root. Runs where Linux exposes one.
  const writeOnly = ['/sys/bus/pci/rescan', '/sys/bus/cpu/uevent', '/sys/bus/platform/drivers_probe'].find((p) => {
    try {
      closeSync(openSync(p, 'r'));
      return false;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EACCES';
    }
  });
  it.runIf(writeOnly !== undefined)('a file the kernel refuses to open for reading (EACCES): E_UNREADABLE', async () => {
    await expect(decodeFile(writeOnly!)).rejects.toMatchObject({ code: 'E_UNREADABLE', message: `${writeOnly}: cannot be read (EACCES: permission denied)` });
  });

  // Root reads through permissions, so this one runs only for other users.
  it.runIf(process.getuid?.() !== 0)('a file without read permission: E_UNREADABLE', async () => {
    const p = file('locked.wav', encodeWav([sine(1, 8000, 0.01)], { sampleRate: 8000, encoding: 'int16' }));
    chmodSync(p, 0o000);
    await expect(decodeFile(p)).rejects.toMatchObject({ code: 'E_UNREADABLE', message: /locked\.wav: cannot be read \(EACCES: permission denied\)/ });
  });

  it('a read that fails mid-way (EIO, EACCES) is E_UNREADABLE, whoever runs the test', async () => {
    const bytes = encodeWav([sine(1, 8000, 1)], { sampleRate: 8000, encoding: 'int16' });
    const inner = bufferSource(bytes, 'disk.wav');
    let reads = 0;
    const failing: ByteSource = {
      ...inner,
      read: async (o, n) => {
        if (++reads > 2) throw fsError('disk.wav', Object.assign(new Error('i/o error'), { code: 'EIO' }));
        return inner.read(o, n);
      },
    };
    await expect(decodeSource(failing)).rejects.toMatchObject({ code: 'E_UNREADABLE', message: 'disk.wav: cannot be read (EIO)' });
  });
});

describe('ffmpeg formats without ffmpeg', () => {
  it('E_NEEDS_FFMPEG names the file and format and says how to get ffmpeg', async () => {
    const p = fixture('sine-440-660-stereo-44100.m4a');
    const err = await decodeFile(p, { ffmpegPath: '/nonexistent/ffmpeg' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_NEEDS_FFMPEG', input: p });
    const message = (err as Error).message;
    expect(message.startsWith(`${p}: MP4/M4A audio is decoded with ffmpeg, which was not found (tried '/nonexistent/ffmpeg')`)).toBe(true);
    expect(message).toContain('apt-get install ffmpeg');
    expect(message).toContain('SONICPRINT_FFMPEG');
  });

  it('reads SONICPRINT_FFMPEG when no option is given', async () => {
    const saved = process.env.SONICPRINT_FFMPEG;
    process.env.SONICPRINT_FFMPEG = '/nonexistent/from-env/ffmpeg';
    try {
      await expect(decodeFile(fixture('sine-440-mono-16000.aiff'))).rejects.toMatchObject({ code: 'E_NEEDS_FFMPEG', message: /AIFF audio .*from-env/ });
    } finally {
      if (saved === undefined) delete process.env.SONICPRINT_FFMPEG;
      else process.env.SONICPRINT_FFMPEG = saved;
    }
  });

  it('in-process formats never need ffmpeg', async () => {
    const d = await decodeFile(fixture('sine-440-660-stereo-48000.opus'), { ffmpegPath: '/nonexistent/ffmpeg' });
    expect(d.channels[0].length).toBe(48000);
  });

  it.runIf(HAS_FFMPEG)('a damaged M4A: E_FFMPEG_FAILED with ffmpeg\'s reason', async () => {
    const bytes = readFileSync(fixture('sine-440-660-stereo-44100.m4a'));
    const p = file('broken.m4a', bytes.subarray(0, 200));
    await expect(decodeFile(p)).rejects.toMatchObject({ code: 'E_FFMPEG_FAILED', message: /broken\.m4a: ffmpeg exited with code \d+: / });
  });
});
