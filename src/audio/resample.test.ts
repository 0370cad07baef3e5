import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { resample, resampleLength } from './resample.js';
import { firwinKaiserLowpass } from './window-design.js';
import { seededRandom } from '../synth/random.js';
import { HAS_SHARED_MUSIC, readSharedAudio } from '../../test/librosa-fixtures.js';


function sine(sr: number, freq: number, n: number, amp: number): Float32Array {
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = amp * Math.sin((2 * Math.PI * freq * i) / sr);
  return y;
}

/** Seeded uniform noise in [-1, 1). */
function noise(n: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: n }, () => 2 * random() - 1);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * scipy.signal.resample_poly written as its definition, with no polyphase bookkeeping:
 * out[n] = sum_i x[i] * h[n * down + half_len - i * up], over ascending i.
 * `round32` rounds every product and partial sum to float32, as scipy's float32 upfirdn does.
 */
function resamplePolyDirect(x: Float32Array, up: number, down: number, round32: boolean): Float32Array {
  const maxRate = Math.max(up, down);
  const halfLen = 10 * maxRate;
  const numTaps = 2 * halfLen + 1;
  const h = firwinKaiserLowpass(numTaps, 1 / maxRate, 5).map((v) => Math.fround(Math.fround(v) * up));
  const nOut = Math.ceil((x.length * up) / down);
  const out = new Float32Array(nOut);
  for (let n = 0; n < nOut; n++) {
    const c = n * down + halfLen;
    const iMin = Math.max(0, Math.ceil((c - numTaps + 1) / up));
    const iMax = Math.min(x.length - 1, Math.floor(c / up));
    let acc = 0;
    for (let i = iMin; i <= iMax; i++) {
      acc = round32 ? Math.fround(acc + Math.fround(x[i] * h[c - i * up])) : acc + x[i] * h[c - i * up];
    }
    out[n] = acc;
  }
  return out;
}

