import { describe, expect, it } from 'vitest';
import { estimateKey } from './key.js';

/** A chroma profile with weight on the given pitch classes. */
function profile(weights: Record<number, number>): number[] {
  const p = new Array(12).fill(0.05);
  for (const [pc, w] of Object.entries(weights)) p[Number(pc)] = w;
  return p;
}

describe('estimateKey', () => {
  it('finds C major from a C major scale with tonic and fifth emphasised', () => {
    const k = estimateKey(profile({ 0: 1, 2: 0.5, 4: 0.7, 5: 0.5, 7: 0.9, 9: 0.5, 11: 0.4 }));
    expect(k).toMatchObject({ key: 0, mode: 1, name: 'C major' });
  });

  it('finds A minor from an A minor triad-heavy profile, and transposes', () => {
    const aMinor = profile({ 9: 1, 0: 0.8, 4: 0.85, 2: 0.3, 11: 0.3, 5: 0.3, 7: 0.35 });
    expect(estimateKey(aMinor)).toMatchObject({ key: 9, mode: 0 });
    const bMinor = aMinor.map((_, i) => aMinor[(i + 10) % 12]); // shift up a whole tone
    expect(estimateKey(bMinor)).toMatchObject({ key: 11, mode: 0 });
  });

  it('gives null for a flat profile and rejects a wrong length', () => {
    expect(estimateKey(new Array(12).fill(0.3))).toBeNull();
    expect(() => estimateKey([1, 2, 3])).toThrow(/12 values/);
  });
});
