/** Mel-frequency cepstral coefficients and the DCT they use (librosa.feature.mfcc, scipy.fftpack.dct). */
import { ParameterError } from '../errors.js';
import { powerToDb } from './db.js';
import { LOAD_DEFAULTS, MFCC_DEFAULTS, STFT_DEFAULTS } from './defaults.js';
import { frameRowProducts } from '../kernels/products.js';
import { createFrameMatrix, type FrameMatrix } from './frame-matrix.js';
import { melSpectrogram, requireSignal, type MelSpectrogramOptions } from './mel.js';

export type DctType = 1 | 2 | 3;
export type DctNorm = 'ortho' | null;

/** Row-major [nOut × n] DCT matrices, one per (type, norm, n): the MFCC hot loop reuses them for every frame. */
const basisCache = new Map<string, Float64Array>();

/**
 * The matrix of scipy.fftpack.dct(x, type, norm) restricted to its first nOut outputs: y = B x.
 *   type 2: y[k] = 2 Σ_n x[n] cos(π k (2n+1) / 2N); 'ortho' scales row 0 by 1/√(4N) and the others by 1/√(2N).
 *   type 3: y[k] = x[0] + 2 Σ_{n>=1} x[n] cos(π n (2k+1) / 2N); 'ortho' uses x[0]/√N and √(2/N) for the rest.
 *   type 1: y[k] = x[0] + (-1)^k x[N-1] + 2 Σ_{n=1}^{N-2} x[n] cos(π k n / (N-1)); no 'ortho' (as librosa).
 */
export function dctBasis(n: number, nOut: number, type: DctType = 2, norm: DctNorm = 'ortho'): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new ParameterError(`DCT length must be a positive integer, got ${n}`);
  if (!Number.isInteger(nOut) || nOut < 1 || nOut > n) throw new ParameterError(`number of DCT outputs must be an integer in [1, ${n}], got ${nOut}`);
  if (type !== 1 && type !== 2 && type !== 3) throw new ParameterError(`dct_type must be 1, 2 or 3, got ${String(type)}`);
  if (norm !== null && norm !== 'ortho') throw new ParameterError(`DCT norm must be 'ortho' or null, got ${String(norm)}`);
  if (type === 1 && norm !== null) throw new ParameterError("DCT norm='ortho' is not supported for dct_type=1 (as in librosa)");
  if (type === 1 && n < 2) throw new ParameterError('DCT type 1 needs at least 2 inputs');
  const key = `${type}:${norm}:${n}:${nOut}`;
  const cached = basisCache.get(key);
  if (cached) return cached;
  const B = new Float64Array(nOut * n);
  for (let k = 0; k < nOut; k++) {
    for (let m = 0; m < n; m++) {
      let w: number;
      if (type === 2) {
        w = 2 * Math.cos((Math.PI * k * (2 * m + 1)) / (2 * n));
        if (norm === 'ortho') w *= k === 0 ? Math.sqrt(1 / (4 * n)) : Math.sqrt(1 / (2 * n));
      } else if (type === 3) {
        w = m === 0 ? 1 : 2 * Math.cos((Math.PI * m * (2 * k + 1)) / (2 * n));
        if (norm === 'ortho') w = m === 0 ? 1 / Math.sqrt(n) : w * Math.sqrt(1 / (2 * n));
      } else {
        w = m === 0 ? 1 : m === n - 1 ? (k % 2 === 0 ? 1 : -1) : 2 * Math.cos((Math.PI * k * m) / (n - 1));
      }
      B[k * n + m] = w;
    }
  }
  basisCache.set(key, B);
  return B;
}

/** Applies a [nOut × nBins] DCT basis to every frame, out[t, k] = Σ_m B[k, m] S[t, m], on the SIMD block kernel. */
function applyBasis(S: FrameMatrix, B: Float64Array, nOut: number): FrameMatrix {
  const out = createFrameMatrix(nOut, S.nFrames);
  frameRowProducts(S.data, S.nFrames, float32Basis(B), nOut, S.nBins, out.data);
  return out;
}

