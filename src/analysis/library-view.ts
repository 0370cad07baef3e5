/** A library's index for one embedder with the per-row labels search needs, and query vectors resolved from files, folders or track ids. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AudioDecodeError, ParameterError, type SonicprintError } from '../errors.js';
import { embedFiles } from '../ingest/embed-files.js';
import { scanPaths } from '../ingest/scan.js';
import type { Library, Track } from '../store/library.js';
import type { RowLabels } from '../search/labels.js';
import { fromRows, type VectorMatrix } from '../search/vectors.js';

/** The library side of a search: normalised vectors, one label set per row, and the tracks behind the rows. */
export interface LibraryView {
  embedderId: string;
  index: VectorMatrix;
  labels: RowLabels;
  /** tracks[row]: the library track of index row `row`. */
  tracks: Track[];
  /** Row of a track id. */
  rowOf: Map<number, number>;
  /** Whether the normalisation statistics are stale (the library grew or shrank a lot since `reindex`). */
  stale: { stale: boolean; changedFraction: number; vectorsNow: number; vectorsAtReindex: number };
}

export function libraryView(library: Library, embedderId: string): LibraryView {
  const { ids, vectors } = library.index(embedderId);
  const byId = new Map(library.tracks().map((t) => [t.id, t]));
  const tracks = Array.from(ids, (id) => byId.get(id) as Track);
  const labels: RowLabels = {
    artist: tracks.map((t) => t.artist),
    genre: tracks.map((t) => t.genre),
    title: tracks.map((t) => t.title),
    trackId: tracks.map((t) => String(t.id)),
  };
  const s = library.staleness(embedderId);
  return {
    embedderId,
    index: vectors,
    labels,
    tracks,
    rowOf: new Map(Array.from(ids, (id, row) => [id, row])),
    stale: { stale: s.stale, changedFraction: s.changedFraction, vectorsNow: s.vectorsNow, vectorsAtReindex: s.vectorsAtReindex },
  };
}

/** One resolved query: a file outside the library, or a library track (left out of its own results). */
export interface Query {
  /** What the user gave: a path, or 'track:<id>'. */
  label: string;
  path?: string;
  /** Library track id when the query is a library track. */
  trackId?: number;
  /** Index row of that track (excluded from its own neighbours). */
  row?: number;
  title?: string;
  artist?: string | null;
}

export interface ResolvedQueries {
  queries: Query[];
  /** Normalised query vectors, in `queries` order. */
  vectors: VectorMatrix;
  failures: { input: string; error: SonicprintError }[];
}

const SILENCE_PEAK = 10 ** (-90 / 20);

/** A numeric argument that is not an existing file is a library track id ("42" or "track:42"). */
function asTrackId(input: string, cwd: string): number | undefined {
  const m = /^(?:track:)?(\d+)$/.exec(input);
  if (!m || (!input.startsWith('track:') && existsSync(resolve(cwd, input)))) return undefined;
  return Number(m[1]);
}

/**
 * Turns the command line's query arguments into normalised vectors: files and folders (recursively)
 * are decoded and embedded like library tracks (same excerpt), track ids take the library's own
 * vectors. Failures (unreadable files, unknown ids, silent audio) are collected, not thrown.
 */
export async function resolveQueries(library: Library, view: LibraryView, inputs: readonly string[], opts: { cwd: string; workers?: number }): Promise<ResolvedQueries> {
  const failures: ResolvedQueries['failures'] = [];
  const fromTracks: { query: Query; vector: Float32Array }[] = [];
  const paths: string[] = [];
  for (const input of inputs) {
    const id = asTrackId(input, opts.cwd);
    if (id === undefined) {
      paths.push(input);
      continue;
    }
    const row = view.rowOf.get(id);
    if (row === undefined) {
      failures.push({ input, error: new ParameterError(`track ${id}: no such track in the library (see \`sonicprint library ls\`)`) });
      continue;
    }
    const t = view.tracks[row];
    fromTracks.push({
      query: { label: `track:${id}`, trackId: id, row, title: t.title, artist: t.artist, path: t.path },
      vector: view.index.data.slice(row * view.index.dim, (row + 1) * view.index.dim),
    });
  }

  const scanned = await scanPaths(paths, opts.cwd);
  for (const e of scanned.errors) failures.push({ input: e.path, error: e.error });
  const embedded = await embedFiles(
    scanned.files.map((f) => f.path),
    [view.embedderId],
    { excerpt: library.excerpt() ?? undefined, workers: opts.workers, cwd: opts.cwd },
  );
  for (const f of embedded.failures) failures.push({ input: f.path, error: f.error });

  const queries: Query[] = fromTracks.map((q) => q.query);
  const rows: Float32Array[] = fromTracks.map((q) => q.vector);
  for (const file of embedded.files) {
    // Below -90 dBFS (16-bit dither level) there is no music to compare.
    if (file.peak < SILENCE_PEAK) {
      failures.push({ input: file.path, error: new AudioDecodeError('E_NO_AUDIO', file.path, 'is silent (peak below -90 dBFS): there is nothing to match') });
      continue;
    }
    const raw = file.vectors[view.embedderId];
    queries.push({ label: file.path, path: file.path, title: file.tags.title ?? undefined, artist: file.tags.artist ?? null });
    rows.push(library.normalizeQuery(view.embedderId, raw));
  }
  const vectors = rows.length > 0 ? fromRows(rows) : { data: new Float32Array(0), dim: view.index.dim, count: 0 };
  return { queries, vectors, failures };
}
