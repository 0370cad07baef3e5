import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEC_FIXTURES, encodeMp3, encodeVorbis, encodeWav, sine } from '../../test/audio-gen.js';
import { probeFile } from './probe.js';

const fixture = (name: string) => join(CODEC_FIXTURES, name);

/** An ID3v2.3 tag with text frames (ISO-8859-1). */
function id3(frames: Record<string, string>): Uint8Array {
  const parts: number[] = [];
  for (const [id, text] of Object.entries(frames)) {
    const size = text.length + 1;
    parts.push(...Array.from(id, (c) => c.charCodeAt(0)), (size >>> 24) & 0xff, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff, 0, 0, 0);
    parts.push(...Array.from(text, (c) => c.charCodeAt(0)));
  }
  const n = parts.length;
  return Uint8Array.from([0x49, 0x44, 0x33, 3, 0, 0, (n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f, ...parts]);
}

let dir: string;
const file = (name: string, bytes: Uint8Array | string) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sonicprint-probe-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('probeFile', () => {
  it('WAV: exact duration from the header', async () => {
    const p = file('a.wav', encodeWav([sine(440, 16000, 2.5), sine(440, 16000, 2.5)], { sampleRate: 16000, encoding: 'int24' }));
    expect(await probeFile(p)).toEqual({
      path: p,
      sizeBytes: 44 + 2.5 * 16000 * 6,
      format: 'wav',
      formatName: 'WAV',
      container: 'WAVE',
      codec: 'PCM 24-bit',
      channels: 2,
      sampleRate: 16000,
      duration: 2.5,
      bitrate: 768000,
      bitsPerSample: 24,
      lossless: true,
      tags: {},
    });
  });

  it('MP3 with ID3 tags: codec, rate, channels, bitrate and the tags', async () => {
    const tag = id3({ TIT2: 'Sine Song', TPE1: 'The Testers', TALB: 'Waves', TCON: 'Electronic', TYER: '2021', TRCK: '3/10' });
    const mp3 = await encodeMp3([sine(440, 44100, 2)], 44100, 128);
    const bytes = new Uint8Array(tag.length + mp3.length);
    bytes.set(tag);
    bytes.set(mp3, tag.length);
    const info = await probeFile(file('tagged.mp3', bytes));
    expect(info).toMatchObject({ format: 'mp3', container: 'MPEG', codec: 'MPEG 1 Layer 3', channels: 1, sampleRate: 44100, bitrate: 128000, lossless: false });
    expect(info.duration).toBeGreaterThan(2);
    expect(info.duration).toBeLessThan(2.06);
    expect(info.tags).toEqual({ title: 'Sine Song', artist: 'The Testers', album: 'Waves', genre: 'Electronic', year: 2021, trackNumber: 3 });
  });

  it('FLAC, Ogg FLAC, Opus and Vorbis', async () => {
    expect(await probeFile(fixture('sine-440-660-stereo-44100.flac'))).toMatchObject({ format: 'flac', codec: 'FLAC', channels: 2, sampleRate: 44100, duration: 1, bitsPerSample: 16, lossless: true });
    // STREAMINFO's total is 0 in this file: the duration comes from the last Ogg page.
    expect(await probeFile(fixture('sine-440-mono-22050.oga'))).toMatchObject({ format: 'ogg-flac', container: 'Ogg', channels: 1, sampleRate: 22050, duration: 1, bitsPerSample: 24, lossless: true });
    const opus = await probeFile(fixture('sine-440-660-stereo-48000.opus'));
    expect(opus).toMatchObject({ format: 'ogg-opus', codec: 'Opus', channels: 2, sampleRate: 48000, duration: 1, lossless: false });
    expect(opus.bitrate).toBe(Math.round((opus.sizeBytes * 8) / 1));
    const vorbis = await probeFile(file('v.ogg', await encodeVorbis([sine(440, 32000, 1.5)], 32000)));
    expect(vorbis).toMatchObject({ format: 'ogg-vorbis', codec: 'Vorbis I', channels: 1, sampleRate: 32000, duration: 1.5 });
  });

  it('M4A: read without ffmpeg', async () => {
    const info = await probeFile(fixture('sine-440-660-stereo-44100.m4a'));
    expect(info).toMatchObject({ format: 'mp4', formatName: 'MP4/M4A', codec: 'MPEG-4/AAC', channels: 2, sampleRate: 44100, lossless: false });
    expect(info.duration).toBeCloseTo(1, 1);
  });

  it('fails like decodeFile does', async () => {
    await expect(probeFile(join(dir, 'missing.mp3'))).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(probeFile(dir)).rejects.toMatchObject({ code: 'E_IS_DIRECTORY' });
    await expect(probeFile(file('empty.wav', ''))).rejects.toMatchObject({ code: 'E_EMPTY_FILE' });
    await expect(probeFile(file('page.mp3', '<html><body>404</body></html>'))).rejects.toMatchObject({ code: 'E_UNKNOWN_FORMAT', message: /starts with '<html>/ });
  });
});
