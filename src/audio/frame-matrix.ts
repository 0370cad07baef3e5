/** FrameMatrix: the 2-D array type of every frame-wise feature (spectrograms, MFCC, chroma...). */

/**
 * `nFrames` frames of `nBins` values each, stored frame-major:
 * value of bin `k` in frame `t` is `data[t * nBins + k]`.
 *
 * Frame-major keeps each frame contiguous, which is what the hot loops (FFT, filterbank
 * products) want. librosa returns the transpose, shape `[n_bins, n_frames]`; use
 * {@link toBinMajor} to compare with it or to print it in librosa's layout.
 */
export interface FrameMatrix {
  data: Float32Array;
  nBins: number;
  nFrames: number;
}

export function createFrameMatrix(nBins: number, nFrames: number): FrameMatrix {
  return { data: new Float32Array(nBins * nFrames), nBins, nFrames };
}

/** librosa's layout: a row per bin, `nFrames` values each (row-major, flattened). */
export function toBinMajor(m: FrameMatrix): Float32Array {
  const out = new Float32Array(m.data.length);
  for (let t = 0; t < m.nFrames; t++) {
    const base = t * m.nBins;
    for (let k = 0; k < m.nBins; k++) out[k * m.nFrames + t] = m.data[base + k];
  }
  return out;
}

/** Builds a FrameMatrix from librosa's layout (flattened `[nBins, nFrames]`). */
export function fromBinMajor(data: ArrayLike<number>, nBins: number, nFrames: number): FrameMatrix {
  const m = createFrameMatrix(nBins, nFrames);
  for (let k = 0; k < nBins; k++) {
    for (let t = 0; t < nFrames; t++) m.data[t * nBins + k] = data[k * nFrames + t];
  }
  return m;
}

/** One bin across all frames (a row in librosa's layout). */
export function binRow(m: FrameMatrix, k: number): Float32Array {
  const out = new Float32Array(m.nFrames);
  for (let t = 0; t < m.nFrames; t++) out[t] = m.data[t * m.nBins + k];
  return out;
}
