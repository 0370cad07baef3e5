/** Artist ranking from track neighbours, as in seed 000's methodology: top-N neighbours, mean of top-M per artist, consistency bonus. */
import { ParameterError } from '../errors.js';
import type { Backend } from '../kernels/dot.js';
import { compareStrings, encodeLabels, rowDetails, type RowLabels } from './labels.js';
import { searchTopK, type TopKResult } from './topk.js';
import { asQueries, checkInt, checkNumber } from './validate.js';
import type { VectorMatrix } from './vectors.js';

export interface ArtistRankingParams {
  /** Neighbours retrieved per query (seed 000: k = 400). Capped at the library size. */
  topN: number;
  /** Per query, an artist's score is the mean of its best `topM` track similarities among the neighbours (seed: 3). */
  topM: number;
  /** Artists with fewer tracks than this in the whole library are left out as low-confidence (seed: 3). */
  minTracks: number;
  /** a in final = mean × (a + b × consistency) (seed: 0.7). */
  baseWeight: number;
  /** b in final = mean × (a + b × consistency) (seed: 0.3). */
  consistencyWeight: number;
  /**
   * Matched queries that earn full consistency: consistency = min(1, matched / fullConsistencyAt).
   * null (the seed) means the number of queries, so consistency is the share of queries matched.
   */
  fullConsistencyAt: number | null;
  /** Best-matching library tracks listed per artist (distinct rows). */
  bestTracks: number;
}

export const ARTIST_RANKING_DEFAULTS: Readonly<ArtistRankingParams> = Object.freeze({
  topN: 400,
  topM: 3,
  minTracks: 3,
  baseWeight: 0.7,
  consistencyWeight: 0.3,
  fullConsistencyAt: null,
  bestTracks: 5,
});

export interface RankArtistsInput extends Partial<ArtistRankingParams> {
  /** N library vectors, centred and L2-normalised (inner product = cosine). */
  index: VectorMatrix;
  /** Per-row metadata; `artist` is required, `trackId`/`title` label the best tracks when given. */
  labels: RowLabels;
  /** The query songs (e.g. one AI artist's tracks), normalised like the index. */
  queries: VectorMatrix | Float32Array;
  /** Per query, a library row to leave out (−1: none); track counts for minTracks are not changed by it. */
  excludeRows?: ArrayLike<number>;
  backend?: Backend;
}

export interface TrackMatch {
  /** Library row. */
  row: number;
  /** Which query (0-based) matched it best. */
  query: number;
  /** Cosine similarity to that query. */
  score: number;
  trackId?: string;
  title?: string;
}

export interface ArtistScore {
  artist: string;
  /** 1-based position in the ranking. */
  rank: number;
  /** meanScore × (baseWeight + consistencyWeight × consistency). */
  finalScore: number;
  /** Mean over matched queries of the per-query top-M mean similarity. */
  meanScore: number;
  /** min(1, matchedQueries / (fullConsistencyAt ?? queryCount)). */
  consistency: number;
  /** Queries with at least one of this artist's tracks among their top-N neighbours. */
  matchedQueries: number;
  queryCount: number;
  /** The artist's tracks in the whole library. */
  trackCount: number;
  /** (query, track) pairs among all top-N lists. */
  hits: number;
  /** Best distinct tracks: each row once, with its best score and the query that gave it; best first. */
  bestTracks: TrackMatch[];
  /** Per matched query: the top-M mean and how many of the artist's tracks were among its neighbours. */
  perQuery: { query: number; score: number; hits: number }[];
  /** Every similarity of this artist's tracks in any query's top-N list (all hits, not only the top M): for histograms. */
  similarities: number[];
}

export interface ArtistRanking {
  params: ArtistRankingParams;
  queryCount: number;
  /** Neighbours actually retrieved per query: min(topN, library size). */
  neighbours: number;
  /** Distinct artists in the library / with at least minTracks tracks. */
  libraryArtists: number;
  eligibleArtists: number;
  /** Eligible artists that appeared in at least one query's neighbours, best first. */
  artists: ArtistScore[];
}

