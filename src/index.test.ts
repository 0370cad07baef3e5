import { describe, expect, expectTypeOf, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports the documented functions', () => {
    const expected = [
      'decodeFile', 'decodeBuffer', 'load', 'probeFile', 'toMono', 'resample', 'encodeWav', 'encodeMp3', 'encodeOggVorbis',
      'stft', 'spectrogram', 'melFilterBank', 'melSpectrogram', 'powerToDb', 'amplitudeToDb', 'mfcc', 'chromaStft',
      'estimateTuning', 'spectralCentroid', 'spectralBandwidth', 'spectralRolloff', 'spectralFlatness', 'spectralContrast',
      'zeroCrossingRate', 'rms', 'onsetStrength', 'tempo', 'beatTrack', 'extractFeatures', 'summarizeFeatures', 'estimateKey',
    ];
    for (const name of expected) expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    expect(Object.isFrozen(api.STFT_DEFAULTS)).toBe(true);
  });

  it('runs a librosa-style pipeline through the package surface', () => {
    const sr = 22050;
    const y = new Float32Array(sr);
    for (let i = 0; i < y.length; i++) y[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / sr);
    const S = api.melSpectrogram({ y, sr });
    expectTypeOf(S).toEqualTypeOf<api.FrameMatrix>();
    expect([S.nBins, S.nFrames]).toEqual([128, 1 + Math.floor(sr / 512)]);
    const centroid = api.spectralCentroid({ y, sr });
    expect(centroid.data[10]).toBeGreaterThan(430);
    expect(centroid.data[10]).toBeLessThan(450);
  });

  it('has typed errors with stable codes', () => {
    const err = new api.ParameterError('n_mels must be positive');
    expect(err).toBeInstanceOf(api.SonicprintError);
    expectTypeOf(err.code).toEqualTypeOf<api.ErrorCode>();
    expect(err.code).toBe('E_INVALID_PARAMETER');
  });
});
