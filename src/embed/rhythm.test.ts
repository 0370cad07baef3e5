import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { seededRandom } from '../synth/random.js';
import { onsetAutocovariance, onsetRate, periodicityProfile, tempoBandCentres } from './rhythm.js';

const FPS = 22050 / 512;
const AXIS = { minBpm: 40, maxBpm: 320, bandsPerOctave: 4 };
const PEAKS = { maxRadius: 3, meanRadius: 10, delta: 0.07 };

/** An onset envelope with one unit impulse every `period` frames on top of small seeded noise. */
function pulses(n: number, period: number, seed = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: n }, (_, t) => (t % period === 0 ? 1 : 0) + 0.02 * random());
}

describe('onsetAutocovariance', () => {
  it('is 1 at lag 0 and close to 1 at multiples of the pulse period, near 0 between', () => {
    const ac = onsetAutocovariance(pulses(1000, 20), 100);
    expect(ac[0]).toBeCloseTo(1, 6);
    expect(ac[20]).toBeGreaterThan(0.95);
    expect(ac[40]).toBeGreaterThan(0.95);
    expect(Math.abs(ac[10])).toBeLessThan(0.1);
  });

  it('is all zeros for a constant envelope', () => {
    expect(Array.from(onsetAutocovariance(new Float32Array(200).fill(3), 20))).toEqual(new Array(21).fill(0));
  });

  it('rejects lags the envelope cannot hold', () => {
    expect(() => onsetAutocovariance(new Float32Array(10), 10)).toThrow(ParameterError);
    expect(() => onsetAutocovariance(new Float32Array(10), -1)).toThrow(/maxLag/);
  });
});

describe('tempoBandCentres', () => {
  it('spaces 40-320 BPM in quarter octaves: 13 bands, 80 BPM at band 4', () => {
    const c = tempoBandCentres(AXIS);
    expect(c).toHaveLength(13);
    expect(c[0]).toBe(40);
    expect(c[4]).toBeCloseTo(80, 9);
    expect(c[12]).toBeCloseTo(320, 9);
  });

  it('rejects an empty or inverted axis and fractional band counts', () => {
    expect(() => tempoBandCentres({ ...AXIS, maxBpm: 30 })).toThrow(/minBpm/);
    expect(() => tempoBandCentres({ ...AXIS, bandsPerOctave: 1.5 })).toThrow(/bandsPerOctave/);
  });
});

describe('periodicityProfile', () => {
  it('peaks in the band of the pulse tempo and of half that tempo; doubling the tempo moves the peak up four bands (an octave)', () => {
    // 120 BPM at 43.07 frames/s is a period of 21.5 frames; 22 frames = 117.5 BPM, inside the 113 BPM band (±1/8 octave).
    const slow = periodicityProfile(onsetAutocovariance(pulses(1300, 22), 100), FPS, AXIS);
    const centres = tempoBandCentres(AXIS);
    const band = (bpm: number) => centres.findIndex((c) => Math.abs(Math.log2(bpm / c)) <= 1 / 8);
    expect(slow[band(117.5)]).toBeGreaterThan(0.9);
    expect(slow[band(117.5 / 2)]).toBeGreaterThan(0.9);
    // No pulse at 1.5x the tempo (a lag of 14.7 frames).
    expect(slow[band(117.5 * 1.5)]).toBeLessThan(0.2);
    // Twice as fast: the profile's fastest peak moves up one octave = 4 bands.
    const fast = periodicityProfile(onsetAutocovariance(pulses(1300, 11), 100), FPS, AXIS);
    expect(fast[band(235)]).toBeGreaterThan(0.9);
    expect(band(235) - band(117.5)).toBe(4);
  });

  it('reads 0 for bands whose lags lie beyond the autocovariance', () => {
    const profile = periodicityProfile(onsetAutocovariance(pulses(200, 10), 20), FPS, AXIS);
    // Lag 20 is 129 BPM: every band below ~115 BPM needs longer lags.
    expect(profile[0]).toBe(0);
    expect(profile[12]).not.toBe(0);
  });
});

describe('onsetRate', () => {
  it('counts one onset per pulse: a pulse every 21.5 frames is 2 onsets per second', () => {
    const n = 43 * 30;
    const env = Float32Array.from({ length: n }, (_, t) => (t % 43 === 0 || t % 43 === 21 ? 1 : 0));
    expect(onsetRate(env, FPS, PEAKS)).toBeCloseTo((60 * FPS) / n, 1);
  });

  it('is 0 for a flat or empty envelope', () => {
    expect(onsetRate(new Float32Array(100).fill(2), FPS, PEAKS)).toBe(0);
    expect(onsetRate(new Float32Array(0), FPS, PEAKS)).toBe(0);
  });

  it('counts a plateau once and ignores peaks that do not rise above their neighbourhood', () => {
    const env = new Float32Array(100);
    env.fill(1, 40, 43);
    expect(onsetRate(env, 1, PEAKS)).toBeCloseTo(1 / 100, 12);
    const ripple = Float32Array.from({ length: 100 }, (_, t) => 1 + 0.01 * Math.sin(t));
    ripple[50] = 2;
    expect(onsetRate(ripple, 1, PEAKS)).toBeCloseTo(1 / 100, 12);
  });
});
