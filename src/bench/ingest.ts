/** Ingest benchmark: tracks per second when adding generated 30-s MP3 clips to a fresh library, by worker count. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMp3 } from '../audio/encode.js';
import { ingest } from '../ingest/ingest.js';
import { defaultWorkers } from '../ingest/pool.js';
import { Library } from '../store/library.js';
import { DEMO_STYLES, renderClip } from '../synth/song.js';

export interface IngestBenchCase {
  workers: number;
  tracks: number;
  seconds: number;
  tracksPerSecond: number;
  /** tracksPerSecond / max(1, workers). */
  perCore: number;
}

export interface IngestBenchResult {
  clip: string;
  embedders: string[];
  cases: IngestBenchCase[];
}

/**
 * Renders `count` 30-s clips (the demo styles, 44.1 kHz stereo, MP3 128 kbit/s: a streaming preview),
 * then ingests them into a new library once per worker count. Each run starts from scratch.
 */
export async function runIngestBenchmark(opts: { count?: number; workers?: number[]; embedders?: string[] } = {}): Promise<IngestBenchResult> {
  const count = opts.count ?? 40;
  const embedders = opts.embedders ?? ['sonicprint-v1'];
  const workerCounts = opts.workers ?? [...new Set([1, defaultWorkers()])];
  const dir = await mkdtemp(join(tmpdir(), 'sonicprint-ingest-bench-'));
  try {
    const clips = join(dir, 'clips');
    await mkdir(clips);
    for (let i = 0; i < count; i++) {
      const style = DEMO_STYLES[i % DEMO_STYLES.length];
      const y = renderClip({ style, seed: 7000 + i, duration: 30, sr: 44100 });
      await writeFile(join(clips, `Song ${i} - ${style.name}.mp3`), await encodeMp3({ channels: [y, y], sampleRate: 44100 }, { bitrate: 128 }));
    }
    const cases: IngestBenchCase[] = [];
    for (const workers of workerCounts) {
      const libDir = join(dir, `lib-${workers}`);
      const library = Library.open(libDir, { create: true });
      try {
        const s = await ingest(library, [clips], { embedders, workers, artistFrom: 'filename' });
        cases.push({ workers, tracks: s.added, seconds: s.seconds, tracksPerSecond: s.filesPerSecond, perCore: s.filesPerSecond / Math.max(1, workers) });
      } finally {
        library.close();
      }
    }
    return { clip: '30 s, 44.1 kHz stereo MP3 at 128 kbit/s (middle 30 s analysed: the whole clip)', embedders, cases };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