/** Largest |a[i] - b[i]| over indices [from, a.length - to). */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = 0): number {
  let m = 0;
  for (let i = from; i < a.length - to; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('resample: analytic signals', () => {
  // Edges are skipped: the filter runs into the zeros scipy pads with.
  const EDGE = 200;

  for (const [origSr, targetSr] of [
    [44100, 22050],
    [44100, 16000],
    [16000, 44100],
    [22050, 16000],
  ] as const) {
    it(`a 1 kHz sine at ${origSr} Hz stays a 1 kHz sine of the same amplitude at ${targetSr} Hz`, () => {
      const out = resample(sine(origSr, 1000, origSr, 0.5), { origSr, targetSr });
      const ideal = sine(targetSr, 1000, out.length, 0.5);
      expect(out.length).toBe(targetSr);
      expect(maxAbsDiff(out, ideal, EDGE, EDGE)).toBeLessThan(1e-3);
    });
  }

  it('band-limits: a 15 kHz tone at 44100 Hz is below -60 dB after resampling to 22050 Hz', () => {
    const out = resample(sine(44100, 15000, 44100, 1), { origSr: 44100, targetSr: 22050 });
    let energy = 0;
    for (let n = EDGE; n < out.length - EDGE; n++) energy += out[n] * out[n];
    const rms = Math.sqrt(energy / (out.length - 2 * EDGE));
    const db = 20 * Math.log10(rms / Math.SQRT1_2);
    expect(db).toBeLessThan(-60);
  });

  it('preserves DC', () => {
    for (const [origSr, targetSr] of [
      [44100, 22050],
      [44100, 16000],
      [16000, 44100],
      [48000, 44100],
    ]) {
      const out = resample(new Float32Array(origSr).fill(0.3), { origSr, targetSr });
      let worst = 0;
      for (let n = EDGE; n < out.length - EDGE; n++) worst = Math.max(worst, Math.abs(out[n] - 0.3));
      expect(worst).toBeLessThan(1e-3);
    }
  });

  it('2:1 decimation keeps DC to float32 precision (a single phase whose taps sum to 1)', () => {
    const out = resample(new Float32Array(4410).fill(0.3), { origSr: 44100, targetSr: 22050 });
    expect(maxAbsDiff(out, new Float32Array(out.length).fill(0.3), EDGE, EDGE)).toBeLessThan(1e-6);
  });

  it('keeps the time origin: an impulse at input sample 2k lands on output sample k (2:1)', () => {
    const y = new Float32Array(1000);
    y[400] = 1;
    const out = resample(y, { origSr: 44100, targetSr: 22050 });
    let argmax = 0;
    for (let n = 1; n < out.length; n++) if (out[n] > out[argmax]) argmax = n;
    expect(argmax).toBe(200);
    // The response is the filter, symmetric around its centre.
    for (let k = 1; k < 10; k++) expect(out[200 + k]).toBeCloseTo(out[200 - k], 7);
  });
});

describe('resample: lengths', () => {
  const rates = [
    [44100, 22050],
    [44100, 16000],
    [16000, 44100],
    [22050, 16000],
    [48000, 22050],
  ] as const;

  it('returns ceil(n * targetSr / origSr) samples, for empty and 1-sample input too', () => {
    for (const [origSr, targetSr] of rates) {
      for (const n of [0, 1, 2, 3, 7, 100, 441, 1001, 44100, 44101]) {
        const out = resample(noise(n, n + 1), { origSr, targetSr });
        const g = gcd(origSr, targetSr);
        expect(out.length, `${n} samples ${origSr} -> ${targetSr}`).toBe(
          Math.ceil((n * (targetSr / g)) / (origSr / g)),
        );
        expect(resampleLength(n, origSr, targetSr)).toBe(out.length);
      }
    }
  });

  it('a single sample becomes the filter centre tap(s), not zeros', () => {
    const out = resample(new Float32Array([1]), { origSr: 16000, targetSr: 44100 });
    expect(out.length).toBe(3);
    expect(out[0]).toBeGreaterThan(0.9);
  });

  it("follows librosa's float64 length formula where it rounds up (44100 -> 48000, 147 samples)", () => {
    // 147 * (48000 / 44100) = 160.00000000000003 in float64, so librosa's fix_length pads
    // scipy's 160 samples with one zero.
    expect(resampleLength(147, 44100, 48000)).toBe(161);
    const fixed = resample(noise(147, 7), { origSr: 44100, targetSr: 48000 });
    const unfixed = resample(noise(147, 7), { origSr: 44100, targetSr: 48000, fix: false });
    expect(fixed.length).toBe(161);
    expect(fixed[160]).toBe(0);
    expect(unfixed.length).toBe(160);
    expect(Array.from(fixed.subarray(0, 160))).toEqual(Array.from(unfixed));
  });

  it('equal rates return a copy', () => {
    const y = noise(100, 3);
    const out = resample(y, { origSr: 22050, targetSr: 22050 });
    expect(out).not.toBe(y);
    expect(Array.from(out)).toEqual(Array.from(y));
  });
});

describe('resample: polyphase kernel', () => {
  // Ratios with one and many phases, up- and down-sampling; lengths that hit only the
  // edge path, and ones long enough for the blocked interior path.
  const ratios = [
    [1, 2],
    [2, 1],
    [2, 3],
    [3, 2],
    [160, 441],
    [441, 160],
    [147, 160],
  ] as const;

  // The kernel skips the taps on the sinc's zeros (~1e-17); the direct formula keeps them,
  // and the float32 results still agree to the bit.
  it('matches the direct formula bit for bit', () => {
    for (const [up, down] of ratios) {
      for (const n of [1, 5, 37, 2000, 30000]) {
        const y = noise(n, up * 1000 + n);
        const out = resample(y, { origSr: down * 100, targetSr: up * 100, fix: false });
        const direct = resamplePolyDirect(y, up, down, false);
        expect(out.length).toBe(direct.length);
        expect(maxAbsDiff(out, direct), `up ${up} down ${down} n ${n}`).toBe(0);
      }
    }
  });

  it('is linear and deterministic (the cached filter gives the same result twice)', () => {
    const a = noise(5000, 11);
    const b = noise(5000, 12);
    const sum = a.map((v, i) => v + b[i]);
    const opts = { origSr: 44100, targetSr: 16000 };
    const ra = resample(a, opts);
    const rb = resample(b, opts);
    const rs = resample(sum, opts);
    expect(Array.from(resample(a, opts))).toEqual(Array.from(ra));
    expect(maxAbsDiff(rs, ra.map((v, i) => v + rb[i]))).toBeLessThan(1e-6);
  });
});

describe('resample: invalid parameters', () => {
  const y = new Float32Array(10);
  const cases: [string, () => unknown, RegExp][] = [
    ['origSr 0', () => resample(y, { origSr: 0, targetSr: 16000 }), /origSr.*0/],
    ['origSr negative', () => resample(y, { origSr: -44100, targetSr: 16000 }), /origSr.*-44100/],
    ['origSr fractional', () => resample(y, { origSr: 44100.5, targetSr: 16000 }), /origSr.*44100\.5/],
    ['origSr NaN', () => resample(y, { origSr: NaN, targetSr: 16000 }), /origSr.*NaN/],
    ['origSr Infinity', () => resample(y, { origSr: Infinity, targetSr: 16000 }), /origSr.*Infinity/],
    ['origSr string', () => resample(y, { origSr: '44100' as unknown as number, targetSr: 16000 }), /origSr/],
    ['targetSr 0', () => resample(y, { origSr: 44100, targetSr: 0 }), /targetSr.*0/],
    ['targetSr fractional', () => resample(y, { origSr: 44100, targetSr: 22050.25 }), /targetSr.*22050\.25/],
    [
      'resType',
      () => resample(y, { origSr: 44100, targetSr: 16000, resType: 'soxr_hq' as 'polyphase' }),
      /resType.*soxr_hq/,
    ],
    ['fix', () => resample(y, { origSr: 44100, targetSr: 16000, fix: 1 as unknown as boolean }), /fix.*1/],
    [
      'y Float64Array',
      () => resample(new Float64Array(4) as unknown as Float32Array, { origSr: 2, targetSr: 1 }),
      /y.*Float64Array/,
    ],
    ['y plain array', () => resample([0, 1] as unknown as Float32Array, { origSr: 2, targetSr: 1 }), /y.*Array/],
    ['options', () => resample(y, undefined as unknown as { origSr: number; targetSr: number }), /options/],
    ['resampleLength nIn', () => resampleLength(-1, 44100, 16000), /nIn.*-1/],
    ['resampleLength nIn fractional', () => resampleLength(1.5, 44100, 16000), /nIn.*1\.5/],
    ['resampleLength origSr', () => resampleLength(10, 0, 16000), /origSr.*0/],
    ['resampleLength targetSr', () => resampleLength(10, 44100, -1), /targetSr.*-1/],
  ];
  for (const [name, call, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(call).toThrow(ParameterError);
      expect(call).toThrow(message);
      try {
        call();
      } catch (err) {
        expect((err as ParameterError).code).toBe('E_INVALID_PARAMETER');
      }
    });
  }
});

// librosa 0.11 / scipy 1.10.1 outputs of a GPL music clip: read from ../shared only, never copied.
describe.runIf(HAS_SHARED_MUSIC)('resample: parity with librosa.resample(res_type="polyphase")', () => {
  for (const targetSr of [22050, 16000]) {
    it(`44100 -> ${targetSr} Hz on 30 s of music`, async () => {
      // The float WAVs hold the same float32 samples as librosa's .npy outputs (see the fixtures README).
      const input = await readSharedAudio('music_battle_epic.native44100.mono.f32.wav');
      const expected = await readSharedAudio(`music_battle_epic.sr${targetSr}.f32.wav`);
      const out = resample(input, { origSr: 44100, targetSr });
      expect(input.length).toBe(1_323_000);
      expect(out.length).toBe(expected.length);
      const diff = maxAbsDiff(out, expected);
      console.info(
        `resample 44100 -> ${targetSr}: ${out.length} samples, max |ours - librosa| = ${diff.toExponential(3)}`,
      );
      // scipy accumulates in float32 (the FIR is cast to the input's dtype); we use float64.
      expect(diff).toBeLessThan(1e-6);

      // With scipy's float32 rounding replayed, the filter and alignment reproduce librosa exactly.
      const g = gcd(44100, targetSr);
      const replay = resamplePolyDirect(input, targetSr / g, 44100 / g, true);
      expect(maxAbsDiff(replay.subarray(0, expected.length), expected)).toBe(0);
    });
  }
});
