/** `sonicprint library stats`: counts, vectors per embedder, normalisation age and staleness, failed files, size on disk. */
import type { LibraryStats } from '../../store/library.js';
import { json, num, table } from '../format.js';
import type { CliIo } from '../io.js';
import type { Register } from '../program.js';
import { emptyMessage, libraryOption, openLibrary } from './library-options.js';

export const registerLibraryStats: Register = (library, io) => {
  library
    .command('stats')
    .summary('counts, vectors per embedder, normalisation staleness, failed files, size on disk')
    .description(
      'Show how many tracks, artists and genres the library holds, how many vectors each embedder has, when the normalisation statistics were computed and whether they are stale (more than 10% of vectors added or removed since; run `library reindex`), the files that failed to ingest, and the size on disk.',
    )
    .addOption(libraryOption())
    .option('--json', 'print the statistics as JSON')
    .action((flags: { library?: string; json?: boolean }) => {
      const lib = openLibrary(flags.library, io);
      try {
        const stats = lib.stats();
        if (flags.json) io.stdout.write(json(stats));
        else {
          printStats(io, stats);
          if (stats.tracks === 0) io.stderr.write(emptyMessage(lib));
        }
      } finally {
        lib.close();
      }
    });
};

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${num(n / 1024, 3)} KiB`;
  if (n < 1024 ** 3) return `${num(n / 1024 ** 2, 3)} MiB`;
  return `${num(n / 1024 ** 3, 3)} GiB`;
}

function age(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 129600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

function printStats(io: CliIo, s: LibraryStats): void {
  const out: string[] = [];
  out.push(`library   ${s.library} (schema v${s.schemaVersion})`);
  out.push(`tracks    ${s.tracks} (${s.artists} artists, ${s.genres} genres; ${s.tracksWithoutArtist} without artist, ${s.tracksWithoutGenre} without genre)`);
  if (s.excerpt) out.push(`excerpt   ${s.excerpt.segment === 'full' ? 'whole track' : `${s.excerpt.segment} ${s.excerpt.seconds} s`}`);
  out.push(`jobs      ${s.jobs.done} done, ${s.jobs.failed} failed, ${s.jobs.pending} pending${s.jobs.pending ? ' (an interrupted or running add: run it again to finish)' : ''}`);
  out.push(`size      ${bytes(s.sizeBytes.total)} (database ${bytes(s.sizeBytes.database)}, index ${bytes(s.sizeBytes.index)})`);
  io.stdout.write(out.join('\n') + '\n');
  if (s.embedders.length) {
    io.stdout.write('\n');
    io.stdout.write(
      table(
        ['embedder', 'dim', 'vectors', 'statistics', 'changed since', 'stale', 'index'],
        s.embedders.map((e) => [
          e.embedderId,
          e.dim,
          e.vectors,
          age(e.normalization.ageSeconds),
          `${num(e.normalization.changedFraction * 100, 3)}%`,
          e.normalization.stale ? 'yes: run library reindex' : 'no',
          e.indexCurrent ? 'current' : 'rebuilt on next use',
        ]),
      ),
    );
  }
  if (s.failures.length) {
    io.stdout.write(`\n${s.failures.length} failed file${s.failures.length === 1 ? '' : 's'}:\n`);
    for (const f of s.failures) io.stdout.write(`  [${f.code}] ${f.message}\n`);
  }
}
