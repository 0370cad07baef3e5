/** Leave-one-out retrieval quality of a library's embeddings: 1-NN accuracy, precision@k, MAP, confusion, and artist hold-out accuracy. */
import { ParameterError } from '../errors.js';
import {
  artistFinalScore,
  artistScratch,
  compareArtistScores,
  resolveArtistParams,
  scoreQueryArtists,
  type ArtistRankingParams,
} from './artists.js';
import { createDotEngine, rowBlockSize, type Backend } from '../kernels/dot.js';
import { encodeLabels, type EncodedLabels, type RowLabel } from './labels.js';
import { heapSortBestFirst, offerScores } from './select.js';
import { checkInt, checkMatrix } from './validate.js';
import type { VectorMatrix } from './vectors.js';

export interface RetrievalParams {
  /** Cut-offs for precision@k (default 5 and 10). */
  precisionAt: readonly number[];
  /** Rows whose label has fewer rows than this are not used as queries (they have nothing to find); default 2. */
  minLabelSize: number;
  /** Confusion matrices are returned only up to this many labels (an artist labelling can have thousands). */
  maxConfusionLabels: number;
  /** Most frequent off-diagonal (true, 1-NN) pairs listed. */
  topConfusions: number;
}

export const RETRIEVAL_DEFAULTS: Readonly<RetrievalParams> = Object.freeze({
  precisionAt: Object.freeze([5, 10]),
  minLabelSize: 2,
  maxConfusionLabels: 100,
  topConfusions: 20,
});

export interface RetrievalInput extends Partial<RetrievalParams> {
  /** N library vectors, centred and L2-normalised. */
  index: VectorMatrix;
  /** Labellings evaluated in one pass over the similarities, e.g. `{ artist: [...], genre: [...] }`. */
  labelings: Record<string, ArrayLike<RowLabel>>;
  /** Per-row artist names: also evaluate {@link rankArtists} with one track held out at a time. */
  artists?: ArrayLike<RowLabel>;
  /** rankArtists parameters for the hold-out evaluation (defaults: seed 000's). */
  artistRanking?: Partial<ArtistRankingParams>;
  /** Rows used as queries (default all); every row stays a candidate. Lets huge libraries be sampled. */
  queryRows?: ArrayLike<number>;
  backend?: Backend;
}

export interface LabelRetrievalMetrics {
  name: string;
  /** Rows evaluated as queries: labelled, in a label with ≥ minLabelSize rows. */
  queries: number;
  /** Query rows not evaluated (no label, or too small a label). */
  skipped: number;
  /** Share of queries whose nearest other row has the same label. */
  nn1Accuracy: number;
  /** Mean over queries of (same-label rows among the k nearest others) / k, k capped at N − 1. */
  precisionAt: { k: number; precision: number }[];
  /** Mean over queries of average precision over the full ranking of the other N − 1 rows. */
  meanAveragePrecision: number;
  /** 1-NN accuracy of a random ranking: mean over queries of (n_label − 1) / (N − 1). */
  chance1NN: number;
  perLabel: { label: string; queries: number; nn1Accuracy: number; averagePrecision: number }[];
  /** counts[t][p]: queries of true label labels[t] whose 1-NN has label labels[p]; null above maxConfusionLabels. */
  confusion: { labels: string[]; counts: number[][]; unlabeled: number[] } | null;
  /** The most frequent (true label, 1-NN label) confusions, most frequent first. */
  topConfusions: { label: string; predicted: string; count: number }[];
}

export interface ArtistHoldOutMetrics {
  params: ArtistRankingParams;
  /** Held-out tracks evaluated. */
  evaluated: number;
  /** Tracks with no artist, or whose artist keeps fewer than minTracks tracks once the track is held out. */
  skipped: number;
  /** Share of held-out tracks whose artist is ranked first / within the first 5 by rankArtists. */
  top1: number;
  top5: number;
  /** Mean of 1 / rank of the true artist (0 when it is not ranked). */
  meanReciprocalRank: number;
  /** Share of held-out tracks whose artist had no track among the top-N neighbours. */
  notRanked: number;
}

