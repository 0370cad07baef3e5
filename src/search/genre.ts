/** Genre centroids, mapping a query group to its nearest library genre, and top-k search within a genre (seed 002). */
import { ParameterError } from '../errors.js';
import type { Backend } from '../kernels/dot.js';
import { compareStrings, encodeLabels, rowDetails, type RowLabel, type RowLabels } from './labels.js';
import { searchTopK } from './topk.js';
import { asQueries, checkFinite, checkInt, checkMatrix, checkSameDim } from './validate.js';
import type { VectorMatrix } from './vectors.js';

export interface GenreCentroids {
  /** Library genres in code-point order. */
  genres: string[];
  /** Tracks per genre. */
  counts: number[];
  /** One unit vector per genre (row g = genres[g]). */
  centroids: VectorMatrix;
}

export interface GenreSimilarity {
  genre: string;
  /** cos(group mean, genre centroid). */
  similarity: number;
  /** Library tracks of the genre. */
  tracks: number;
}

export interface GenreMapping {
  /** The nearest genre and its cosine similarity. */
  genre: string;
  similarity: number;
  /** Every genre, most similar first (ties by name). */
  ranking: GenreSimilarity[];
  /** Query vectors averaged into the group mean. */
  queryCount: number;
}

/** Seed 002: retrieve 100 neighbours, then keep the best 10 of the target genre. */
export const GENRE_SEARCH_DEFAULTS: Readonly<{ candidates: number; k: number }> = Object.freeze({ candidates: 100, k: 10 });

function unitMean(m: VectorMatrix, rows: ArrayLike<number> | null, name: string): Float64Array {
  const mean = new Float64Array(m.dim);
  const n = rows ? rows.length : m.count;
  for (let i = 0; i < n; i++) {
    const base = (rows ? rows[i] : i) * m.dim;
    for (let d = 0; d < m.dim; d++) mean[d] += m.data[base + d];
  }
  let norm = 0;
  for (let d = 0; d < m.dim; d++) norm += mean[d] * mean[d];
  norm = Math.sqrt(norm);
  if (!(norm > 0)) throw new ParameterError(`${name}: the mean vector is zero, so it has no direction to compare`);
  for (let d = 0; d < m.dim; d++) mean[d] /= norm;
  return mean;
}

/**
 * Genre centroids (seed 002's "average sound" of a genre): c_g = Σ_{r ∈ g} x_r / ‖Σ_{r ∈ g} x_r‖,
 * the mean of the genre's normalised library vectors, re-normalised so cos(v, c_g) = v·c_g / ‖v‖.
 * Rows with no genre are ignored.
 */
export function genreCentroids(index: VectorMatrix, genres: ArrayLike<RowLabel>): GenreCentroids {
  checkMatrix(index, 'index');
  const enc = encodeLabels(genres, 'labels.genre', index.count);
  if (enc.names.length === 0) throw new ParameterError('labels.genre: no row has a genre, so there are no centroids');
  const rowsOf: number[][] = enc.names.map(() => []);
  for (let r = 0; r < index.count; r++) if (enc.ids[r] >= 0) rowsOf[enc.ids[r]].push(r);
  const data = new Float32Array(enc.names.length * index.dim);
  enc.names.forEach((g, i) => data.set(unitMean(index, rowsOf[i], `genre '${g}'`), i * index.dim));
  return { genres: enc.names, counts: Array.from(enc.counts), centroids: { data, dim: index.dim, count: enc.names.length } };
}

/**
 * Maps a group of query songs to the nearest genre (seed 002, "closest genre mapping"): the
 * group's mean vector m = Σ q / ‖Σ q‖, then argmax_g cos(m, c_g) = m · c_g.
 */
export function mapToGenre(centroids: GenreCentroids, queries: VectorMatrix | Float32Array): GenreMapping {
  const c = centroids.centroids;
  const q = asQueries(queries, c.dim);
  checkMatrix(q, 'queries');
  checkSameDim(c, q);
  checkFinite(q, 'queries');
  const m = unitMean(q, null, 'queries');
  const ranking: GenreSimilarity[] = centroids.genres.map((genre, g) => {
    let s = 0;
    for (let d = 0; d < c.dim; d++) s += m[d] * c.data[g * c.dim + d];
    return { genre, similarity: s, tracks: centroids.counts[g] };
  });
  ranking.sort((a, b) => b.similarity - a.similarity || compareStrings(a.genre, b.genre));
  return { genre: ranking[0].genre, similarity: ranking[0].similarity, ranking, queryCount: q.count };
}

/**
 * Maps each labelled group of queries (e.g. SONICS songs by their own genre tag) to its nearest
 * library genre, as in seed 002's "soul → blues". Queries with no group label are skipped.
 */
