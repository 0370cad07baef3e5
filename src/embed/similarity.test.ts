import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../synth/random.js';
import { DEMO_STYLES, renderClip, type Style } from '../synth/song.js';
import { blockOffsets, blockShares } from './blocks.js';
import type { Embedder } from './embedder.js';
import { createMfccMeanEmbedder } from './mfcc-mean.js';
import { createSonicprintV1, SONICPRINT_V1_BLOCKS } from './sonicprint-v1.js';

// Collection-level behaviour: vectors compared the way the library will compare them (mean-centred, L2-normalised,
// inner product), over synthetic "artists" (styles) whose songs (seeds) differ in melody, chords and production.

const sr = 22050;
const SECONDS = 10;

/**
 * One song's production: a random darkening (a one-pole low-pass at 0.5-3.5 kHz blended in up to 80 %) and a random
 * level (0.3-1, about -10 to 0 dB), as songs of one artist differ in mix and mastering. Seeded by `seed`.
 */
function produce(y: Float32Array, seed: number): Float32Array {
  const random = seededRandom(seed);
  const cutoff = 500 + 3000 * random();
  const mix = 0.8 * random();
  const gain = 0.3 + 0.7 * random();
  const a = Math.exp((-2 * Math.PI * cutoff) / sr);
  const out = new Float32Array(y.length);
  let low = 0;
  for (let i = 0; i < y.length; i++) {
    low = (1 - a) * y[i] + a * low;
    out[i] = gain * ((1 - mix) * y[i] + mix * low);
  }
  return out;
}

interface Song {
  artist: number;
  y: Float32Array;
}

/** Every artist sings every seed; each song gets its own production. */
function songs(artists: readonly Style[], seeds: readonly number[]): Song[] {
  return artists.flatMap((style, artist) => seeds.map((seed) => ({ artist, y: produce(renderClip({ style, seed, duration: SECONDS, sr }), 1000 * artist + seed) })));
}

/** Vectors as the library sees them: minus their mean, divided by their norm. */
function libraryVectors(vectors: readonly Float32Array[]): Float64Array[] {
  const dim = vectors[0].length;
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let d = 0; d < dim; d++) mean[d] += v[d] / vectors.length;
  return vectors.map((v) => {
    const u = Float64Array.from(v, (x, d) => x - mean[d]);
    const norm = Math.hypot(...u) || 1;
    return u.map((x) => x / norm);
  });
}

interface Agreement {
  /** Mean cosine over pairs of songs by the same artist. */
  within: number;
  /** Mean cosine over pairs by different artists. */
  between: number;
  /** Share of songs whose nearest other song is by the same artist. */
  nearestNeighbour: number;
}

function agreement(vectors: readonly Float32Array[], artists: readonly number[]): Agreement {
  const u = libraryVectors(vectors);
  const cos = (i: number, j: number) => u[i].reduce((s, x, d) => s + x * u[j][d], 0);
  let within = 0;
  let nWithin = 0;
  let between = 0;
  let nBetween = 0;
  let hits = 0;
  for (let i = 0; i < u.length; i++) {
    let best = -Infinity;
    let nearest = -1;
    for (let j = 0; j < u.length; j++) {
      if (j === i) continue;
      const c = cos(i, j);
      if (artists[i] === artists[j]) {
        within += c;
        nWithin++;
      } else {
        between += c;
        nBetween++;
      }
      if (c > best) {
        best = c;
        nearest = j;
      }
    }
    if (artists[nearest] === artists[i]) hits++;
  }
  return { within: within / nWithin, between: between / nBetween, nearestNeighbour: hits / u.length };
}

/** sonicprint-v1 with some blocks zeroed: what the fingerprint knows without them. */
function sonicprintWithout(names: readonly string[]): Embedder {
  const full = createSonicprintV1();
  const offsets = blockOffsets(SONICPRINT_V1_BLOCKS);
  return {
    ...full,
    embed(y) {
      const v = full.embed(y);
      SONICPRINT_V1_BLOCKS.forEach((b, i) => names.includes(b.name) && v.fill(0, offsets[i], offsets[i + 1]));
      return v;
    },
  };
}

const embedAll = (e: Embedder, set: readonly Song[]) => set.map((s) => e.embed(s.y));

describe('artists with their own instruments, tempo, key and groove', () => {
  const artists: Style[] = [
    ...DEMO_STYLES,
    { name: 'Neon Leads', tempo: 110, key: 64, mode: 'major', chords: 'pad', bass: 'bass', melody: 'lead', genre: 'synthpop', groove: { kick: 'x...x...x...x...', snare: '....x.......x...', hihat: 'xxxxxxxxxxxxxxxx' } },
    { name: 'Porch Pickers', tempo: 100, key: 55, mode: 'major', chords: 'pluck', bass: 'bass', melody: 'pluck', genre: 'folk', groove: { kick: 'x.......x.......', hihat: '..x...x...x...x.' } },
  ];
  let set: Song[];
  let sonicprint: Agreement;
  let baseline: Agreement;
  beforeAll(() => {
    set = songs(artists, [1, 2, 3, 4]);
    sonicprint = agreement(embedAll(createSonicprintV1(), set), set.map((s) => s.artist));
    baseline = agreement(embedAll(createMfccMeanEmbedder(), set), set.map((s) => s.artist));
  });

  it('finds songs by the same artist more similar than songs by others (sonicprint-v1)', () => {
    expect(sonicprint.within).toBeGreaterThan(0.6);
    expect(sonicprint.between).toBeLessThan(0);
    expect(sonicprint.within - sonicprint.between).toBeGreaterThan(0.8);
  });

  it('puts (nearly) every song next to one by the same artist, at least as often as mfcc-mean does', () => {
    expect(sonicprint.nearestNeighbour).toBeGreaterThanOrEqual(0.95);
    expect(sonicprint.nearestNeighbour).toBeGreaterThanOrEqual(baseline.nearestNeighbour);
  });
});