export interface RetrievalReport {
  /** Library rows. */
  count: number;
  /** Rows used as queries. */
  queryRows: number;
  labelings: LabelRetrievalMetrics[];
  artistRanking?: ArtistHoldOutMetrics;
}

interface LabellingState {
  name: string;
  enc: EncodedLabels;
  /** Rows of each label, ascending. */
  rowsOf: Int32Array[];
  queries: number;
  hits1: number;
  precisionSums: Float64Array;
  apSum: number;
  chanceSum: number;
  perLabelQueries: Int32Array;
  perLabelHits: Int32Array;
  perLabelAp: Float64Array;
  /** Sparse confusion counts keyed by true * L + predicted (predicted −1 → L). */
  confusion: Map<number, number>;
}

const QUERY_BLOCK = 64;

/**
 * Average precision of one query over the ranking of all other rows, from its full score row:
 *
 *   AP = (1/R) Σ_{m=1..R} m / pos_m,
 *
 * where R = rows with the query's label (other than the query) and pos_m is the 1-based rank of
 * the m-th of them in the order "score descending, lower row first on equal scores" (the order
 * searchTopK returns). pos_m = m + (other-label rows ranked above it), so rather than sorting all
 * N scores we sort the R relevant ones and locate each other row among them: a bucket table over
 * the relevant scores' range makes that O(1) on average, and rows scoring below every relevant
 * one (the usual case for a good embedding) cost one comparison.
 *
 * @param scores the query's scores against all N rows.
 * @param self the query's own row (left out).
 * @param relevantRows all rows carrying the query's label, ascending (the query's row among them).
 * @param ids per-row label ids; `label` is the query's.
 */
export function averagePrecision(scores: Float32Array, self: number, relevantRows: Int32Array, ids: Int32Array, label: number): number {
  const R = relevantRows.length - 1;
  if (R <= 0) return NaN;
  const rel = new Float32Array(R);
  let t = 0;
  for (let i = 0; i <= R; i++) if (relevantRows[i] !== self) rel[t++] = scores[relevantRows[i]];
  rel.sort(); // ascending, native
  const min = rel[0];
  const max = rel[R - 1];
  // bucketOf is monotone in the score, so every relevant score in a lower bucket is below s.
  const B = Math.max(16, 2 * R);
  const inv = max > min ? B / (max - min) : 0;
  const start = new Int32Array(B + 1);
  for (let i = 0, b = 0; b <= B; b++) {
    while (i < R && Math.min(B - 1, Math.floor((rel[i] - min) * inv)) < b) i++;
    start[b] = i;
  }
  // startAt[m]: other-label rows ranked above every relevant item from rank-order position m on.
  const startAt = new Int32Array(R + 1);
  const n = scores.length;
  for (let j = 0; j < n; j++) {
    const s = scores[j];
    if (s < min || ids[j] === label || j === self) continue;
    // below = relevant items ranked after j: score < s, or score == s and row > j.
    let below: number;
    if (s > max) below = R;
    else {
      let b = ((s - min) * inv) | 0;
      if (b >= B) b = B - 1;
      below = start[b];
      while (below < R && rel[below] < s) below++;
      if (below < R && rel[below] === s) {
        // Exact ties with relevant rows (duplicates) are ordered by row, as searchTopK does.
        for (let i = 0; i <= R; i++) {
          const r = relevantRows[i];
          if (r !== self && scores[r] === s && r > j) below++;
        }
      }
    }
    if (below > 0) startAt[R - below]++;
  }
  let above = 0;
  let sum = 0;
  for (let m = 0; m < R; m++) {
    above += startAt[m];
    sum += (m + 1) / (m + 1 + above);
  }
  return sum / R;
}