export function mapGroupsToGenres(
  centroids: GenreCentroids,
  queries: VectorMatrix,
  groups: ArrayLike<RowLabel>,
): { group: string; mapping: GenreMapping }[] {
  checkMatrix(queries, 'queries');
  const enc = encodeLabels(groups, 'groups', queries.count);
  return enc.names.map((group, id) => {
    const rows: number[] = [];
    for (let r = 0; r < queries.count; r++) if (enc.ids[r] === id) rows.push(r);
    const data = new Float32Array(rows.length * queries.dim);
    rows.forEach((r, i) => data.set(queries.data.subarray(r * queries.dim, (r + 1) * queries.dim), i * queries.dim));
    return { group, mapping: mapToGenre(centroids, { data, dim: queries.dim, count: rows.length }) };
  });
}

/** Resolves a user-typed genre name: exact, else the one case-insensitive match; otherwise lists the known genres. */
export function resolveGenre(name: string, genres: readonly string[]): string {
  if (genres.includes(name)) return name;
  const folded = genres.filter((g) => g.toLowerCase() === name.toLowerCase());
  if (folded.length === 1) return folded[0];
  throw new ParameterError(`genre: unknown '${name}'; known genres: ${genres.join(', ')} (or 'auto')`);
}

export interface GenreSearchInput {
  index: VectorMatrix;
  /** Per-row metadata; `genre` is required, `artist`/`trackId`/`title` label the matches. */
  labels: RowLabels;
  queries: VectorMatrix | Float32Array;
  /** 'auto': the genre nearest to the queries' mean; or a library genre name. */
  genre: 'auto' | string;
  /** Neighbours retrieved before filtering by genre (seed 002: 100). */
  candidates?: number;
  /** Matches kept per query within the genre (seed 002: 10). */
  k?: number;
  /** Precomputed centroids (they depend only on the library); computed when absent. */
  centroids?: GenreCentroids;
  /** Per query, a library row to leave out (a query that is itself a library track). */
  excludeRows?: ArrayLike<number>;
  backend?: Backend;
}

export interface GenreMatch {
  row: number;
  score: number;
  artist?: string;
  trackId?: string;
  title?: string;
}

export interface GenreSearchResult {
  /** The genre searched within. */
  genre: string;
  /** How it was chosen. */
  mode: 'auto' | 'named';
  /** The queries' genre mapping (computed in both modes, so a named genre's similarity is reported too). */
  mapping: GenreMapping;
  /** Neighbours retrieved per query (capped at the library size) and the most kept. */
  candidates: number;
  k: number;
  perQuery: {
    query: number;
    /** Best first; fewer than k when fewer of the candidates are in the genre. */
    matches: GenreMatch[];
    /** Candidates that were in the genre. */
    inGenre: number;
  }[];
}

/**
 * Seed 002's genre-aware recommendation: per query, the top `candidates` (100) neighbours of the
 * whole library, of which the best `k` (10) in the target genre are kept. The target genre is
 * the group mapping's nearest genre ('auto') or the one named. Because the genre filter comes
 * after retrieval, a query far from its genre can get fewer than k matches (see `inGenre`);
 * raise `candidates` (up to the library size, which makes it exhaustive) to avoid that.
 */
export function searchInGenre(input: GenreSearchInput): GenreSearchResult {
  const { index, labels } = input;
  const candidates = input.candidates ?? GENRE_SEARCH_DEFAULTS.candidates;
  const k = input.k ?? GENRE_SEARCH_DEFAULTS.k;
  checkInt(candidates, 'candidates', 1);
  checkInt(k, 'k', 1);
  if (!labels || !labels.genre) throw new ParameterError('labels.genre: required, one genre per library row');
  checkMatrix(index, 'index');
  const queries = asQueries(input.queries, index.dim);
  const centroids = input.centroids ?? genreCentroids(index, labels.genre);
  const mapping = mapToGenre(centroids, queries);
  const mode = input.genre === 'auto' ? 'auto' : 'named';
  const genre = mode === 'auto' ? mapping.genre : resolveGenre(input.genre, centroids.genres);

  const top = searchTopK(index, queries, candidates, { backend: input.backend, excludeRows: input.excludeRows });
  const perQuery: GenreSearchResult['perQuery'] = [];
  for (let q = 0; q < top.queryCount; q++) {
    const matches: GenreMatch[] = [];
    let inGenre = 0;
    for (let i = 0; i < top.k; i++) {
      const row = top.rows[q * top.k + i];
      if (labels.genre[row] !== genre) continue;
      inGenre++;
      if (matches.length < k) {
        const artist = labels.artist?.[row];
        matches.push({ row, score: top.scores[q * top.k + i], ...(artist ? { artist } : {}), ...rowDetails(labels, row) });
      }
    }
    perQuery.push({ query: q, matches, inGenre });
  }
  return { genre, mode, mapping, candidates: top.k, k, perQuery };
}
