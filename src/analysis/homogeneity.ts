/** `homogeneity`: how alike one artist's (or a group of files') songs are, and where that sits among every library artist. */
import { ParameterError } from '../errors.js';
import { DEFAULT_EMBEDDER } from '../embed/registry.js';
import type { Library } from '../store/library.js';
import { homogeneity, homogeneityOfRows, rankHomogeneity, HOMOGENEITY_DEFAULTS, type HomogeneityRanking, type HomogeneityStats } from '../search/homogeneity.js';
import { libraryView, resolveQueries, type LibraryView } from './library-view.js';

export interface HomogeneityOptions {
  embedder?: string;
  /** A library artist (case-insensitive) instead of files. */
  artist?: string;
  /** Artists with fewer tracks are not ranked (default 3). */
  minTracks?: number;
  workers?: number;
  cwd: string;
}

export interface HomogeneityResult {
  library: string;
  embedder: string;
  /** The artist, or "N files". */
  subject: string;
  /** Track labels in matrix order ("Title — Artist" or the file name). */
  tracks: string[];
  stats: HomogeneityStats;
  /** Cosine similarity of every pair, tracks × tracks. */
  matrix: number[][];
  mostSimilar: { a: string; b: string; similarity: number };
  leastSimilar: { a: string; b: string; similarity: number };
  /** Where the subject sits among library artists with >= minTracks tracks (rank 1 = most varied). */
  placement: HomogeneityRanking['focus'];
  ranking: HomogeneityRanking['artists'];
  minTracks: number;
  warnings: string[];
  failures: { input: string; code: string; message: string }[];
}

/** The library's spelling of `name` (case-insensitive), or an error that suggests close names. */
export function findArtist(view: LibraryView, name: string): string {
  const names = [...new Set(view.tracks.map((t) => t.artist).filter((a): a is string => Boolean(a)))];
  const exact = names.find((a) => a.toLowerCase() === name.toLowerCase());
  if (exact) return exact;
  const near = names.filter((a) => a.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(a.toLowerCase())).slice(0, 5);
  const hint = near.length ? `; did you mean ${near.map((a) => `'${a}'`).join(', ')}?` : '; see `sonicprint library ls --json` for the artists';
  throw new ParameterError(`artist '${name}' is not in the library${hint}`);
}

function label(title: string | undefined, artist: string | null | undefined, fallback: string): string {
  if (!title) return fallback;
  return artist ? `${title} — ${artist}` : title;
}

export async function analyzeHomogeneity(library: Library, inputs: readonly string[], opts: HomogeneityOptions): Promise<HomogeneityResult> {
  const embedder = opts.embedder ?? DEFAULT_EMBEDDER;
  const minTracks = opts.minTracks ?? HOMOGENEITY_DEFAULTS.minTracks;
  const view = libraryView(library, embedder);
  if ((opts.artist === undefined) === (inputs.length === 0)) {
    throw new ParameterError('give either files (or folders, or track ids) or --artist NAME');
  }
  const warnings: string[] = view.stale.stale ? ['normalisation statistics are stale; run `sonicprint library reindex`'] : [];
  let subject: string;
  let tracks: string[];
  let report: ReturnType<typeof homogeneity>;
  let ranking: HomogeneityRanking;
  let failures: HomogeneityResult['failures'] = [];
  if (opts.artist !== undefined) {
    subject = findArtist(view, opts.artist);
    const rows = view.tracks.flatMap((t, r) => (t.artist === subject ? [r] : []));
    if (rows.length < 2) throw new ParameterError(`artist '${subject}' has ${rows.length} track in the library; homogeneity needs at least 2`);
    report = homogeneityOfRows(view.index, rows);
    tracks = rows.map((r) => label(view.tracks[r].title, null, view.tracks[r].path));
    ranking = rankHomogeneity({ index: view.index, labels: view.labels, minTracks, focusArtist: subject });
  } else {
    const resolved = await resolveQueries(library, view, inputs, { cwd: opts.cwd, workers: opts.workers });
    failures = resolved.failures.map((f) => ({ input: f.input, code: f.error.code, message: f.error.message }));
    if (resolved.vectors.count < 2) {
      throw new ParameterError(`homogeneity needs at least 2 songs; ${resolved.vectors.count} could be analysed (${failures.length} failed)`);
    }
    subject = `${resolved.vectors.count} songs`;
    report = homogeneity(resolved.vectors);
    tracks = resolved.queries.map((q) => label(q.title, q.artist, q.path ?? q.label));
    ranking = rankHomogeneity({ index: view.index, labels: view.labels, minTracks, focus: resolved.vectors, focusName: subject });
  }
  const { matrix, ...stats } = report;
  return {
    library: library.dir,
    embedder,
    subject,
    tracks,
    stats,
    matrix,
    mostSimilar: { a: tracks[stats.mostSimilar.a], b: tracks[stats.mostSimilar.b], similarity: stats.mostSimilar.similarity },
    leastSimilar: { a: tracks[stats.leastSimilar.a], b: tracks[stats.leastSimilar.b], similarity: stats.leastSimilar.similarity },
    placement: ranking.focus,
    ranking: ranking.artists,
    minTracks,
    warnings,
    failures,
  };
}