function resolveParams(input: RetrievalInput): RetrievalParams {
  const p: RetrievalParams = {
    precisionAt: input.precisionAt ?? RETRIEVAL_DEFAULTS.precisionAt,
    minLabelSize: input.minLabelSize ?? RETRIEVAL_DEFAULTS.minLabelSize,
    maxConfusionLabels: input.maxConfusionLabels ?? RETRIEVAL_DEFAULTS.maxConfusionLabels,
    topConfusions: input.topConfusions ?? RETRIEVAL_DEFAULTS.topConfusions,
  };
  if (!Array.isArray(p.precisionAt)) throw new ParameterError(`precisionAt: must be an array of cut-offs (got ${String(p.precisionAt)})`);
  p.precisionAt.forEach((k, i) => checkInt(k, `precisionAt[${i}]`, 1));
  checkInt(p.minLabelSize, 'minLabelSize', 2);
  checkInt(p.maxConfusionLabels, 'maxConfusionLabels', 0);
  checkInt(p.topConfusions, 'topConfusions', 0);
  return p;
}

/**
 * Leave-one-out evaluation over the library, exact: every query row is compared with every other
 * row (the query itself removed from the candidates), in blocks of 64 query rows × ~256 KiB of
 * library rows, so memory stays O(64 · N) however large N is and the N × N matrix never exists.
 * Each query's full score row feeds all metrics at once, for every labelling given:
 *
 * - 1-NN accuracy, precision@k (seed 002's confusion matrix is the 1-NN one);
 * - average precision over the full ranking of the other N − 1 rows (see {@link averagePrecision});
 * - with `artists`: the artist hold-out. For each track t of artist A: query with t against the
 *   library without t (so A keeps n_A − 1 tracks), rank artists exactly as rankArtists does with
 *   one query (top-N neighbours, mean of A's top-M, minTracks applied to the remaining library:
 *   tracks whose artist is left with fewer than minTracks are skipped, since A could not be
 *   ranked at all), and score top-1 / top-5 on A's position. Holding out all of A's tracks at once
 *   would make A unretrievable, hence one track at a time.
 *
 * Cost: N_queries · N · dim multiply-adds (about 2 × 10^11 for 20k 512-d vectors: tens of seconds).
 */
