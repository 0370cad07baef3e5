/** Transposition-invariant descriptors of pitch-class distributions (chroma DFT magnitudes, entropy). */

const N_CHROMA = 12;
// cos / sin of 2π k c / 12 for k = 1..6, c = 0..11, row-major by k.
const COS = new Float64Array(6 * N_CHROMA);
const SIN = new Float64Array(6 * N_CHROMA);
for (let k = 1; k <= 6; k++) {
  for (let c = 0; c < N_CHROMA; c++) {
    COS[(k - 1) * N_CHROMA + c] = Math.cos((2 * Math.PI * k * c) / N_CHROMA);
    SIN[(k - 1) * N_CHROMA + c] = Math.sin((2 * Math.PI * k * c) / N_CHROMA);
  }
}

/**
 * Magnitudes |F_k|, k = 1..6, of the discrete Fourier transform of a pitch-class distribution p (12 values,
 * read from `p[offset ..]`, normalised here to sum 1):
 *
 *   F_k = Σ_c p_c e^{-2πi k c / 12},   |F_k| in [0, 1].
 *
 * Transposing rotates p, which only changes the phases, so the magnitudes are transposition-invariant
 * (Quinn's / Amiot's "Fourier balances"). They read as interval content: |F_5| is diatonicity (fifths),
 * |F_3| major-third / augmented colour, |F_4| minor-third / diminished colour, |F_6| whole-tone-ness, |F_1|
 * and |F_2| how clustered the pitch classes are. A single pitch class gives all ones, a flat profile all zeros.
 * Writes into `out[outOffset .. outOffset + 6)`; a profile with zero sum gives zeros.
 */
export function chromaFourierMagnitudes(p: ArrayLike<number>, offset: number, out: Float64Array, outOffset = 0): void {
  let sum = 0;
  for (let c = 0; c < N_CHROMA; c++) sum += p[offset + c];
  for (let k = 0; k < 6; k++) {
    if (!(sum > 0)) {
      out[outOffset + k] = 0;
      continue;
    }
    let re = 0;
    let im = 0;
    for (let c = 0; c < N_CHROMA; c++) {
      const v = p[offset + c];
      re += v * COS[k * N_CHROMA + c];
      im -= v * SIN[k * N_CHROMA + c];
    }
    out[outOffset + k] = Math.hypot(re, im) / sum;
  }
}

/**
 * Normalised Shannon entropy of a pitch-class distribution, H = -Σ p_c log p_c / log 12 in [0, 1]:
 * 0 for one pitch class, 1 for all twelve equally (noise, dense clusters). NaN for a zero profile.
 */
export function chromaEntropy(p: ArrayLike<number>, offset = 0): number {
  let sum = 0;
  for (let c = 0; c < N_CHROMA; c++) sum += p[offset + c];
  if (!(sum > 0)) return NaN;
  let h = 0;
  for (let c = 0; c < N_CHROMA; c++) {
    const q = p[offset + c] / sum;
    if (q > 0) h -= q * Math.log(q);
  }
  return h / Math.log(N_CHROMA);
}
