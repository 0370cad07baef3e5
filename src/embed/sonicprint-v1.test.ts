import { describe, expect, it } from 'vitest';
import { noise } from '../../test/audio-gen.js';
import { ParameterError } from '../errors.js';
import { DEMO_STYLES, renderClip, type Style } from '../synth/song.js';
import { blockOffsets } from './blocks.js';
import {
  createSonicprintV1,
  scaleSonicprintV1,
  SONICPRINT_V1_BLOCKS,
  SONICPRINT_V1_DIM,
  SONICPRINT_V1_DIMENSIONS,
  SONICPRINT_V1_SETTINGS,
  sonicprintV1Features,
} from './sonicprint-v1.js';

const sr = 22050;
const embedder = createSonicprintV1();
const OFFSETS = blockOffsets(SONICPRINT_V1_BLOCKS);
const blockIndex = (name: string) => SONICPRINT_V1_BLOCKS.findIndex((b) => b.name === name);

/** The part of v that belongs to one block. */
const block = (v: Float32Array, name: string) => v.subarray(OFFSETS[blockIndex(name)], OFFSETS[blockIndex(name) + 1]);

/** Euclidean distance within one block, divided by √weight: ~1 means the block moved by its whole typical spread. */
function blockDistance(a: Float32Array, b: Float32Array, name: string): number {
  const x = block(a, name);
  const y = block(b, name);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s / SONICPRINT_V1_BLOCKS[blockIndex(name)].weight);
}

const distance = (a: Float32Array, b: Float32Array) => Math.hypot(...a.map((x, i) => x - b[i]));
const clip = (style: Style, seed: number, duration = 10) => renderClip({ style, seed, duration, sr });

describe('sonicprint-v1 block bookkeeping', () => {
  it('has dimensions that add up to dim, one name per dimension, and weights that sum to 1', () => {
    expect(SONICPRINT_V1_BLOCKS.reduce((n, b) => n + b.dim, 0)).toBe(SONICPRINT_V1_DIM);
    expect(embedder.dim).toBe(SONICPRINT_V1_DIM);
    expect(SONICPRINT_V1_DIMENSIONS).toHaveLength(SONICPRINT_V1_DIM);
    expect(new Set(SONICPRINT_V1_DIMENSIONS).size).toBe(SONICPRINT_V1_DIM);
    expect(SONICPRINT_V1_BLOCKS.reduce((s, b) => s + b.weight, 0)).toBeCloseTo(1, 12);
    expect(embedder).toMatchObject({ id: 'sonicprint-v1', sampleRate: 22050 });
  });

  it('describes every block in one line a Markdown table can hold (no pipes)', () => {
    for (const b of SONICPRINT_V1_BLOCKS) expect(b.description, b.name).toMatch(/^[^|\n]{20,}$/);
  });

  it('lets no family take more than 30 % by design: timbre, texture, harmony, dynamics, rhythm', () => {
    const family: Record<string, string> = {
      timbre: 'timbre',
      'timbre-motion': 'timbre',
      texture: 'texture',
      'pitch-classes': 'harmony',
      tonality: 'harmony',
      dynamics: 'dynamics',
      rhythm: 'rhythm',
      onsets: 'rhythm',
    };
    const shares: Record<string, number> = {};
    for (const b of SONICPRINT_V1_BLOCKS) shares[family[b.name]] = (shares[family[b.name]] ?? 0) + b.weight;
    expect(Object.keys(shares).sort()).toEqual(['dynamics', 'harmony', 'rhythm', 'texture', 'timbre']);
    for (const share of Object.values(shares)) expect(share).toBeLessThanOrEqual(0.3 + 1e-12);
  });

  it('names each dimension after its block, in vector order', () => {
    for (let b = 0; b < SONICPRINT_V1_BLOCKS.length; b++) {
      for (let d = OFFSETS[b]; d < OFFSETS[b + 1]; d++) expect(SONICPRINT_V1_DIMENSIONS[d].startsWith(`${SONICPRINT_V1_BLOCKS[b].name}.`)).toBe(true);
    }
    expect(SONICPRINT_V1_DIMENSIONS[0]).toBe('timbre.mfcc_mean_1');
    expect(SONICPRINT_V1_DIMENSIONS).toContain('rhythm.tempo_log2_bpm');
  });
});

describe('scaleSonicprintV1', () => {
  it('maps the typical value to 0 and one typical spread to sqrt(w / d) · 4 tanh(1/4); NaN to 0', () => {
    const raw = new Float64Array(SONICPRINT_V1_DIM).fill(NaN);
    expect(Array.from(scaleSonicprintV1(raw)).every((v) => v === 0)).toBe(true);
    const y = clip(DEMO_STYLES[0], 1, 6);
    const features = sonicprintV1Features(y);
    const v = scaleSonicprintV1(features);
    // The soft limit: no standardised value beyond ±4, so no dimension exceeds sqrt(w / d) · 4.
    for (let b = 0; b < SONICPRINT_V1_BLOCKS.length; b++) {
      const { weight, dim } = SONICPRINT_V1_BLOCKS[b];
      for (let d = OFFSETS[b]; d < OFFSETS[b + 1]; d++) expect(Math.abs(v[d])).toBeLessThanOrEqual(Math.sqrt(weight / dim) * 4 + 1e-6);
    }
    // Tempo: centre log2(115), scale 0.4 octaves; 230 BPM is 2.5 spreads up.
    const tempoDim = SONICPRINT_V1_DIMENSIONS.indexOf('rhythm.tempo_log2_bpm');
    const rhythm = SONICPRINT_V1_BLOCKS[blockIndex('rhythm')];
    const one = new Float64Array(SONICPRINT_V1_DIM).fill(NaN);
    one[tempoDim] = Math.log2(230);
    expect(scaleSonicprintV1(one)[tempoDim]).toBeCloseTo(Math.sqrt(rhythm.weight / rhythm.dim) * 4 * Math.tanh(2.5 / 4), 6);
    one[tempoDim] = Math.log2(115);
    expect(scaleSonicprintV1(one)[tempoDim]).toBeCloseTo(0, 9);
  });

  it('rejects a raw vector of the wrong length', () => {
    expect(() => scaleSonicprintV1(new Float64Array(3))).toThrow(/must have \d+ values, got 3/);
  });
});

