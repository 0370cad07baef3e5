/** Track metadata from tags, the file name ("Title - Artist.ext", as in seed 000) or the parent folder (GTZAN's folder per genre). */
import { basename, dirname, extname } from 'node:path';
import type { AudioTags } from '../audio/probe.js';

/** Where the artist comes from; the other sources are fallbacks (see {@link resolveMetadata}). */
export type ArtistSource = 'tags' | 'filename' | 'dir';
/** Where the genre comes from. */
export type GenreSource = 'tags' | 'dir';

export const ARTIST_SOURCES: readonly ArtistSource[] = Object.freeze(['tags', 'filename', 'dir']);
export const GENRE_SOURCES: readonly GenreSource[] = Object.freeze(['tags', 'dir']);

export interface MetadataOptions {
  artistFrom: ArtistSource;
  genreFrom: GenreSource;
}

export const METADATA_DEFAULTS: Readonly<MetadataOptions> = Object.freeze({ artistFrom: 'tags', genreFrom: 'tags' });

export interface TrackMetadata {
  title: string;
  artist: string | null;
  genre: string | null;
  album: string | null;
  year: number | null;
}

/**
 * "Title - Artist.ext" → { title, artist }, splitting at the LAST " - " (seed 000's
 * `stem.rsplit(" - ", 1)`); a name without " - " is all title.
 */
export function parseFileName(path: string): { title: string; artist?: string } {
  const stem = basename(path, extname(path));
  const at = stem.lastIndexOf(' - ');
  if (at < 0) return { title: stem.trim() || stem };
  const title = stem.slice(0, at).trim();
  const artist = stem.slice(at + 3).trim();
  if (!title || !artist) return { title: stem.trim() || stem };
  return { title, artist };
}

/** Name of the folder that holds the file. */
export function parentFolderName(path: string): string | null {
  const name = basename(dirname(path));
  return name && name !== '.' && name !== '/' ? name : null;
}

/**
 * Title, artist and genre of a file:
 * - artist, `tags` (default): the artist tag, else the file name's artist part, else null;
 *   `filename`: the file name's artist part, else the tag; `dir`: the parent folder's name.
 * - title: the title tag, else the file name's title part (with `artistFrom: 'filename'`
 *   the file name comes first).
 * - genre, `tags` (default): the genre tag, else null; `dir`: the parent folder's name.
 */
export function resolveMetadata(path: string, tags: AudioTags, opts: MetadataOptions = METADATA_DEFAULTS): TrackMetadata {
  const fromName = parseFileName(path);
  const tag = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
  let artist: string | undefined;
  let title: string;
  if (opts.artistFrom === 'filename') {
    artist = fromName.artist ?? tag(tags.artist);
    title = fromName.artist ? fromName.title : (tag(tags.title) ?? fromName.title);
  } else {
    artist = opts.artistFrom === 'dir' ? (parentFolderName(path) ?? undefined) : (tag(tags.artist) ?? fromName.artist);
    title = tag(tags.title) ?? fromName.title;
  }
  const genre = opts.genreFrom === 'dir' ? parentFolderName(path) : (tag(tags.genre) ?? null);
  return { title, artist: artist ?? null, genre, album: tag(tags.album) ?? null, year: tags.year ?? null };
}
