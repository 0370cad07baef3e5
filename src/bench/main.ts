/**
 * `npm run bench [-- --only audio,ingest,search,retrieval] [--json] [--sizes 100000,1000000]`:
 * speed of the audio core against librosa, ingest throughput, exact search against a nested-loop
 * baseline, and retrieval quality on real music (when the development corpus exists).
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { num, table } from '../cli/format.js';
import { formatAudioBenchmark, runAudioBenchmark } from './audio.js';
import { runIngestBenchmark, type IngestBenchResult } from './ingest.js';
import { runRetrievalBenchmark, type RetrievalBenchResult } from './retrieval.js';
import { runSearchBenchmark, type SearchBenchResult } from './search.js';

const SECTIONS = ['audio', 'ingest', 'search', 'retrieval'] as const;
type Section = (typeof SECTIONS)[number];

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The real-music corpus made by scripts/make-dev-corpus.sh. */
const CORPUS = process.env.SONICPRINT_CORPUS ?? '/tmp/sonicprint-corpus';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function formatIngest(r: IngestBenchResult): string {
  return (
    `\ningest: ${r.cases[0]?.tracks ?? 0} clips (${r.clip}), embedders ${r.embedders.join(', ')}\n\n` +
    table(['workers', 'tracks', 'seconds', 'tracks/s', 'tracks/s per worker'], r.cases.map((c) => [c.workers, c.tracks, num(c.seconds, 3), num(c.tracksPerSecond, 3), num(c.perCore, 3)]))
  );
}

function formatSearch(r: SearchBenchResult): string {
  const rows = r.cases.map((c) => [
    c.n.toLocaleString('en'),
    c.k,
    c.queries,
    c.method,
    num(c.medianMs, 3),
    num(c.msPerQuery, 3),
    num(c.baselineMs, 4),
    `${c.speedup.toFixed(1)}x`,
    num(c.overlapWithBaseline, 3),
  ]);
  const mem = r.memory.map((m) => [m.n.toLocaleString('en'), `${(m.matrixBytes / 2 ** 20).toFixed(0)} MiB`, `${(m.flatExtraBytes / 2 ** 20).toFixed(0)} MiB`, `${(m.rssBytes / 2 ** 20).toFixed(0)} MiB`, `${(m.maxRssBytes / 2 ** 20).toFixed(0)} MiB`]);
  return (
    `\nexact top-k search over random ${r.dim}-d unit vectors (kernel: ${r.kernel}, median of ${r.runs}); baseline = nested loops + full sort, same run\n\n` +
    table(['vectors', 'k', 'queries', 'method', 'ms', 'ms/query', 'baseline ms', 'speedup', 'same top-k'], rows) +
    '\nmemory\n' +
    table(['vectors', 'float32 matrix', 'int8 prefilter', 'RSS', 'peak RSS'], mem)
  );
}

function formatRetrieval(r: RetrievalBenchResult): string {
  const line = (by: string, e: RetrievalBenchResult['byArtist']) =>
    e.evaluations.map((x) => {
      const m = x.report.labelings[0];
      const p = (k: number) => num(m.precisionAt.find((q) => q.k === k)?.precision ?? NaN, 3);
      const a = x.report.artistRanking;
      return [by, x.embedder, m.queries, num(m.nn1Accuracy, 3), num(m.chance1NN, 3), p(5), p(10), num(m.meanAveragePrecision, 3), a ? num(a.top1, 3) : '-', a ? num(a.top5, 3) : '-'];
    });
  return (
    `\nretrieval quality on ${r.corpus}: ${r.ingest.files} files (${r.ingest.added} newly added, ${r.ingest.failed.length} failed), ${r.artists} artists with >= 3 tracks, ${r.genres} genres (soundtracks)\n\n` +
    table(['by', 'embedder', 'queries', '1-NN acc', 'chance', 'P@5', 'P@10', 'MAP', 'artist top-1', 'artist top-5'], [...line('artist', r.byArtist), ...line('genre', r.byGenre)])
  );
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const only = (argValue('--only')?.split(',') ?? [...SECTIONS]) as Section[];
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section '${s}' (known: ${SECTIONS.join(', ')})`);
  const log = (s: string) => (json ? undefined : process.stderr.write(s));
  const out: Record<string, unknown> = {};
  const print = (text: string) => (json ? undefined : process.stdout.write(text));

  if (only.includes('audio')) {
    const r = await runAudioBenchmark(log);
    out.audio = r;
    print(formatAudioBenchmark(r));
  }
  if (only.includes('ingest')) {
    log('\ningest: rendering and encoding 40 clips...\n');
    const r = await runIngestBenchmark();
    out.ingest = r;
    print(formatIngest(r));
  }
  if (only.includes('search')) {
    const sizes = argValue('--sizes')?.split(',').map(Number);
    log(`\nsearch: ${sizes?.join(', ') ?? '100000, 1000000'} random vectors (1M needs ~2.6 GB and a few minutes)...\n`);
    const r = await runSearchBenchmark(sizes ? { sizes } : {});
    out.search = r;
    print(formatSearch(r));
  }
  if (only.includes('retrieval')) {
    log(`\nretrieval: library of ${CORPUS} (built once into bench-out/, resumed later)...\n`);
    const r = await runRetrievalBenchmark(CORPUS, join(repoRoot, 'bench-out', 'corpus-library'));
    out.retrieval = r;
    if (r) print(formatRetrieval(r));
    else print(`\nretrieval quality skipped: no corpus at ${CORPUS} (make it with scripts/make-dev-corpus.sh, or set SONICPRINT_CORPUS)\n`);
  }
  if (json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

await main();
