/** Decode + embed one file: the pure, CPU-bound step that worker threads run (no database here). */
import { load } from '../audio/load.js';
import { probeFile, type AudioTags } from '../audio/probe.js';
import { resample } from '../audio/resample.js';
import { excerptSpan, type Embedder, type ExcerptOptions } from '../embed/embedder.js';
import { SonicprintError } from '../errors.js';
import { LibraryError } from '../store/errors.js';

/** What one file turned into. Plain data plus typed arrays: it crosses thread boundaries by structured clone. */
export interface AnalyzedFile {
  path: string;
  format: string;
  codec: string;
  channels: number;
  /** The file's own sample rate (Hz). */
  sampleRate: number;
  /** Seconds, the whole file (from its headers); null when unknown. */
  duration: number | null;
  sizeBytes: number;
  tags: AudioTags;
  /** The excerpt analysed, seconds from the start, and its decoded length in seconds. */
  excerptOffset: number;
  excerptDuration: number;
  /** Raw vectors by embedder id. */
  vectors: Record<string, Float32Array>;
  /** Largest absolute sample of the excerpt: 0 for digital silence (nothing to match or fingerprint). */
  peak: number;
  /** Decoder warnings (e.g. a truncated last frame). */
  warnings: string[];
}

/**
 * Probes `path` for its duration and tags, decodes the excerpt `excerpt` asks for (by default the
 * middle 30 s, like a streaming preview) once at the file's own rate, resamples it to each
 * embedder's rate and embeds it. Decode errors keep their codes (E_UNKNOWN_FORMAT, E_CORRUPT...);
 * an embedder that throws or returns a vector of the wrong length or with NaN/Inf is E_EMBED_FAILED.
 */
export async function analyzeFile(path: string, embedders: readonly Embedder[], excerpt: ExcerptOptions): Promise<AnalyzedFile> {
  const info = await probeFile(path);
  const span = excerptSpan(info.duration ?? NaN, excerpt);
  const native = await load(path, { sr: null, offset: span.offset, duration: span.duration });
  const vectors: Record<string, Float32Array> = {};
  const byRate = new Map<number, Float32Array>();
  for (const e of embedders) {
    let y = byRate.get(e.sampleRate);
    if (!y) {
      y = e.sampleRate === native.sr ? native.y : resample(native.y, { origSr: native.sr, targetSr: e.sampleRate });
      byRate.set(e.sampleRate, y);
    }
    vectors[e.id] = embedChecked(e, y, path);
  }
  return {
    path,
    format: info.format,
    codec: info.codec,
    channels: info.channels,
    sampleRate: info.sampleRate,
    duration: info.duration ?? null,
    sizeBytes: info.sizeBytes,
    tags: info.tags,
    excerptOffset: span.offset,
    excerptDuration: native.y.length / native.sr,
    vectors,
    peak: peakOf(native.y),
    warnings: native.warnings,
  };
}

function peakOf(y: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < y.length; i++) {
    const a = Math.abs(y[i]);
    if (a > peak) peak = a;
  }
  return peak;
}

function embedChecked(e: Embedder, y: Float32Array, path: string): Float32Array {
  let v: Float32Array;
  try {
    v = e.embed(y);
  } catch (err) {
    if (err instanceof SonicprintError && err.code !== 'E_INVALID_PARAMETER') throw err;
    throw new LibraryError('E_EMBED_FAILED', `${path}: embedder '${e.id}' failed: ${(err as Error).message}`, { input: path, cause: err });
  }
  if (!(v instanceof Float32Array) || v.length !== e.dim) {
    throw new LibraryError('E_EMBED_FAILED', `${path}: embedder '${e.id}' returned ${v?.length ?? 'no'} values, expected ${e.dim}`, { input: path });
  }
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new LibraryError('E_EMBED_FAILED', `${path}: embedder '${e.id}' returned a non-finite value at dimension ${i}`, { input: path });
  }
  // A copy: embedders may reuse their output buffer, and a view would drag its whole buffer across threads.
  return v.slice();
}
