/** How alike an artist's songs are: intra-set cosine statistics, and where one artist or query group sits among all library artists. */
import { ParameterError } from '../errors.js';
import { createDotEngine, rowBlockSize, type Backend, type DotEngine } from '../kernels/dot.js';
import { compareStrings, encodeLabels, type RowLabels } from './labels.js';
import { checkFinite, checkInt, checkMatrix, checkSameDim } from './validate.js';
import type { VectorMatrix } from './vectors.js';

export interface PairSimilarity {
  /** The pair (a < b): positions in the set, or library rows for {@link homogeneityOfRows}. */
  a: number;
  b: number;
  similarity: number;
}

/**
 * Statistics of the n(n−1)/2 off-diagonal cosines cos(x_i, x_j), i < j. `std` is the population
 * standard deviation (ddof = 0, numpy's default); `median` averages the two middle values when
 * the pair count is even.
 */
export interface HomogeneityStats {
  n: number;
  pairCount: number;
  mean: number;
  median: number;
  std: number;
  min: number;
  max: number;
  /** The most and least similar pairs (the first in (a, b) order on ties). */
  mostSimilar: PairSimilarity;
  leastSimilar: PairSimilarity;
}

export interface HomogeneityReport extends HomogeneityStats {
  /** The full symmetric n × n cosine matrix, 1 on the diagonal (0 for an all-zero vector). */
  matrix: number[][];
}

export const HOMOGENEITY_DEFAULTS: Readonly<{ minTracks: number }> = Object.freeze({ minTracks: 3 });

const QUERY_BLOCK = 64;

/** Position of pair (i, j), i < j, in row-major upper-triangle order. */
function pairIndex(i: number, j: number, n: number): number {
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/**
 * All cosines cos(x_i, x_j) = x_i·x_j / (‖x_i‖‖x_j‖) for i < j, in upper-triangle order. Only the
 * blocks on or above the diagonal are computed. A zero vector has cosine 0 with everything.
 */
function upperCosines(m: VectorMatrix, engine: DotEngine): Float64Array {
  const n = m.count;
  const dim = m.dim;
  const inv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += m.data[i * dim + d] ** 2;
    inv[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  const out = new Float64Array((n * (n - 1)) / 2);
  for (let i0 = 0; i0 < n; i0 += engine.maxA) {
    const na = Math.min(engine.maxA, n - i0);
    engine.loadA(m, i0, na);
    for (let j0 = i0; j0 < n; j0 += engine.maxB) {
      const nb = Math.min(engine.maxB, n - j0);
      engine.loadB(m, j0, nb);
      const s = engine.compute(na, nb);
      for (let a = 0; a < na; a++) {
        const i = i0 + a;
        for (let b = Math.max(0, i + 1 - j0); b < nb; b++) {
          const j = j0 + b;
          out[pairIndex(i, j, n)] = s[a * nb + b] * inv[i] * inv[j];
        }
      }
    }
  }
  return out;
}

function engineFor(m: VectorMatrix, backend?: Backend): DotEngine {
  return createDotEngine(m.dim, Math.min(QUERY_BLOCK, m.count), Math.min(rowBlockSize(m.dim), m.count), backend);
}

/** Mean, median, population std, extremes and the extreme pairs of upper-triangle cosines. */
function statsOf(values: Float64Array, n: number, rowOf: (i: number) => number): HomogeneityStats {
  let sum = 0;
  let lo = 0;
  let hi = 0;
  for (let p = 0; p < values.length; p++) {
    sum += values[p];
    if (values[p] < values[lo]) lo = p;
    if (values[p] > values[hi]) hi = p;
  }
  const mean = sum / values.length;
  let ss = 0;
  for (let p = 0; p < values.length; p++) ss += (values[p] - mean) ** 2;
  const sorted = Float64Array.from(values).sort();
  const h = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
  const pairAt = (p: number): PairSimilarity => {
    // Invert pairIndex: the largest i whose first pair index is <= p.
    let i = 0;
    while (i + 1 < n - 1 && pairIndex(i + 1, i + 2, n) <= p) i++;
    const j = p - pairIndex(i, i + 1, n) + i + 1;
    return { a: rowOf(i), b: rowOf(j), similarity: values[p] };
  };
  return {
    n,
    pairCount: values.length,
    mean,
    median,
    std: Math.sqrt(ss / values.length),
    min: values[lo],
    max: values[hi],
    mostSimilar: pairAt(hi),
    leastSimilar: pairAt(lo),
  };
}

function gather(index: VectorMatrix, rows: ArrayLike<number>): VectorMatrix {
  const data = new Float32Array(rows.length * index.dim);
  for (let i = 0; i < rows.length; i++) data.set(index.data.subarray(rows[i] * index.dim, (rows[i] + 1) * index.dim), i * index.dim);
  return { data, dim: index.dim, count: rows.length };
}

/**
 * Homogeneity of one set of songs (e.g. one artist's tracks): the n × n cosine matrix and the
 * statistics of its n(n−1)/2 off-diagonal pairs. A high mean with a small std means the songs
 * sound alike; AI catalogues are suspected to be more uniform than human ones. Needs n ≥ 2.
 */
export function homogeneity(vectors: VectorMatrix, options: { backend?: Backend } = {}): HomogeneityReport {
  checkMatrix(vectors, 'vectors', 2);
  checkFinite(vectors, 'vectors');
  const n = vectors.count;
  const values = upperCosines(vectors, engineFor(vectors, options.backend));
  const matrix: number[][] = [];
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let d = 0; d < vectors.dim; d++) norm += vectors.data[i * vectors.dim + d] ** 2;
    const row = new Array<number>(n);
    row[i] = norm > 0 ? 1 : 0;
    matrix.push(row);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) matrix[i][j] = matrix[j][i] = values[pairIndex(i, j, n)];
  }
  return { ...statsOf(values, n, (i) => i), matrix };
}

