/** ByteSource: random-access reads from a file or a buffer, so decoders read only the bytes they need. */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { AudioDecodeError, type ErrorCode } from '../errors.js';

/**
 * A readable sequence of bytes of known size. Decoders take this instead of a path so that
 * WAV can read just the requested byte range, compressed formats can read in chunks and stop
 * early, and tests can count the bytes actually read.
 */
export interface ByteSource {
  /** What to call the input in messages: the path, or a caller-given name for buffers. */
  readonly name: string;
  /** The file path when the bytes come from a file (ffmpeg is handed the path then). */
  readonly path?: string;
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Up to `length` bytes starting at `offset`; shorter only at the end of the source.
   * The returned array is owned by the caller.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases the file handle; safe to call twice. */
  close(): Promise<void>;
}

/** Maps a Node.js file-system error code (errno name) to ours; unknown errors read as unreadable. */
export function fsErrorCode(errno: string | undefined): ErrorCode {
  switch (errno) {
    case 'ENOENT':
    case 'ENOTDIR': // a path component is a file: the path cannot exist
      return 'E_NOT_FOUND';
    case 'EISDIR':
      return 'E_IS_DIRECTORY';
    default: // EACCES, EPERM, EIO, ELOOP, EMFILE...
      return 'E_UNREADABLE';
  }
}

const FS_REASONS: Partial<Record<ErrorCode, string>> = {
  E_NOT_FOUND: 'no such file',
  E_IS_DIRECTORY: 'is a directory, not an audio file',
  E_UNREADABLE: 'cannot be read',
};

/** Wraps a file-system error in an AudioDecodeError that names the path. */
export function fsError(path: string, err: unknown): AudioDecodeError {
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  const code = fsErrorCode(errno);
  const detail = errno === undefined || code !== 'E_UNREADABLE' ? '' : ` (${errno}${errno === 'EACCES' || errno === 'EPERM' ? ': permission denied' : ''})`;
  return new AudioDecodeError(code, path, `${FS_REASONS[code]}${detail}`, err);
}

/**
 * Opens a file for random-access reading. Checks with `stat` first so that a directory or a
 * FIFO gives a clear error instead of an open that reads garbage or blocks forever.
 */
export async function openFileSource(path: string): Promise<ByteSource> {
  let handle: FileHandle;
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!info.isFile()) {
      throw new AudioDecodeError('E_UNREADABLE', path, 'not a regular file (device, socket or pipe)');
    }
    handle = await open(path, 'r');
    size = info.size;
  } catch (err) {
    if (err instanceof AudioDecodeError) throw err;
    throw fsError(path, err);
  }
  let closed = false;
  return {
    name: path,
    path,
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      // A fresh Uint8Array (not a pooled Buffer) so typed views over it are aligned.
      const out = new Uint8Array(n);
      let got = 0;
      try {
        while (got < n) {
          const { bytesRead } = await handle.read(out, got, n - got, offset + got);
          if (bytesRead === 0) break; // the file shrank under us
          got += bytesRead;
        }
      } catch (err) {
        throw fsError(path, err);
      }
      return got === n ? out : out.subarray(0, got);
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

/** A ByteSource over bytes already in memory; `name` is used in messages. */
export function bufferSource(bytes: Uint8Array, name: string): ByteSource {
  return {
    name,
    size: bytes.length,
    async read(offset, length) {
      // A copy, so callers may keep or mutate it, and typed views over it are aligned.
      return bytes.slice(offset, Math.min(bytes.length, offset + length));
    },
    async close() {},
  };
}