export function evaluateRetrieval(input: RetrievalInput): RetrievalReport {
  const { index } = input;
  checkMatrix(index, 'index', 2);
  const p = resolveParams(input);
  const n = index.count;
  const dim = index.dim;
  if (!input.labelings || typeof input.labelings !== 'object') throw new ParameterError('labelings: required, e.g. { genre: [...] }');

  const states: LabellingState[] = Object.entries(input.labelings).map(([name, labels]) => {
    const enc = encodeLabels(labels, `labelings.${name}`, n);
    const L = enc.names.length;
    const rowsOf = Array.from({ length: L }, (_, c) => new Int32Array(enc.counts[c]));
    const fill = new Int32Array(L);
    for (let r = 0; r < n; r++) if (enc.ids[r] >= 0) rowsOf[enc.ids[r]][fill[enc.ids[r]]++] = r;
    return {
      name,
      enc,
      rowsOf,
      queries: 0,
      hits1: 0,
      precisionSums: new Float64Array(p.precisionAt.length),
      apSum: 0,
      chanceSum: 0,
      perLabelQueries: new Int32Array(L),
      perLabelHits: new Int32Array(L),
      perLabelAp: new Float64Array(L),
      confusion: new Map(),
    };
  });

  let queryRows: Int32Array;
  if (input.queryRows) {
    queryRows = Int32Array.from(input.queryRows as ArrayLike<number>);
    queryRows.forEach((r, i) => {
      if (!Number.isInteger(r) || r < 0 || r >= n) throw new ParameterError(`queryRows[${i}]: ${r} is not a row of the index (0 .. ${n - 1})`);
    });
  } else {
    queryRows = Int32Array.from({ length: n }, (_, i) => i);
  }
  const nq = queryRows.length;

  // Artist hold-out set-up.
  const artistParams = input.artists ? resolveArtistParams(input.artistRanking ?? {}) : null;
  const artistEnc = input.artists ? encodeLabels(input.artists, 'artists', n) : null;
  const topN = artistParams ? Math.min(artistParams.topN, n - 1) : 0;
  let eligible = new Uint8Array(0);
  let scratch = artistScratch(0, 0);
  const artistStats = { evaluated: 0, skipped: 0, top1: 0, top5: 0, rr: 0, notRanked: 0 };
  if (artistEnc && artistParams) {
    eligible = new Uint8Array(artistEnc.names.length);
    for (let a = 0; a < eligible.length; a++) eligible[a] = artistEnc.counts[a] >= artistParams.minTracks ? 1 : 0;
    scratch = artistScratch(artistEnc.names.length, topN);
  }

  const maxP = p.precisionAt.length ? Math.max(...p.precisionAt) : 1;
  const T = Math.min(n - 1, Math.max(1, maxP, topN));
  const heapS = new Float32Array(T);
  const heapR = new Int32Array(T);

  const qb = Math.min(QUERY_BLOCK, nq);
  const rb = Math.min(rowBlockSize(dim), n);
  const engine = createDotEngine(dim, qb, rb, input.backend);
  const block = new Float32Array(qb * dim);
  const rowScores = new Float32Array(qb * n);

  for (let q0 = 0; q0 < nq; q0 += qb) {
    const na = Math.min(qb, nq - q0);
    for (let a = 0; a < na; a++) block.set(index.data.subarray(queryRows[q0 + a] * dim, (queryRows[q0 + a] + 1) * dim), a * dim);
    engine.loadA({ data: block, dim }, 0, na);
    for (let j0 = 0; j0 < n; j0 += rb) {
      const nb = Math.min(rb, n - j0);
      engine.loadB(index, j0, nb);
      const s = engine.compute(na, nb);
      for (let a = 0; a < na; a++) rowScores.set(s.subarray(a * nb, (a + 1) * nb), a * n + j0);
    }
    for (let a = 0; a < na; a++) {
      const self = queryRows[q0 + a];
      const scores = rowScores.subarray(a * n, (a + 1) * n);
      const size = offerScores(heapS, heapR, 0, 0, T, scores, 0, n, 0, self);
      heapSortBestFirst(heapS, heapR, 0, size);
      for (const st of states) evaluateLabelling(st, p, scores, self, heapR, n);
      if (artistEnc && artistParams) evaluateArtist(artistEnc, artistParams, eligible, scratch, heapR, heapS, topN, self, artistStats);
    }
  }

  const report: RetrievalReport = { count: n, queryRows: nq, labelings: states.map((st) => summarise(st, p, nq)) };
  if (artistParams) {
    const e = artistStats.evaluated;
    report.artistRanking = {
      params: artistParams,
      evaluated: e,
      skipped: artistStats.skipped,
      top1: e ? artistStats.top1 / e : 0,
      top5: e ? artistStats.top5 / e : 0,
      meanReciprocalRank: e ? artistStats.rr / e : 0,
      notRanked: e ? artistStats.notRanked / e : 0,
    };
  }
  return report;
}

function evaluateLabelling(st: LabellingState, p: RetrievalParams, scores: Float32Array, self: number, top: Int32Array, n: number): void {
  const c = st.enc.ids[self];
  if (c < 0 || st.enc.counts[c] < p.minLabelSize) return;
  const ids = st.enc.ids;
  st.queries++;
  st.perLabelQueries[c]++;
  st.chanceSum += (st.enc.counts[c] - 1) / (n - 1);
  const nn = ids[top[0]];
  if (nn === c) {
    st.hits1++;
    st.perLabelHits[c]++;
  }
  const L = st.enc.names.length;
  const key = c * (L + 1) + (nn < 0 ? L : nn);
  st.confusion.set(key, (st.confusion.get(key) ?? 0) + 1);
  p.precisionAt.forEach((k, i) => {
    const kk = Math.min(k, n - 1);
    let rel = 0;
    for (let t = 0; t < kk; t++) if (ids[top[t]] === c) rel++;
    st.precisionSums[i] += rel / kk;
  });
  const ap = averagePrecision(scores, self, st.rowsOf[c], ids, c);
  st.apSum += ap;
  st.perLabelAp[c] += ap;
}