describe('artists who share their instruments and groove but not their tempo or key', () => {
  // A 2 × 2 design on one timbre: slow / fast × C / F# major. Telling them apart needs rhythm and harmony.
  const base = DEMO_STYLES[0];
  const artists: Style[] = [
    { ...base, name: 'slow in C', tempo: 84, key: 60 },
    { ...base, name: 'fast in C', tempo: 120, key: 60 },
    { ...base, name: 'slow in F#', tempo: 84, key: 66 },
    { ...base, name: 'fast in F#', tempo: 120, key: 66 },
  ];
  let set: Song[];
  let labels: number[];
  beforeAll(() => {
    set = songs(artists, [1, 2, 3, 4, 5]);
    labels = set.map((s) => s.artist);
  });

  it('separates them with sonicprint-v1 at least as well as with mfcc-mean', () => {
    const sonicprint = agreement(embedAll(createSonicprintV1(), set), labels);
    const baseline = agreement(embedAll(createMfccMeanEmbedder(), set), labels);
    expect(sonicprint.nearestNeighbour).toBeGreaterThanOrEqual(0.9);
    expect(sonicprint.nearestNeighbour).toBeGreaterThanOrEqual(baseline.nearestNeighbour);
    expect(sonicprint.within - sonicprint.between).toBeGreaterThan(baseline.within - baseline.between);
  });

  it('needs its rhythm and harmony blocks to do so: without them it does worse', () => {
    const full = agreement(embedAll(createSonicprintV1(), set), labels);
    const timbreOnly = agreement(embedAll(sonicprintWithout(['pitch-classes', 'tonality', 'rhythm', 'onsets']), set), labels);
    expect(timbreOnly.nearestNeighbour).toBeLessThan(full.nearestNeighbour);
    expect(timbreOnly.within - timbreOnly.between).toBeLessThan(full.within - full.between);
  });

  it('groups by tempo with the rhythm blocks alone and by key with the harmony blocks alone', () => {
    const tempoOf = (artist: number) => artist % 2;
    const keyOf = (artist: number) => Math.floor(artist / 2);
    const rhythmOnly = embedAll(sonicprintWithout(SONICPRINT_V1_BLOCKS.map((b) => b.name).filter((n) => n !== 'rhythm' && n !== 'onsets')), set);
    const harmonyOnly = embedAll(sonicprintWithout(SONICPRINT_V1_BLOCKS.map((b) => b.name).filter((n) => n !== 'pitch-classes' && n !== 'tonality')), set);
    expect(agreement(rhythmOnly, labels.map(tempoOf)).nearestNeighbour).toBe(1);
    expect(agreement(harmonyOnly, labels.map(keyOf)).nearestNeighbour).toBeGreaterThanOrEqual(0.9);
  });
});

describe('block weights over a varied collection', () => {
  it('gives every block a share of the centred squared norm near its weight, so no family dominates', () => {
    const random = seededRandom(2024);
    const pick = <T,>(options: readonly T[]): T => options[Math.floor(random() * options.length)];
    const instruments = ['piano', 'pluck', 'organ', 'pad', 'bass', 'lead'] as const;
    const grooves = [
      { kick: 'x.......x.......', snare: '....x.......x...', hihat: 'x.x.x.x.x.x.x.x.' },
      { kick: 'x...x...x...x...', snare: '....x.......x...', hihat: '..x...x...x...x.' },
      { hihat: '....x.......x...' },
      {},
      { kick: 'x.....x...x.....', snare: '....x.......x...', hihat: 'xxxxxxxxxxxxxxxx' },
      { kick: 'x..x..x...x..x..', hihat: 'x..x..x..x..x..x' },
    ];
    const embedder = createSonicprintV1();
    const vectors = Array.from({ length: 16 }, (_, i) => {
      const style: Style = {
        name: `random ${i}`,
        tempo: 60 + 120 * random(),
        key: 48 + Math.floor(24 * random()),
        mode: random() < 0.5 ? 'major' : 'minor',
        chords: pick(instruments),
        bass: pick(['bass', 'pad', 'pluck', 'organ'] as const),
        melody: pick(instruments),
        groove: pick(grooves),
        genre: 'random',
      };
      return embedder.embed(produce(renderClip({ style, seed: i + 1, duration: SECONDS, sr }), i));
    });
    const shares = blockShares(vectors, SONICPRINT_V1_BLOCKS);
    SONICPRINT_V1_BLOCKS.forEach((b, i) => {
      expect(shares[i] / b.weight, `${b.name}: share ${shares[i].toFixed(3)}, weight ${b.weight}`).toBeGreaterThan(0.35);
      expect(shares[i] / b.weight, `${b.name}: share ${shares[i].toFixed(3)}, weight ${b.weight}`).toBeLessThan(2);
    });
    expect(Math.max(...shares)).toBeLessThan(0.35);
  });
});
