/** Expands the paths given to `library add` into audio files: folders recursively, by extension; files named directly always. */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { AudioDecodeError, type SonicprintError } from '../errors.js';

/**
 * Extensions picked up inside folders (case-insensitive). Files named on the command line are
 * taken whatever their name: the decoder sniffs the format from the bytes.
 */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp3', 'wav', 'wave', 'flac', 'ogg', 'oga', 'opus', 'm4a', 'mp4', 'aac', 'aif', 'aiff', 'aifc', 'wma', 'webm', 'mka',
]);

export interface ScannedFile {
  /** Absolute path. */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ScanResult {
  /** Sorted by path, each once. */
  files: ScannedFile[];
  /** Paths that could not be listed or do not exist. */
  errors: { path: string; error: SonicprintError }[];
}

/**
 * Walks `paths` (relative ones against `cwd`). Hidden entries (names starting with '.') are
 * skipped inside folders; symbolic links are followed, each real folder visited once.
 */
export async function scanPaths(paths: readonly string[], cwd = process.cwd()): Promise<ScanResult> {
  const files = new Map<string, ScannedFile>();
  const errors: ScanResult['errors'] = [];
  const visited = new Set<string>();

  async function visit(path: string, explicit: boolean): Promise<void> {
    let st;
    try {
      st = await stat(path);
    } catch (err) {
      // A dangling link or a file deleted while we walk: only worth an error when the user named it.
      if (explicit || (err as NodeJS.ErrnoException).code !== 'ENOENT') errors.push({ path, error: fsError(path, err) });
      return;
    }
    if (st.isDirectory()) {
      const real = await realpath(path).catch(() => path);
      if (visited.has(real)) return;
      visited.add(real);
      let entries: Dirent[];
      try {
        entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (err) {
        errors.push({ path, error: fsError(path, err) });
        return;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const child = join(path, entry.name);
        const audio = AUDIO_EXTENSIONS.has(extname(entry.name).slice(1).toLowerCase());
        if (entry.isDirectory()) await visit(child, false);
        else if (entry.isFile()) {
          if (audio) await visit(child, false);
        } else if (entry.isSymbolicLink()) {
          if (audio) await visit(child, false);
          else await visitIfDir(child);
        }
      }
      return;
    }
    if (!st.isFile()) {
      if (explicit) errors.push({ path, error: new AudioDecodeError('E_UNREADABLE', path, 'not a regular file or folder') });
      return;
    }
    files.set(path, { path, size: st.size, mtimeMs: st.mtimeMs });
  }

  async function visitIfDir(path: string): Promise<void> {
    try {
      if ((await stat(path)).isDirectory()) await visit(path, false);
    } catch {
      // dangling link: not music
    }
  }

  for (const p of paths) await visit(resolve(cwd, p), true);
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), errors };
}

function fsError(path: string, err: unknown): SonicprintError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AudioDecodeError('E_NOT_FOUND', path, 'no such file or folder');
  if (code === 'EACCES' || code === 'EPERM') return new AudioDecodeError('E_UNREADABLE', path, 'permission denied');
  return new AudioDecodeError('E_UNREADABLE', path, (err as Error).message);
}