describe('sonicprint-v1 invariances', () => {
  const style = DEMO_STYLES[0];
  const y = clip(style, 7);
  const v = embedder.embed(y);
  const otherSong = embedder.embed(clip(style, 8));

  it('barely moves under a gain change (×0.5, ×0.1): levels only enter as differences', () => {
    const songs = distance(v, otherSong);
    for (const g of [0.5, 0.1]) {
      const quieter = embedder.embed(y.map((x) => x * g));
      expect(distance(v, quieter)).toBeLessThan(0.02 * songs);
    }
  });

  it('moves the pitch-class block under a transposition, far more than the key-free tonality and the rhythm', () => {
    const up = embedder.embed(clip({ ...style, key: style.key + 3 }, 7));
    const pitch = blockDistance(v, up, 'pitch-classes');
    expect(pitch).toBeGreaterThan(0.8);
    expect(pitch).toBeGreaterThan(2 * blockDistance(v, up, 'tonality'));
    expect(blockDistance(v, up, 'rhythm')).toBeLessThan(0.1);
  });

  it('moves the rhythm block under a tempo change, more than any other block', () => {
    const faster = embedder.embed(clip({ ...style, tempo: style.tempo * 1.25 }, 7));
    const rhythm = blockDistance(v, faster, 'rhythm');
    expect(rhythm).toBeGreaterThan(1);
    for (const b of SONICPRINT_V1_BLOCKS) if (b.name !== 'rhythm') expect(blockDistance(v, faster, b.name), b.name).toBeLessThan(rhythm / 2);
  });

  it('reports the tempo: log2 BPM of the synthetic groove within a few percent', () => {
    for (const s of DEMO_STYLES.slice(0, 2)) {
      const raw = sonicprintV1Features(clip(s, 2));
      const bpm = 2 ** raw[SONICPRINT_V1_DIMENSIONS.indexOf('rhythm.tempo_log2_bpm')];
      expect(Math.abs(Math.log2(bpm / s.tempo)), `${s.name}: ${bpm} BPM`).toBeLessThan(0.05);
    }
  });
});

describe('sonicprint-v1 on awkward input', () => {
  it('gives silence (and an empty signal) the zero vector: no evidence means the typical track', () => {
    for (const y of [new Float32Array(sr * 30), new Float32Array(0)]) {
      const v = embedder.embed(y);
      expect(Array.from(v).every((x) => x === 0)).toBe(true);
    }
  });

  it('summarises 100 samples (less than one analysis frame) from timbre and harmony only', () => {
    const v = embedder.embed(noise(100, 2));
    expect(Array.from(v).every(Number.isFinite)).toBe(true);
    expect(block(v, 'timbre').some((x) => x !== 0)).toBe(true);
    for (const name of ['timbre-motion', 'dynamics', 'rhythm', 'onsets']) expect(Array.from(block(v, name)).every((x) => x === 0), name).toBe(true);
  });

  it('leaves the rhythm blocks at zero below minRhythmSeconds and fills them above it', () => {
    const seconds = SONICPRINT_V1_SETTINGS.minRhythmSeconds;
    const long = clip(DEMO_STYLES[1], 3, seconds + 1);
    const short = long.subarray(0, Math.floor(sr * (seconds - 1)));
    expect(Array.from(block(embedder.embed(short), 'rhythm')).every((x) => x === 0)).toBe(true);
    expect(block(embedder.embed(long), 'rhythm').some((x) => x !== 0)).toBe(true);
  });

  it('embeds a whole 5-minute track to a finite vector close to its 30-s excerpt', () => {
    const piece = clip(DEMO_STYLES[1], 5, 30);
    const track = new Float32Array(piece.length * 10);
    for (let k = 0; k < 10; k++) track.set(piece, k * piece.length);
    const whole = embedder.embed(track);
    expect(Array.from(whole).every(Number.isFinite)).toBe(true);
    expect(distance(whole, embedder.embed(piece))).toBeLessThan(0.25 * distance(embedder.embed(piece), embedder.embed(clip(DEMO_STYLES[0], 5, 30))));
  });

  it('rejects NaN and infinite samples, naming the sample', () => {
    const y = new Float32Array(1000);
    y[123] = NaN;
    expect(() => embedder.embed(y)).toThrow(ParameterError);
    expect(() => embedder.embed(y)).toThrow(/sample 123 of the signal is NaN/);
    y[123] = Infinity;
    expect(() => embedder.embed(y)).toThrow(/Infinity/);
  });
});
