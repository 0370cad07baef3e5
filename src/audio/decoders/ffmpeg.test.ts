import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODEC_FIXTURES } from '../../../test/audio-gen.js';
import { decodeWithFfmpeg, ffmpegArgs, parseFfmpegCodec, resolveFfmpegPath } from './ffmpeg.js';

const HAS_FFMPEG = spawnSync('ffmpeg', ['-version']).status === 0;
const m4a = join(CODEC_FIXTURES, 'sine-440-660-stereo-44100.m4a');

describe('ffmpeg arguments', () => {
  it('decodes the first audio stream from the start, and protects the path', () => {
    expect(ffmpegArgs('-odd:name.m4a')).toEqual([
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info',
      '-i', 'file:-odd:name.m4a',
      '-map', '0:a:0', '-map_metadata', '-1', '-f', 'wav', '-c:a', 'pcm_f32le', 'pipe:1',
    ]);
  });

  it('resolves the binary: option, then $SONICPRINT_FFMPEG, then ffmpeg', () => {
    const saved = process.env.SONICPRINT_FFMPEG;
    try {
      delete process.env.SONICPRINT_FFMPEG;
      expect(resolveFfmpegPath()).toBe('ffmpeg');
      process.env.SONICPRINT_FFMPEG = '/opt/ff/bin/ffmpeg';
      expect(resolveFfmpegPath()).toBe('/opt/ff/bin/ffmpeg');
      expect(resolveFfmpegPath('/usr/local/bin/ffmpeg')).toBe('/usr/local/bin/ffmpeg');
    } finally {
      if (saved === undefined) delete process.env.SONICPRINT_FFMPEG;
      else process.env.SONICPRINT_FFMPEG = saved;
    }
  });

  it('reads the input codec from the stream listing', () => {
    const stderr = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:x.m4a':
  Duration: 00:00:01.02, start: 0.000000, bitrate: 101 kb/s
  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 95 kb/s (default)
Output #0, wav, to 'pipe:1':
  Stream #0:0(und): Audio: pcm_f32le ([3][0][0][0] / 0x0003), 44100 Hz, stereo, flt, 2822 kb/s (default)`;
    expect(parseFfmpegCodec(stderr)).toBe('aac (LC)');
    expect(parseFfmpegCodec('Stream #0:0: Audio: pcm_s16be, 16000 Hz, mono, s16, 256 kb/s')).toBe('pcm_s16be');
    expect(parseFfmpegCodec('nothing here')).toBeUndefined();
  });
});

describe.runIf(HAS_FFMPEG)('decodeWithFfmpeg', () => {
  const request = { path: m4a, name: 'x.m4a', formatName: 'MP4/M4A', ffmpegPath: 'ffmpeg' };

  it('streams float32 PCM with the channel count and rate from ffmpeg', async () => {
    const r = await decodeWithFfmpeg({ ...request, span: { offset: 0 } });
    expect(r.channels.length).toBe(2);
    expect(r.sampleRate).toBe(44100);
    expect(r.codec).toBe('aac (LC)');
    expect(r.framesSeen).toBe(r.channels[0].length);
  });

  it('drops the frames before the offset and stops ffmpeg once the duration is in', async () => {
    const full = await decodeWithFfmpeg({ ...request, span: { offset: 0 } });
    const r = await decodeWithFfmpeg({ ...request, span: { offset: 0.5, duration: 0.1 } });
    expect(r.channels[0]).toEqual(full.channels[0].slice(22050, 22050 + 4410));
    expect(r.framesSeen).toBeLessThan(full.framesSeen);
  });
});
