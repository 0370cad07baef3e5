import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMp3, encodeWav } from '../audio/encode.js';
import { DEMO_STYLES, renderClip } from '../synth/song.js';
import { bufferIo } from './io.js';
import { runCli } from './program.js';

let dir: string;
const SR = 22050;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sonicprint-cli-'));
  const pop = renderClip({ style: DEMO_STYLES[0], seed: 1, duration: 8, sr: SR });
  const country = renderClip({ style: DEMO_STYLES[1], seed: 2, duration: 8, sr: SR });
  await writeFile(join(dir, 'pop.wav'), encodeWav({ channels: [pop, pop], sampleRate: SR }));
  await writeFile(join(dir, 'country.mp3'), await encodeMp3({ channels: [country], sampleRate: SR }, { bitrate: 128 }));
  await writeFile(join(dir, 'page.wav'), '<html><body>not audio</body></html>');
  await mkdir(join(dir, 'folder'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const io = bufferIo({ cwd: dir });
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('sonicprint features', () => {
  it('--json gives summaries with librosa shapes, the generated tempo and key', async () => {
    const { code, out } = await cli('features', '--json', join(dir, 'pop.wav'), join(dir, 'country.mp3'));
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.failures).toEqual([]);
    const [pop, country] = doc.files;
    expect(pop.nFrames).toBe(1 + Math.floor((8 * SR) / 512));
    expect(pop.descriptors.mfcc.mean).toHaveLength(20);
    expect(pop.descriptors.chroma_stft.mean).toHaveLength(12);
    expect(pop.descriptors.spectral_contrast.mean).toHaveLength(7);
    expect(pop.tempo).toBeGreaterThan(92 * 0.97);
    expect(pop.tempo).toBeLessThan(92 * 1.03);
    expect(pop.key.name).toBe('C major');
    expect(country.tempo).toBeGreaterThan(128 * 0.97);
    expect(country.tempo).toBeLessThan(128 * 1.03);
    expect(country.key.name).toBe('A minor');
    // Chroma is max-normalised per frame, so its per-dimension maxima are at most 1.
    expect(Math.max(...pop.descriptors.chroma_stft.max)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('--offset/--duration analyse only the requested span; --frames gives [dimension][frame] arrays', async () => {
    const { code, out } = await cli('features', '--json', '--frames', '--offset', '2', '--duration', '3', join(dir, 'pop.wav'));
    expect(code).toBe(0);
    const [doc] = JSON.parse(out).files;
    expect(doc.duration).toBeCloseTo(3, 3);
    const frames = 1 + Math.floor((3 * SR) / 512);
    expect(doc.frames.times).toHaveLength(frames);
    expect(doc.frames.descriptors.mfcc).toHaveLength(20);
    expect(doc.frames.descriptors.mfcc[0]).toHaveLength(frames);
    expect(doc.frames.descriptors.rms).toHaveLength(1);
  });

  it('prints a table without --json', async () => {
    const { code, out } = await cli('features', join(dir, 'pop.wav'));
    expect(code).toBe(0);
    expect(out).toMatch(/pop\.wav: 0:08\.0 at 22050 Hz/);
    expect(out).toMatch(/chroma_stft\[C#\]/);
    expect(out).toMatch(/spectral_centroid\s+\d/);
  });

  it('finishes the good files, reports each bad one with its code, and exits 1', async () => {
    const inputs = [join(dir, 'pop.wav'), join(dir, 'missing.mp3'), join(dir, 'folder'), join(dir, 'page.wav')];
    const { code, out, err } = await cli('features', '--json', ...inputs);
    expect(code).toBe(1);
    const doc = JSON.parse(out);
    expect(doc.files).toHaveLength(1);
    expect(doc.failures.map((f: { code: string }) => f.code)).toEqual(['E_NOT_FOUND', 'E_IS_DIRECTORY', 'E_UNKNOWN_FORMAT']);
    expect(doc.failures[2].message).toContain('page.wav');
    expect(doc.failures[2].message).toContain('<html');
    expect(err).toBe('');

    const plain = await cli('features', ...inputs);
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(/3 of 4 files failed/);
    expect(plain.err).toMatch(/\[E_NOT_FOUND\] .*missing\.mp3/);
  });

  it('rejects bad option values with exit code 2 and names the option', async () => {
    const { code, err } = await cli('features', '--sr', 'fast', join(dir, 'pop.wav'));
    expect(code).toBe(2);
    expect(err).toMatch(/--sr/);
    expect(err).toMatch(/'fast'/);
  });
});

describe('sonicprint info', () => {
  it('reports format, channels, rate and duration as JSON', async () => {
    const { code, out } = await cli('info', '--json', join(dir, 'pop.wav'), join(dir, 'country.mp3'));
    expect(code).toBe(0);
    const [wav, mp3] = JSON.parse(out).files;
    expect(wav).toMatchObject({ format: 'wav', channels: 2, sampleRate: SR, lossless: true });
    expect(wav.duration).toBeCloseTo(8, 3);
    expect(mp3).toMatchObject({ format: 'mp3', channels: 1, sampleRate: SR, lossless: false });
    // This encoder writes no LAME/Xing tag, so the length includes the codec's delay and padding (< 0.1 s).
    expect(Math.abs(mp3.duration - 8)).toBeLessThan(0.1);
  });

  it('exits 1 and names the file for a non-audio input', async () => {
    const { code, err } = await cli('info', join(dir, 'page.wav'));
    expect(code).toBe(1);
    expect(err).toMatch(/\[E_UNKNOWN_FORMAT\] .*page\.wav/);
  });
});

describe('sonicprint (program)', () => {
  it('--help lists the commands and exits 0; an unknown command exits 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const c of ['demo', 'info', 'features']) expect(help.out).toContain(c);
    const bad = await cli('fingerprint-everything');
    expect(bad.code).toBe(2);
  });

  it('demo writes three clips in three formats, recovers their tempo and key, and finds who a new act imitates', async () => {
    const { code, out } = await cli('demo', '--json', '--out', 'demo');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.clips.map((c: { info: { format: string } }) => c.info.format)).toEqual(['wav', 'mp3', 'ogg-vorbis']);
    for (const clip of result.clips) {
      expect(Math.abs(clip.features.tempo - clip.style.tempo) / clip.style.tempo).toBeLessThan(0.03);
      expect(clip.features.key.name).toBe(`${['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'][clip.style.key % 12]} ${clip.style.mode}`);
    }
    const sa = result.soundAlike;
    expect(sa.libraryTracks).toBe(12);
    expect(sa.match.artists.ranking[0].artist).toBe(sa.act.imitates);
    expect(sa.match.artists.ranking[0].consistency).toBe(1);
    expect(sa.match.genre.genre).toBe('country');
    expect(sa.homogeneity.stats.n).toBe(3);
    expect(readFileSync(sa.reportPath, 'utf8')).toContain('<svg');
  });

  it('the built binary runs (npm install builds dist/)', () => {
    const bin = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
    const version = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