/** {@link homogeneity} of library rows `rows`; the extreme pairs name library rows. */
export function homogeneityOfRows(index: VectorMatrix, rows: ArrayLike<number>, options: { backend?: Backend } = {}): HomogeneityReport {
  checkMatrix(index, 'index');
  for (let i = 0; i < rows.length; i++) {
    if (!Number.isInteger(rows[i]) || rows[i] < 0 || rows[i] >= index.count) {
      throw new ParameterError(`rows[${i}]: ${rows[i]} is not a row of the index (0 .. ${index.count - 1})`);
    }
  }
  const r = homogeneity(gather(index, rows), options);
  const map = (p: PairSimilarity): PairSimilarity => ({ a: rows[p.a], b: rows[p.b], similarity: p.similarity });
  return { ...r, mostSimilar: map(r.mostSimilar), leastSimilar: map(r.leastSimilar) };
}

export interface ArtistHomogeneity extends HomogeneityStats {
  artist: string;
  /** 1 = most varied (lowest mean pairwise cosine). */
  rank: number;
}

export interface HomogeneityPlacement {
  /** The library artist, or the name given for an outside group. */
  name: string;
  inLibrary: boolean;
  stats: HomogeneityStats;
  /** Position among the library artists by mean, 1 = most varied; an outside group takes the place it would have. */
  rank: number;
  /** 100 × (other ranked artists with a lower mean) / (other ranked artists): "more uniform than p% of artists". */
  percentile: number;
  /** Ranked artists compared against (excluding the focus itself). */
  of: number;
}

export interface HomogeneityRanking {
  minTracks: number;
  /** Artists with at least minTracks tracks, most varied first (mean ascending, then name). */
  artists: ArtistHomogeneity[];
  focus?: HomogeneityPlacement;
}

export interface RankHomogeneityInput {
  index: VectorMatrix;
  /** `artist` is required. */
  labels: RowLabels;
  /** Artists with fewer tracks are not ranked (default 3). */
  minTracks?: number;
  /** Place this library artist ... */
  focusArtist?: string;
  /** ... or this outside group of songs (e.g. an AI artist's tracks, normalised like the index). */
  focus?: VectorMatrix;
  /** Display name of `focus` (default 'query'). */
  focusName?: string;
  backend?: Backend;
}

/**
 * Ranks every library artist with ≥ minTracks tracks by the mean pairwise cosine of their
 * tracks, from most varied to most uniform, and places one artist or an outside group among them.
 * Cost: Σ_artists n_a² · dim / 2 multiply-adds, in blocks on the SIMD kernel.
 */
export function rankHomogeneity(input: RankHomogeneityInput): HomogeneityRanking {
  const { index, labels } = input;
  const minTracks = input.minTracks ?? HOMOGENEITY_DEFAULTS.minTracks;
  checkInt(minTracks, 'minTracks', 2);
  checkMatrix(index, 'index');
  if (!labels || !labels.artist) throw new ParameterError('labels.artist: required, one artist name per library row');
  if (input.focus && input.focusArtist !== undefined) throw new ParameterError('focus: give either focus vectors or focusArtist, not both');
  const enc = encodeLabels(labels.artist, 'labels.artist', index.count);
  const rowsOf: number[][] = enc.names.map(() => []);
  for (let r = 0; r < index.count; r++) if (enc.ids[r] >= 0) rowsOf[enc.ids[r]].push(r);

  const artists: ArtistHomogeneity[] = [];
  for (let a = 0; a < enc.names.length; a++) {
    const rows = rowsOf[a];
    if (rows.length < minTracks) continue;
    const m = gather(index, rows);
    const stats = statsOf(upperCosines(m, engineFor(m, input.backend)), rows.length, (i) => rows[i]);
    artists.push({ artist: enc.names[a], rank: 0, ...stats });
  }
  artists.sort((x, y) => x.mean - y.mean || compareStrings(x.artist, y.artist));
  artists.forEach((s, i) => (s.rank = i + 1));

  let focus: HomogeneityPlacement | undefined;
  if (input.focusArtist !== undefined) {
    const hit = artists.find((s) => s.artist === input.focusArtist);
    if (!hit) {
      const id = enc.names.indexOf(input.focusArtist);
      throw new ParameterError(
        id >= 0
          ? `focusArtist: '${input.focusArtist}' has ${enc.counts[id]} tracks, fewer than minTracks ${minTracks}`
          : `focusArtist: no library artist is named '${input.focusArtist}'`,
      );
    }
    const { artist: name, rank, ...stats } = hit;
    const lower = artists.filter((s) => s !== hit && s.mean < hit.mean).length;
    const of = artists.length - 1;
    focus = { name, inLibrary: true, stats, rank, percentile: of > 0 ? (100 * lower) / of : 0, of };
  } else if (input.focus) {
    checkSameDim(index, input.focus, 'focus');
    const r = homogeneity(input.focus, { backend: input.backend });
    const { matrix: _matrix, ...stats } = r;
    const lower = artists.filter((s) => s.mean < stats.mean).length;
    const of = artists.length;
    focus = { name: input.focusName ?? 'query', inLibrary: false, stats, rank: lower + 1, percentile: of > 0 ? (100 * lower) / of : 0, of };
  }
  return { minTracks, artists, ...(focus ? { focus } : {}) };
}
