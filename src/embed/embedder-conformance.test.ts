import { describe, expect, it } from 'vitest';
import { noise } from '../../test/audio-gen.js';
import { DEMO_STYLES, renderClip } from '../synth/song.js';
import { embedderIds, getEmbedder } from './registry.js';

/** The contract every Embedder keeps, run against each registered one (deep models included, once they plug in). */
describe.each(embedderIds())('embedder %s', (id) => {
  const embedder = getEmbedder(id);
  const sr = embedder.sampleRate;
  const music = renderClip({ style: DEMO_STYLES[0], seed: 9, duration: 5, sr });

  it('says who it is: its registry id, a positive dimension and sample rate', () => {
    expect(embedder.id).toBe(id);
    expect(Number.isInteger(embedder.dim) && embedder.dim > 0).toBe(true);
    expect(embedder.sampleRate).toBeGreaterThan(0);
  });

  it('returns one finite Float32Array of length dim for music, noise, silence, 100 samples and nothing', () => {
    const inputs = { music, noise: noise(sr * 2, 3), silence: new Float32Array(sr * 2), short: noise(100, 4), empty: new Float32Array(0) };
    for (const [name, y] of Object.entries(inputs)) {
      const v = embedder.embed(y);
      expect(v, name).toBeInstanceOf(Float32Array);
      expect(v, name).toHaveLength(embedder.dim);
      expect(Array.from(v).every(Number.isFinite), name).toBe(true);
    }
  });

  it('is deterministic and leaves its input untouched', () => {
    const copy = music.slice();
    const first = embedder.embed(music);
    embedder.embed(noise(sr, 8));
    expect(Array.from(embedder.embed(music))).toEqual(Array.from(first));
    expect(Array.from(music)).toEqual(Array.from(copy));
  });

  it('tells different music apart', () => {
    const other = renderClip({ style: DEMO_STYLES[1], seed: 9, duration: 5, sr });
    expect(Array.from(embedder.embed(other))).not.toEqual(Array.from(embedder.embed(music)));
  });

  it('answers a fresh instance with the same vectors (no state between instances)', () => {
    expect(Array.from(getEmbedder(id).embed(music))).toEqual(Array.from(embedder.embed(music)));
  });
});