function evaluateArtist(
  enc: EncodedLabels,
  params: ArtistRankingParams,
  eligible: Uint8Array,
  scratch: ReturnType<typeof artistScratch>,
  rows: Int32Array,
  scores: Float32Array,
  topN: number,
  self: number,
  acc: { evaluated: number; skipped: number; top1: number; top5: number; rr: number; notRanked: number },
): void {
  const truth = enc.ids[self];
  if (truth < 0 || enc.counts[truth] - 1 < params.minTracks) {
    acc.skipped++;
    return;
  }
  acc.evaluated++;
  const touched = scoreQueryArtists(rows, scores, 0, topN, enc.ids, eligible, params.topM, scratch);
  const entry = (a: number) => {
    const meanScore = scratch.sum[a] / Math.min(scratch.hits[a], params.topM);
    return { artist: enc.names[a], meanScore, matchedQueries: 1, finalScore: artistFinalScore(meanScore, 1, 1, params).finalScore };
  };
  let found = false;
  for (let i = 0; i < touched && !found; i++) found = scratch.touched[i] === truth;
  if (found) {
    const t = entry(truth);
    let rank = 1;
    for (let i = 0; i < touched; i++) {
      const a = scratch.touched[i];
      if (a !== truth && compareArtistScores(entry(a), t) < 0) rank++;
    }
    if (rank === 1) acc.top1++;
    if (rank <= 5) acc.top5++;
    acc.rr += 1 / rank;
  } else {
    acc.notRanked++;
  }
  for (let i = 0; i < touched; i++) {
    scratch.hits[scratch.touched[i]] = 0;
    scratch.sum[scratch.touched[i]] = 0;
  }
}

function summarise(st: LabellingState, p: RetrievalParams, nq: number): LabelRetrievalMetrics {
  const q = st.queries;
  const L = st.enc.names.length;
  const names = st.enc.names;
  const perLabel = names
    .map((label, c) => ({
      label,
      queries: st.perLabelQueries[c],
      nn1Accuracy: st.perLabelQueries[c] ? st.perLabelHits[c] / st.perLabelQueries[c] : 0,
      averagePrecision: st.perLabelQueries[c] ? st.perLabelAp[c] / st.perLabelQueries[c] : 0,
    }))
    .filter((x) => x.queries > 0);
  let confusion: LabelRetrievalMetrics['confusion'] = null;
  if (L <= p.maxConfusionLabels) {
    const counts = names.map(() => new Array<number>(L).fill(0));
    const unlabeled = new Array<number>(L).fill(0);
    for (const [key, count] of st.confusion) {
      const t = Math.floor(key / (L + 1));
      const pr = key % (L + 1);
      if (pr === L) unlabeled[t] += count;
      else counts[t][pr] += count;
    }
    confusion = { labels: names, counts, unlabeled };
  }
  const topConfusions = [...st.confusion]
    .map(([key, count]) => ({ t: Math.floor(key / (L + 1)), pr: key % (L + 1), count }))
    .filter((x) => x.t !== x.pr)
    .sort((a, b) => b.count - a.count || a.t - b.t || a.pr - b.pr)
    .slice(0, p.topConfusions)
    .map((x) => ({ label: names[x.t], predicted: x.pr === L ? '(none)' : names[x.pr], count: x.count }));
  return {
    name: st.name,
    queries: q,
    skipped: nq - q,
    nn1Accuracy: q ? st.hits1 / q : 0,
    precisionAt: p.precisionAt.map((k, i) => ({ k, precision: q ? st.precisionSums[i] / q : 0 })),
    meanAveragePrecision: q ? st.apSum / q : 0,
    chance1NN: q ? st.chanceSum / q : 0,
    perLabel,
    confusion,
    topConfusions,
  };
}
