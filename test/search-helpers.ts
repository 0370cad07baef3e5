/** Seeded test data for the search tests: random unit vectors and tight labelled clusters. */
import { gaussian, seededRandom } from '../src/synth/random.js';
import type { VectorMatrix } from '../src/search/vectors.js';

/** Scales each row to unit L2 norm in place (zero rows stay zero). */
export function normalizeRowsInPlace(m: VectorMatrix): VectorMatrix {
  for (let i = 0; i < m.count; i++) {
    let s = 0;
    for (let d = 0; d < m.dim; d++) s += m.data[i * m.dim + d] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < m.dim; d++) m.data[i * m.dim + d] *= inv;
  }
  return m;
}

/** `count` isotropic Gaussian vectors of length `dim`, normalised: uniform on the sphere. */
export function randomUnitVectors(count: number, dim: number, seed: number): VectorMatrix {
  const g = gaussian(seededRandom(seed));
  const data = new Float32Array(count * dim);
  for (let i = 0; i < data.length; i++) data[i] = g();
  return normalizeRowsInPlace({ data, dim, count });
}

/**
 * `labels × perLabel` unit vectors in tight clusters: centre c (random unit) plus Gaussian noise of
 * per-coordinate sd `spread`, normalised. Row i has label `L${Math.floor(i / perLabel)}`.
 */
export function clusteredVectors(
  labels: number,
  perLabel: number,
  dim: number,
  spread: number,
  seed: number,
): { matrix: VectorMatrix; labels: string[] } {
  const centres = randomUnitVectors(labels, dim, seed);
  const g = gaussian(seededRandom(seed + 1));
  const count = labels * perLabel;
  const data = new Float32Array(count * dim);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = Math.floor(i / perLabel);
    names.push(`L${c}`);
    for (let d = 0; d < dim; d++) data[i * dim + d] = centres.data[c * dim + d] + spread * g();
  }
  return { matrix: normalizeRowsInPlace({ data, dim, count }), labels: names };
}

/** Plain float64 inner product of row i of a and row j of b. */
export function dot64(a: VectorMatrix, i: number, b: VectorMatrix, j: number): number {
  let s = 0;
  for (let d = 0; d < a.dim; d++) s += a.data[i * a.dim + d] * b.data[j * b.dim + d];
  return s;
}

/** Unit vectors in 2-D at the given angles (degrees): cosines between them are cos(Δangle). */
export function anglesToVectors(degrees: readonly number[]): VectorMatrix {
  const data = new Float32Array(degrees.length * 2);
  degrees.forEach((a, i) => {
    data[2 * i] = Math.cos((a * Math.PI) / 180);
    data[2 * i + 1] = Math.sin((a * Math.PI) / 180);
  });
  return { data, dim: 2, count: degrees.length };
}
