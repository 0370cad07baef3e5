import { describe, expect, it } from 'vitest';
import { toMono } from './mono.js';

describe('toMono (librosa.to_mono)', () => {
  it('averages two channels', () => {
    expect(toMono({ channels: [Float32Array.of(1, 0.5, -1), Float32Array.of(0, 0.5, 1)], sampleRate: 8000 })).toEqual(Float32Array.of(0.5, 0.5, 0));
  });

  it('averages any number of channels', () => {
    const channels = Array.from({ length: 6 }, (_, c) => Float32Array.of(c, -c, 0.1 * c));
    expect(toMono({ channels, sampleRate: 8000 })).toEqual(Float32Array.of(2.5, -2.5, Math.fround(0.25)));
  });

  it('returns a mono signal itself, uncopied', () => {
    const y = Float32Array.of(0.1, 0.2);
    expect(toMono({ channels: [y], sampleRate: 8000 })).toBe(y);
  });

  it('does not modify its input', () => {
    const l = Float32Array.of(1, 2);
    const r = Float32Array.of(3, 4);
    toMono({ channels: [l, r], sampleRate: 8000 });
    expect([...l, ...r]).toEqual([1, 2, 3, 4]);
  });

  it('gives an empty signal for no channels', () => {
    expect(toMono({ channels: [], sampleRate: 8000 }).length).toBe(0);
  });
});