const float32Bases = new WeakMap<Float64Array, Float32Array>();

/** The kernel multiplies float32 rows; the float64 basis is converted once per cached basis. */
function float32Basis(B: Float64Array): Float32Array {
  let f = float32Bases.get(B);
  if (!f) {
    f = Float32Array.from(B);
    float32Bases.set(B, f);
  }
  return f;
}

/**
 * DCT-II with norm='ortho' along the bins of every frame (scipy.fftpack.dct(S, type=2, norm='ortho', axis=-2)),
 * keeping the first `nOut` coefficients:
 *
 *   out[t, k] = s_k Σ_m S[t, m] cos(π k (2m + 1) / 2N),   s_0 = √(1/N), s_k = √(2/N).
 */
export function dct2Ortho(S: FrameMatrix, nOut: number = S.nBins): FrameMatrix {
  return applyBasis(S, dctBasis(S.nBins, nOut, 2, 'ortho'), nOut);
}

export interface MfccOptions extends Omit<MelSpectrogramOptions, 'S' | 'norm' | 'sr'> {
  /** Sample rate (Hz), default 22050. */
  sr?: number;
  /** Precomputed log-power mel spectrogram (e.g. powerToDb(melSpectrogram(...))), frame-major; replaces `y`. */
  S?: FrameMatrix;
  /** Number of coefficients kept, integer in [1, nMels]; default 20. */
  nMfcc?: number;
  /** DCT type 1, 2 (default) or 3. */
  dctType?: DctType;
  /** DCT normalisation: 'ortho' (default) or null. (The mel filters keep librosa's Slaney norm.) */
  norm?: DctNorm;
  /** Cepstral liftering factor, >= 0; 0 (default) disables it. */
  lifter?: number;
}

/**
 * librosa.feature.mfcc:
 *
 *   M = DCT(S)[:nMfcc],   S = power_to_db(melspectrogram(y, sr, ...))   (ref 1, amin 1e-10, top_db 80),
 *
 * then, when lifter > 0, M[n, t] *= 1 + (lifter / 2) sin(π (n + 1) / lifter).
 * `S`, when given, is already the log-power mel spectrogram. Returns nMfcc rows, frame-major.
 */
export function mfcc(opts: MfccOptions): FrameMatrix {
  const nMfcc = opts.nMfcc ?? MFCC_DEFAULTS.nMfcc;
  const dctType = opts.dctType ?? MFCC_DEFAULTS.dctType;
  const norm = opts.norm === undefined ? MFCC_DEFAULTS.norm : opts.norm;
  const lifter = opts.lifter ?? MFCC_DEFAULTS.lifter;
  if (!Number.isInteger(nMfcc) || nMfcc < 1) throw new ParameterError(`n_mfcc must be a positive integer, got ${nMfcc}`);
  if (!(lifter >= 0)) throw new ParameterError(`MFCC lifter=${lifter} must be a non-negative number`);

  let S = opts.S;
  if (!S) {
    const { S: _ignored, norm: _dctNorm, ...melOpts } = opts;
    const mel = melSpectrogram({
      ...melOpts,
      y: requireSignal(opts.y),
      sr: opts.sr ?? LOAD_DEFAULTS.sr,
      hopLength: opts.hopLength ?? STFT_DEFAULTS.hopLength,
    });
    S = { data: powerToDb(mel.data), nBins: mel.nBins, nFrames: mel.nFrames };
  }
  if (nMfcc > S.nBins) throw new ParameterError(`n_mfcc=${nMfcc} exceeds the ${S.nBins} mel bands`);
  const M = applyBasis(S, dctBasis(S.nBins, nMfcc, dctType, norm), nMfcc);
  if (lifter > 0) {
    const gain = new Float64Array(nMfcc);
    for (let n = 0; n < nMfcc; n++) gain[n] = 1 + (lifter / 2) * Math.sin((Math.PI * (n + 1)) / lifter);
    const d = M.data;
    for (let t = 0; t < M.nFrames; t++) for (let n = 0; n < nMfcc; n++) d[t * nMfcc + n] *= gain[n];
  }
  return M;
}
