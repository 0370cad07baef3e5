import { describe, expect, it } from 'vitest';
import { hzToMel, melFilterBank, melFrequencies, melSpectrogram, melToHz } from './mel.js';
import { powerToDb } from './db.js';
import { toBinMajor } from './frame-matrix.js';
import { readFilter, readFixtureSignal, readReference, SIGNALS } from '../../test/librosa-fixtures.js';
import { deviation } from '../../test/compare.js';

describe('mel scale', () => {
  it('is linear below 1 kHz and round-trips (Slaney and HTK)', () => {
    expect(hzToMel(500)).toBeCloseTo(7.5, 12);
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(1000, true)).toBeCloseTo(999.9855, 3);
    for (const f of [0, 55, 440, 999, 1000, 4000, 11025]) {
      expect(melToHz(hzToMel(f))).toBeCloseTo(f, 9);
      expect(melToHz(hzToMel(f, true), true)).toBeCloseTo(f, 9);
    }
  });

  it('spaces frequencies evenly in mels, fmin and fmax included', () => {
    const f = melFrequencies(5, 0, 8000);
    expect(f[0]).toBe(0);
    expect(f[4]).toBeCloseTo(8000, 9);
  });
});

describe('melFilterBank parity with librosa.filters.mel', () => {
  const cases = [
    { key: 'mel_sr16000_nfft2048_nmels128_slaney', sr: 16000, nMels: 128, htk: false },
    { key: 'mel_sr16000_nfft2048_nmels128_htk', sr: 16000, nMels: 128, htk: true },
    { key: 'mel_sr48000_nfft2048_nmels256_slaney', sr: 48000, nMels: 256, htk: false },
    { key: 'mel_sr48000_nfft2048_nmels256_htk', sr: 48000, nMels: 256, htk: true },
  ];
  for (const c of cases) {
    it(`${c.key} within 1e-5 absolute`, () => {
      const ref = readFilter(c.key);
      const bank = melFilterBank({ sr: c.sr, nFft: 2048, nMels: c.nMels, htk: c.htk });
      expect([bank.nFilters, bank.nBins]).toEqual(ref.shape);
      const d = deviation(bank.weights, ref.data, { atol: 1e-5 });
      expect(d.failures, `max abs ${d.maxAbs}`).toBe(0);
    });
  }

  it('norm=null leaves triangle peaks at most 1; a p-norm makes each row unit-norm', () => {
    const raw = melFilterBank({ sr: 22050, nFft: 2048, nMels: 40, norm: null });
    const l2 = melFilterBank({ sr: 22050, nFft: 2048, nMels: 40, norm: 2 });
    expect(Math.max(...raw.weights)).toBeLessThanOrEqual(1);
    const row = l2.weights.subarray(20 * l2.nBins, 21 * l2.nBins);
    expect(Math.hypot(...row)).toBeCloseTo(1, 5);
  });

  it('rejects bad parameters with a message naming them', () => {
    expect(() => melFilterBank({ sr: 22050, nFft: 2048, nMels: 0 })).toThrow(/n_mels/);
    expect(() => melFilterBank({ sr: 22050, nFft: 2048, fmin: 5000, fmax: 100 })).toThrow(/fmin/);
    expect(() => melFilterBank({ sr: -1, nFft: 2048 })).toThrow(/sr/);
  });
});

describe('melSpectrogram parity with librosa (16 kHz, 128 mels)', () => {
  for (const signal of SIGNALS) {
    it(`${signal}: power spectrogram and both dB variants`, () => {
      const y = readFixtureSignal(signal, 16000);
      const S = melSpectrogram({ y, sr: 16000 });
      const refPower = readReference(signal, 'melspec_power_sr16000');
      expect([S.nBins, S.nFrames]).toEqual(refPower.shape);
      const power = toBinMajor(S);

      const refMax = readReference(signal, 'melspec_db_refmax_sr16000');
      const dbMax = powerToDb(power, { ref: 'max' });
      expectDbClose(dbMax, refMax.data);

      const ref1 = readReference(signal, 'melspec_db_ref1_sr16000');
      expectDbClose(powerToDb(power), ref1.data);
    });
  }
});

/** The tolerance: within 0.1 dB on bins within 80 dB of the maximum. */
function expectDbClose(actual: Float32Array, expected: number[]): void {
  const top = Math.max(...expected);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] <= top - 80 + 1e-3) continue;
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  expect(worst, `max dB error ${worst}`).toBeLessThan(0.1);
}
