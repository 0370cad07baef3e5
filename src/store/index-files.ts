/**
 * Vector index files of a library: per embedder a JSON header plus a row-major float32 matrix of
 * normalised vectors and the Int32 track ids of its rows, all written atomically (temp + rename).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { VectorMatrix } from '../search/vectors.js';

/** Folder of index files inside a library folder. */
export const INDEX_DIR = 'index';

/**
 * `index/<embedder>.json`. The data files' names carry the generation
 * (`<embedder>.g<generation>.f32` / `.ids`), so a header never points at data of another
 * generation even when two processes rebuild at once; the header is renamed into place last.
 */
export interface IndexHeader {
  format: 'sonicprint-index';
  version: 1;
  embedderId: string;
  /** Rows. */
  count: number;
  dim: number;
  /** The embedder's generation in the database when the rows were read. */
  generation: number;
  /** How the rows were normalised ('center-l2': minus the saved mean, then unit L2 norm). */
  normalization: string;
  /** File names, relative to the index folder: float32 LE, count × dim, row-major. */
  vectors: string;
  /** Int32 LE track ids, one per row. */
  ids: string;
  writtenAt: string;
}

export interface IndexData {
  header: IndexHeader;
  ids: Int32Array;
  vectors: VectorMatrix;
}

export function indexDir(libraryDir: string): string {
  return join(libraryDir, INDEX_DIR);
}

export function headerPath(libraryDir: string, embedderId: string): string {
  return join(indexDir(libraryDir), `${embedderId}.json`);
}

/** Writes bytes to `path` atomically: a temp file beside it (named after our pid), fsync, rename. */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const fd = openSync(tmp, 'w');
  try {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    let off = 0;
    while (off < buf.byteLength) off += writeSync(fd, buf, off, buf.byteLength - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    safeUnlink(tmp);
    throw err;
  }
}

/** Writes the index of one embedder and removes data files of older generations. */
export function writeIndexFiles(libraryDir: string, embedderId: string, generation: number, normalization: string, ids: Int32Array, vectors: VectorMatrix): IndexHeader {
  const dir = indexDir(libraryDir);
  mkdirSync(dir, { recursive: true });
  const base = `${embedderId}.g${generation}`;
  const header: IndexHeader = {
    format: 'sonicprint-index',
    version: 1,
    embedderId,
    count: vectors.count,
    dim: vectors.dim,
    generation,
    normalization,
    vectors: `${base}.f32`,
    ids: `${base}.ids`,
    writtenAt: new Date().toISOString(),
  };
  writeFileAtomic(join(dir, header.vectors), bytesOf(vectors.data.subarray(0, vectors.count * vectors.dim)));
  writeFileAtomic(join(dir, header.ids), bytesOf(ids));
  writeFileAtomic(headerPath(libraryDir, embedderId), JSON.stringify(header, null, 2) + '\n');
  cleanIndexDir(libraryDir, embedderId, generation);
  return header;
}

/**
 * Reads an embedder's index if its files are complete and of `generation` with `dim` columns;
 * undefined when missing, stale, truncated or unreadable (the caller rebuilds from the database).
 */
export function readIndexFiles(libraryDir: string, embedderId: string, generation: number, dim: number): IndexData | undefined {
  let header: IndexHeader;
  try {
    header = JSON.parse(readFileSync(headerPath(libraryDir, embedderId), 'utf8')) as IndexHeader;
  } catch {
    return undefined;
  }
  if (header.format !== 'sonicprint-index' || header.version !== 1 || header.embedderId !== embedderId) return undefined;
  if (header.generation !== generation || header.dim !== dim || !Number.isInteger(header.count) || header.count < 0) return undefined;
  try {
    const dir = indexDir(libraryDir);
    const vecBytes = readFileSync(join(dir, header.vectors));
    const idBytes = readFileSync(join(dir, header.ids));
    if (vecBytes.byteLength !== header.count * dim * 4 || idBytes.byteLength !== header.count * 4) return undefined;
    return {
      header,
      ids: new Int32Array(aligned(idBytes)),
      vectors: { data: new Float32Array(aligned(vecBytes)), dim, count: header.count },
    };
  } catch {
    return undefined;
  }
}

/** Like readIndexFiles without reading the data: header of `generation` and `dim`, data files of the right sizes. */
export function indexFilesCurrent(libraryDir: string, embedderId: string, generation: number, dim: number): boolean {
  try {
    const header = JSON.parse(readFileSync(headerPath(libraryDir, embedderId), 'utf8')) as IndexHeader;
    if (header.format !== 'sonicprint-index' || header.version !== 1 || header.generation !== generation || header.dim !== dim) return false;
    const dir = indexDir(libraryDir);
    return statSync(join(dir, header.vectors)).size === header.count * dim * 4 && statSync(join(dir, header.ids)).size === header.count * 4;
  } catch {
    return false;
  }
}

/** Removes an embedder's header and data files (when it has no vectors left). */
export function removeIndexFiles(libraryDir: string, embedderId: string): void {
  safeUnlink(headerPath(libraryDir, embedderId));
  cleanIndexDir(libraryDir, embedderId, Infinity);
}

/**
 * Deletes this embedder's data files of generations below `keepFrom`, and temp files left by
 * processes that no longer run (a write killed between open and rename).
 */
export function cleanIndexDir(libraryDir: string, embedderId: string, keepFrom: number): void {
  const dir = indexDir(libraryDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `${embedderId}.`;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const tmp = /\.tmp-(\d+)-[a-z0-9]+$/.exec(rest);
    if (tmp) {
      if (!processAlive(Number(tmp[1]))) safeUnlink(join(dir, name));
      continue;
    }
    const data = /^g(\d+)\.(f32|ids)$/.exec(rest);
    if (data && Number(data[1]) < keepFrom) safeUnlink(join(dir, name));
  }
}

/** Bytes of the index folder. */
export function indexSizeBytes(libraryDir: string): number {
  const dir = indexDir(libraryDir);
  let total = 0;
  try {
    for (const name of readdirSync(dir)) {
      try {
        total += statSync(join(dir, name)).size;
      } catch {
        // removed meanwhile
      }
    }
  } catch {
    return 0;
  }
  return total;
}

function bytesOf(a: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** An ArrayBuffer holding exactly `buf`'s bytes, 4-byte aligned (copies only when it must). */
function aligned(buf: Buffer): ArrayBuffer {
  if (buf.byteOffset === 0 && buf.buffer.byteLength === buf.byteLength) return buf.buffer as ArrayBuffer;
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return copy.buffer;
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
