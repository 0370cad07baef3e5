import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from './encode.js';
import { DESCRIPTORS, describe as describeMatrix, extractFeatures, framesAsRows, summarizeFeatures } from './features.js';
import { load } from './load.js';
import { mfcc } from './mfcc.js';
import { chromaStft } from './chroma.js';
import { spectralCentroid } from './spectral.js';
import { beatTrack } from './beat.js';
import { DEMO_STYLES, renderClip } from '../synth/song.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sonicprint-features-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function allFinite(summary: ReturnType<typeof summarizeFeatures>): boolean {
  return Object.values(summary.descriptors).every((s) => [...s.mean, ...s.std, ...s.min, ...s.max].every(Number.isFinite));
}

describe('extractFeatures', () => {
  const sr = 22050;
  const y = renderClip({ style: DEMO_STYLES[1], seed: 5, duration: 6, sr });

  it('equals the standalone librosa-style functions it shares the STFT between', () => {
    const f = extractFeatures({ y, sr });
    const expectSame = (a: Float32Array, b: Float32Array) => {
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i += 7) expect(a[i]).toBeCloseTo(b[i], 3);
    };
    expectSame(f.descriptors.mfcc.data, mfcc({ y, sr }).data);
    expectSame(f.descriptors.chroma_stft.data, chromaStft({ y, sr }).data);
    expectSame(f.descriptors.spectral_centroid.data, spectralCentroid({ y, sr }).data);
    const beats = beatTrack({ y, sr });
    expect(f.tempo).toBeCloseTo(beats.tempo, 6);
    expect(Array.from(f.beats)).toEqual(Array.from(beats.beats));
  });

  it('puts every descriptor on one frame grid and summarises each dimension', () => {
    const f = extractFeatures({ y, sr });
    for (const name of DESCRIPTORS) expect(f.descriptors[name].nFrames, name).toBe(f.nFrames);
    const s = summarizeFeatures(f, 'clip');
    expect(s.descriptors.mfcc.mean).toHaveLength(20);
    expect(s.beatTimes.length).toBe(f.beats.length);
    expect(Math.abs(s.tempo - 128) / 128).toBeLessThan(0.03);
    const rows = framesAsRows(f);
    expect(rows.descriptors.chroma_stft).toHaveLength(12);
    expect(rows.times[1]).toBeCloseTo(512 / sr, 9);
  });

  it('describe gives mean, population std, min and max per dimension', () => {
    const m = { data: Float32Array.from([1, 10, 3, 20]), nBins: 2, nFrames: 2 };
    expect(describeMatrix(m)).toEqual({ mean: [2, 15], std: [1, 5], min: [1, 10], max: [3, 20] });
  });
});

describe('features of awkward but valid input', () => {
  it('pure silence: finite numbers everywhere, no tempo, no beats, no key', async () => {
    const file = join(dir, 'silence.wav');
    await writeFile(file, encodeWav({ channels: [new Float32Array(3 * 44100)], sampleRate: 44100 }));
    const signal = await load(file);
    const s = summarizeFeatures(extractFeatures(signal), file);
    expect(allFinite(s)).toBe(true);
    expect(s.tempo).toBe(0);
    expect(s.beatTimes).toEqual([]);
    expect(s.key).toBeNull();
    expect(s.descriptors.rms.max[0]).toBe(0);
  });

  it('a single sample: one centred frame', async () => {
    const file = join(dir, 'one.wav');
    await writeFile(file, encodeWav({ channels: [Float32Array.of(0.5)], sampleRate: 22050 }));
    const s = summarizeFeatures(extractFeatures(await load(file)), file);
    expect(s.nFrames).toBe(1);
    expect(allFinite(s)).toBe(true);
  });

  it('8 channels at 192 kHz: mixed to mono, resampled, same features as the mono mix at 22.05 kHz', async () => {
    const sr = 192000;
    const tone = renderClip({ style: DEMO_STYLES[0], seed: 9, duration: 2, sr });
    const channels = Array.from({ length: 8 }, (_, c) => tone.map((v) => v * (c < 4 ? 1 : 0.5)));
    const file = join(dir, 'surround.wav');
    await writeFile(file, encodeWav({ channels, sampleRate: sr }, 'pcm24'));
    const signal = await load(file);
    expect(signal.nativeChannels).toBe(8);
    expect(signal.nativeSr).toBe(sr);
    expect(signal.sr).toBe(22050);
    expect(signal.y.length).toBe(Math.ceil((tone.length * 22050) / sr));
    const s = summarizeFeatures(extractFeatures(signal), file);
    expect(allFinite(s)).toBe(true);
    expect(s.key?.name).toBe('C major');
  });
});
