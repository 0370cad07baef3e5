/** Content identity of a file: sha256 of its bytes, streamed (1 MiB at a time, constant memory for any size). */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { AudioDecodeError } from '../errors.js';

const CHUNK = 1 << 20;

/** Hex sha256 of the file at `path`. Errors: E_NOT_FOUND, E_IS_DIRECTORY, E_UNREADABLE. */
export async function hashFile(path: string): Promise<string> {
  try {
    const fh = await open(path, 'r');
    try {
      const hash = createHash('sha256');
      const buf = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        hash.update(buf.subarray(0, bytesRead));
      }
      return hash.digest('hex');
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AudioDecodeError('E_NOT_FOUND', path, 'no such file');
    if (code === 'EISDIR') throw new AudioDecodeError('E_IS_DIRECTORY', path, 'is a folder, not a file');
    throw new AudioDecodeError('E_UNREADABLE', path, `cannot read: ${(err as Error).message}`, err);
  }
}