/** Resolves and checks ranking parameters against the defaults. */
export function resolveArtistParams(p: Partial<ArtistRankingParams>): ArtistRankingParams {
  const r: ArtistRankingParams = { ...ARTIST_RANKING_DEFAULTS };
  for (const key of Object.keys(ARTIST_RANKING_DEFAULTS) as (keyof ArtistRankingParams)[]) {
    if (p[key] !== undefined) (r as unknown as Record<string, unknown>)[key] = p[key];
  }
  checkInt(r.topN, 'topN', 1);
  checkInt(r.topM, 'topM', 1);
  checkInt(r.minTracks, 'minTracks', 0);
  checkNumber(r.baseWeight, 'baseWeight', 0);
  checkNumber(r.consistencyWeight, 'consistencyWeight', 0);
  if (r.fullConsistencyAt !== null) checkInt(r.fullConsistencyAt, 'fullConsistencyAt', 1);
  checkInt(r.bestTracks, 'bestTracks', 0);
  return r;
}

/** final = mean × (a + b × consistency), consistency = min(1, matched / (fullConsistencyAt ?? queryCount)). */
export function artistFinalScore(meanScore: number, matched: number, queryCount: number, p: ArtistRankingParams): { consistency: number; finalScore: number } {
  const consistency = Math.min(1, matched / (p.fullConsistencyAt ?? queryCount));
  return { consistency, finalScore: meanScore * (p.baseWeight + p.consistencyWeight * consistency) };
}

/** Ranking order: final score, then mean score, then matched queries (all descending), then name. */
export function compareArtistScores(
  a: { finalScore: number; meanScore: number; matchedQueries: number; artist: string },
  b: { finalScore: number; meanScore: number; matchedQueries: number; artist: string },
): number {
  return b.finalScore - a.finalScore || b.meanScore - a.meanScore || b.matchedQueries - a.matchedQueries || compareStrings(a.artist, b.artist);
}

/** Scratch space for {@link scoreQueryArtists}, sized by the number of artists; reusable across queries. */
export interface ArtistScratch {
  hits: Int32Array;
  sum: Float64Array;
  touched: Int32Array;
}

export function artistScratch(artists: number, maxNeighbours: number): ArtistScratch {
  return { hits: new Int32Array(artists), sum: new Float64Array(artists), touched: new Int32Array(Math.min(artists, maxNeighbours)) };
}

/**
 * One query's artist scores from its best-first neighbour list `rows/scores[from .. from + n)`:
 * for each eligible artist, the mean of its first (= best) `topM` similarities, or of all of them
 * when it has fewer than `topM` tracks in the list. Leaves, per touched artist id t in
 * `scratch.touched[0 .. returned count)`, `hits[t]` (all its hits) and `sum[t]` (its top-M sum);
 * the caller reads them and must zero hits/sum of the touched ids before the next query.
 */
export function scoreQueryArtists(
  rows: Int32Array,
  scores: Float32Array,
  from: number,
  n: number,
  artistIds: Int32Array,
  eligible: Uint8Array,
  topM: number,
  scratch: ArtistScratch,
): number {
  const { hits, sum, touched } = scratch;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const a = artistIds[rows[from + i]];
    if (a < 0 || eligible[a] === 0) continue;
    const h = hits[a]++;
    if (h === 0) touched[t++] = a;
    if (h < topM) sum[a] += scores[from + i];
  }
  return t;
}

/**
 * Ranks library artists by how much a group of query songs sounds like them (seed 000):
 *
 * 1. For each query, retrieve its top N neighbours (exact inner product = cosine).
 * 2. Per query and artist: s(q, A) = mean of A's best M similarities among those N neighbours
 *    (the mean of what is there when A has fewer than M tracks in the list; A absent: no score).
 * 3. meanScore(A) = mean of s(q, A) over the queries where A appeared (matchedQueries).
 * 4. consistency(A) = min(1, matchedQueries / queryCount)  (or / fullConsistencyAt).
 * 5. finalScore(A) = meanScore × (0.7 + 0.3 × consistency).
 *
 * Artists with fewer than `minTracks` tracks in the whole library are dropped after retrieval
 * (their tracks still take neighbour slots, as in the seed, where the filter is applied to the
 * aggregated artists). Similarities are raw cosines in [−1, 1]; the seed's "0.0–1.0" is what
 * cosines of nearest neighbours are in practice, not a rescaling.
 */
