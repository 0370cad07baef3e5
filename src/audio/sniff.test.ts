import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CODEC_FIXTURES, encodeMp3, encodeVorbis, encodeWav, randomBytes, sine } from '../../test/audio-gen.js';
import { describeBytes, id3v2Length, sniffFormat } from './sniff.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};
/** An ID3v2.3 tag with `size` bytes of (zero) body. */
const id3 = (size: number) => concat(ascii('ID3'), Uint8Array.of(3, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f), new Uint8Array(size));
const fixture = (name: string) => new Uint8Array(readFileSync(join(CODEC_FIXTURES, name)));

describe('sniffFormat', () => {
  let mp3: Uint8Array;
  let vorbis: Uint8Array;
  beforeAll(async () => {
    mp3 = await encodeMp3([sine(440, 44100, 0.5)], 44100, 128);
    vorbis = await encodeVorbis([sine(440, 44100, 0.5)], 44100);
  });

  it('recognises every in-process format from its bytes', () => {
    expect(sniffFormat(encodeWav([sine(440, 8000, 0.01)], { sampleRate: 8000, encoding: 'int16' }))).toBe('wav');
    expect(sniffFormat(encodeWav([sine(440, 8000, 0.01)], { sampleRate: 8000, encoding: 'int16', rf64: true }))).toBe('wav');
    expect(sniffFormat(mp3)).toBe('mp3');
    expect(sniffFormat(vorbis)).toBe('ogg-vorbis');
    expect(sniffFormat(fixture('sine-440-660-stereo-44100.flac'))).toBe('flac');
    expect(sniffFormat(fixture('sine-440-mono-22050.oga'))).toBe('ogg-flac');
    expect(sniffFormat(fixture('sine-440-660-stereo-48000.opus'))).toBe('ogg-opus');
  });

  it('recognises the ffmpeg-only formats', () => {
    expect(sniffFormat(fixture('sine-440-660-stereo-44100.m4a'))).toBe('mp4');
    expect(sniffFormat(fixture('sine-440-mono-44100.aac'))).toBe('aac');
    expect(sniffFormat(fixture('sine-440-mono-16000.aiff'))).toBe('aiff');
    expect(sniffFormat(concat(Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3), new Uint8Array(60)))).toBe('matroska');
    expect(sniffFormat(concat(Uint8Array.of(0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11), new Uint8Array(60)))).toBe('asf');
    expect(sniffFormat(concat(ascii('caff'), new Uint8Array(60)))).toBe('caf');
    expect(sniffFormat(concat(ascii('OggS'), new Uint8Array(23), Uint8Array.of(1, 30), ascii('Speex   ')))).toBe('ogg');
  });

  it('looks past an ID3v2 tag, and says mp3 when the tag is longer than the head', () => {
    expect(sniffFormat(concat(id3(100), mp3))).toBe('mp3');
    expect(sniffFormat(concat(id3(100), fixture('sine-440-660-stereo-44100.flac')))).toBe('flac');
    expect(sniffFormat(id3(100_000).subarray(0, 4096))).toBe('mp3');
    expect(id3v2Length(concat(id3(100), mp3))).toBe(110);
    expect(id3v2Length(mp3)).toBe(0);
  });

  it('finds the first MPEG frame after junk or zero padding', () => {
    expect(sniffFormat(concat(new Uint8Array(1000), mp3))).toBe('mp3');
    expect(sniffFormat(concat(randomBytes(333, 3), mp3))).toBe('mp3');
  });

  it('does not mistake random bytes, text or HTML for audio', () => {
    for (let seed = 1; seed <= 20; seed++) expect(sniffFormat(randomBytes(64 * 1024, seed))).toBeUndefined();
    expect(sniffFormat(ascii('<html><body>Not found</body></html>'))).toBeUndefined();
    expect(sniffFormat(ascii('hello world, this is text'))).toBeUndefined();
    expect(sniffFormat(new Uint8Array(4096))).toBeUndefined();
    expect(sniffFormat(new Uint8Array(0))).toBeUndefined();
    // A RIFF that is not WAVE (AVI) is not audio we read.
    expect(sniffFormat(concat(ascii('RIFF'), new Uint8Array(4), ascii('AVI LIST')))).toBeUndefined();
  });
});

describe('describeBytes', () => {
  it('shows the start of text, and names HTML', () => {
    expect(describeBytes(ascii('<html>\n<head><title>404</title></head>'))).toBe("looks like an HTML page, starts with '<html>'");
    expect(describeBytes(ascii('<!DOCTYPE html><html lang="en">'))).toMatch(/^looks like an HTML page, starts with '<!DOCTYPE html><html lan'$/);
    expect(describeBytes(ascii('just some notes\nsecond line'))).toBe("looks like text, starts with 'just some notes'");
  });

  it('names common non-audio files', () => {
    expect(describeBytes(concat(Uint8Array.of(0x89), ascii('PNG\r\n'), new Uint8Array(20)))).toBe('looks like a PNG image');
    expect(describeBytes(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('looks like a JPEG image');
    expect(describeBytes(concat(ascii('PK\x03\x04'), new Uint8Array(20)))).toBe('looks like a ZIP archive');
    expect(describeBytes(concat(ascii('MThd'), new Uint8Array(20)))).toMatch(/MIDI/);
  });

  it('shows binary as hex, and says when it is all zeros or empty', () => {
    expect(describeBytes(Uint8Array.of(0x3f, 0x8a, 0x00, 0x12, 1, 2, 3, 4, 5, 6))).toBe('starts with bytes 3f 8a 00 12 01 02 03 04 ...');
    expect(describeBytes(new Uint8Array(100))).toBe('starts with 100 zero bytes');
    expect(describeBytes(new Uint8Array(0))).toBe('is empty');
  });
});
