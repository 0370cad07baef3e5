/** `match`: the library tracks (and artists, and genre) that query songs sound like. Plain JSON results for the CLI, the server and reports. */
import { ParameterError } from '../errors.js';
import { DEFAULT_EMBEDDER } from '../embed/registry.js';
import type { Library } from '../store/library.js';
import { rankArtists, type ArtistRankingParams } from '../search/artists.js';
import { searchInGenre } from '../search/genre.js';
import { searchTopK } from '../search/topk.js';
import { libraryView, resolveQueries, type LibraryView, type Query } from './library-view.js';

export const MATCH_DEFAULTS = Object.freeze({ k: 10 });

export interface MatchOptions {
  embedder?: string;
  /** Matches per query (default 10). */
  k?: number;
  /** Rank library artists over the whole query group (seed 000's scoring); parameters override the defaults. */
  artists?: Partial<ArtistRankingParams>;
  /** Map the query group to a library genre ('auto') or use the named one, then keep the top k within it (seed 002). */
  genre?: string;
  /** Worker threads for embedding query files. */
  workers?: number;
  cwd: string;
}

/** A library track as a match result. */
export interface MatchedTrack {
  rank: number;
  score: number;
  trackId: number;
  artist: string | null;
  title: string;
  genre: string | null;
  path: string;
}

export interface ArtistMatch {
  rank: number;
  artist: string;
  finalScore: number;
  meanScore: number;
  consistency: number;
  matchedQueries: number;
  queryCount: number;
  trackCount: number;
  /** The artist's best-matching tracks (each once, with the query that matched it best). */
  bestTracks: (MatchedTrack & { query: string })[];
  /** Every similarity of the artist's tracks in the queries' neighbour lists: the histogram data. */
  similarities: number[];
}

export interface MatchResult {
  library: string;
  embedder: string;
  librarySize: number;
  k: number;
  /** Things the user should know: stale statistics, k larger than the library. */
  warnings: string[];
  queries: { query: Query; matches: MatchedTrack[] }[];
  artists?: { params: ArtistRankingParams; neighbours: number; eligibleArtists: number; ranking: ArtistMatch[] };
  genre?: { mode: 'auto' | 'named'; genre: string; similarity: number; ranking: { genre: string; similarity: number; tracks: number }[]; candidates: number };
  failures: { input: string; code: string; message: string }[];
}

function trackAt(view: LibraryView, row: number, score: number, rank: number): MatchedTrack {
  const t = view.tracks[row];
  return { rank, score, trackId: t.id, artist: t.artist, title: t.title, genre: t.genre, path: t.path };
}

/** Embeds the query inputs (files, folders, track ids) and searches the library; per-input failures are reported, not thrown. */
export async function match(library: Library, inputs: readonly string[], opts: MatchOptions): Promise<MatchResult> {
  const embedder = opts.embedder ?? DEFAULT_EMBEDDER;
  const k = opts.k ?? MATCH_DEFAULTS.k;
  if (!Number.isInteger(k) || k < 1) throw new ParameterError(`k must be a whole number >= 1, got ${k}`);
  const view = libraryView(library, embedder);
  const resolved = await resolveQueries(library, view, inputs, { cwd: opts.cwd, workers: opts.workers });
  const result: MatchResult = {
    library: library.dir,
    embedder,
    librarySize: view.index.count,
    k,
    warnings: [],
    queries: [],
    failures: resolved.failures.map((f) => ({ input: f.input, code: f.error.code, message: f.error.message })),
  };
  if (view.stale.stale) {
    result.warnings.push(
      `normalisation statistics are stale: computed on ${view.stale.vectorsAtReindex} tracks, the library changed by ${Math.round(view.stale.changedFraction * 100)}% since; run \`sonicprint library reindex\``,
    );
  }
  if (resolved.vectors.count === 0) return result;

  const excludeRows = resolved.queries.map((q) => q.row ?? -1);
  if (opts.genre !== undefined) {
    const g = searchInGenre({ index: view.index, labels: view.labels, queries: resolved.vectors, genre: opts.genre, k, excludeRows });
    result.genre = { mode: g.mode, genre: g.genre, similarity: g.mapping.ranking.find((r) => r.genre === g.genre)?.similarity ?? g.mapping.similarity, ranking: g.mapping.ranking, candidates: g.candidates };
    result.queries = g.perQuery.map((pq) => ({ query: resolved.queries[pq.query], matches: pq.matches.map((m, i) => trackAt(view, m.row, m.score, i + 1)) }));
  } else {
    const top = searchTopK(view.index, resolved.vectors, k, { excludeRows });
    if (top.capped) result.warnings.push(`k=${k} but only ${top.k} library tracks can be returned per query`);
    result.queries = resolved.queries.map((query, q) => ({
      query,
      matches: Array.from({ length: top.k }, (_, i) => trackAt(view, top.rows[q * top.k + i], top.scores[q * top.k + i], i + 1)),
    }));
  }

  if (opts.artists) {
    const ranking = rankArtists({ index: view.index, labels: view.labels, queries: resolved.vectors, excludeRows, ...opts.artists });
    result.artists = {
      params: ranking.params,
      neighbours: ranking.neighbours,
      eligibleArtists: ranking.eligibleArtists,
      ranking: ranking.artists.map((a) => ({
        rank: a.rank,
        artist: a.artist,
        finalScore: a.finalScore,
        meanScore: a.meanScore,
        consistency: a.consistency,
        matchedQueries: a.matchedQueries,
        queryCount: a.queryCount,
        trackCount: a.trackCount,
        bestTracks: a.bestTracks.map((t, i) => ({ ...trackAt(view, t.row, t.score, i + 1), query: resolved.queries[t.query].label })),
        similarities: a.similarities,
      })),
    };
    if (ranking.eligibleArtists === 0) {
      result.warnings.push(`no library artist has at least ${ranking.params.minTracks} tracks, so none can be ranked (lower --min-tracks?)`);
    }
  }
  return result;
}