export function rankArtists(input: RankArtistsInput): ArtistRanking {
  const p = resolveArtistParams(input);
  const { index, labels } = input;
  const queries = asQueries(input.queries, index.dim);
  if (!labels || !labels.artist) throw new ParameterError('labels.artist: required, one artist name per library row');
  const enc = encodeLabels(labels.artist, 'labels.artist', index.count);
  const top = searchTopK(index, queries, p.topN, { excludeRows: input.excludeRows, backend: input.backend });
  return aggregateArtists(top, enc, p, labels);
}

/**
 * Steps 2-5 of {@link rankArtists} on neighbours already retrieved (e.g. shared with other reports).
 * `artists` encodes the library's per-row artist names (see encodeLabels).
 */
export function aggregateArtists(
  top: TopKResult,
  artists: { ids: Int32Array; names: string[]; counts: Int32Array },
  params: Partial<ArtistRankingParams> = {},
  labels?: RowLabels,
): ArtistRanking {
  const p = resolveArtistParams(params);
  const nA = artists.names.length;
  const eligible = new Uint8Array(nA);
  let eligibleArtists = 0;
  for (let a = 0; a < nA; a++) {
    if (artists.counts[a] >= p.minTracks) {
      eligible[a] = 1;
      eligibleArtists++;
    }
  }
  const nq = top.queryCount;
  const k = top.k;
  const scratch = artistScratch(nA, k);
  const scoreSum = new Float64Array(nA);
  const matched = new Int32Array(nA);
  const totalHits = new Int32Array(nA);
  const perQuery = new Map<number, { query: number; score: number; hits: number }[]>();
  const hitList = new Map<number, { row: number; query: number; score: number }[]>();

  for (let q = 0; q < nq; q++) {
    const from = q * k;
    const t = scoreQueryArtists(top.rows, top.scores, from, k, artists.ids, eligible, p.topM, scratch);
    for (let i = 0; i < t; i++) {
      const a = scratch.touched[i];
      const h = scratch.hits[a];
      const s = scratch.sum[a] / Math.min(h, p.topM);
      scoreSum[a] += s;
      matched[a]++;
      totalHits[a] += h;
      let list = perQuery.get(a);
      if (!list) perQuery.set(a, (list = []));
      list.push({ query: q, score: s, hits: h });
      scratch.hits[a] = 0;
      scratch.sum[a] = 0;
    }
    for (let i = 0; i < k; i++) {
      const a = artists.ids[top.rows[from + i]];
      if (a < 0 || eligible[a] === 0) continue;
      let list = hitList.get(a);
      if (!list) hitList.set(a, (list = []));
      list.push({ row: top.rows[from + i], query: q, score: top.scores[from + i] });
    }
  }

  const out: ArtistScore[] = [];
  for (const [a, list] of perQuery) {
    const meanScore = scoreSum[a] / matched[a];
    const { consistency, finalScore } = artistFinalScore(meanScore, matched[a], nq, p);
    const hits = hitList.get(a) ?? [];
    const similarities = hits.map((h) => h.score);
    const seen = new Set<number>();
    const bestTracks: TrackMatch[] = [];
    for (const h of [...hits].sort((x, y) => y.score - x.score || x.row - y.row || x.query - y.query)) {
      if (bestTracks.length >= p.bestTracks) break;
      if (seen.has(h.row)) continue;
      seen.add(h.row);
      bestTracks.push({ ...h, ...rowDetails(labels, h.row) });
    }
    out.push({
      artist: artists.names[a],
      rank: 0,
      finalScore,
      meanScore,
      consistency,
      matchedQueries: matched[a],
      queryCount: nq,
      trackCount: artists.counts[a],
      hits: totalHits[a],
      bestTracks,
      perQuery: list,
      similarities,
    });
  }
  out.sort(compareArtistScores);
  out.forEach((s, i) => (s.rank = i + 1));
  return { params: p, queryCount: nq, neighbours: k, libraryArtists: nA, eligibleArtists, artists: out };
}
