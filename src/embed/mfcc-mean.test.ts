import { describe, expect, it } from 'vitest';
import { sine } from '../../test/audio-gen.js';
import { mfcc } from '../audio/mfcc.js';
import { DEMO_STYLES, renderClip } from '../synth/song.js';
import { createMfccMeanEmbedder } from './mfcc-mean.js';

describe('mfcc-mean', () => {
  const embedder = createMfccMeanEmbedder();

  it('is the time average of librosa.feature.mfcc (20 coefficients, 22050 Hz)', () => {
    const y = renderClip({ style: DEMO_STYLES[2], seed: 4, duration: 3, sr: 22050 });
    const m = mfcc({ y, sr: 22050 });
    const v = embedder.embed(y);
    expect(embedder).toMatchObject({ id: 'mfcc-mean', dim: 20, sampleRate: 22050 });
    expect(v).toHaveLength(20);
    for (let k = 0; k < 20; k++) {
      let sum = 0;
      for (let t = 0; t < m.nFrames; t++) sum += m.data[t * 20 + k];
      expect(v[k]).toBeCloseTo(sum / m.nFrames, 3);
    }
  });

  it('gives silence the MFCC of a spectrogram at the 80 dB floor: c0 = √128 · -100 dB, the rest 0', () => {
    const v = embedder.embed(new Float32Array(22050));
    // power_to_db floors at amin = 1e-10 (-100 dB); the orthonormal DCT of a constant is √N times it in c0.
    expect(v[0]).toBeCloseTo(-100 * Math.sqrt(128), 2);
    for (let k = 1; k < 20; k++) expect(Math.abs(v[k])).toBeLessThan(1e-3);
  });

  it('moves MFCC 0 by √128 · 20 log10(g) under a gain g (the level it does not factor out)', () => {
    const y = sine(440, 22050, 1, 0.5);
    const loud = embedder.embed(y);
    const quiet = embedder.embed(y.map((v) => v * 0.5));
    expect(quiet[0] - loud[0]).toBeCloseTo(Math.sqrt(128) * 20 * Math.log10(0.5), 1);
    expect(Math.abs(quiet[3] - loud[3])).toBeLessThan(1e-2);
  });
});
