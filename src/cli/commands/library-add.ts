/** `sonicprint library add <paths...>`: ingest files and folders into a library, in parallel, resumably. */
import { basename } from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { EMBEDDER_MODULE_ENV, embedderModuleUrl } from '../../ingest/embedders.js';
import { ingest, type IngestSummary } from '../../ingest/ingest.js';
import { ARTIST_SOURCES, GENRE_SOURCES, type ArtistSource, type GenreSource } from '../../ingest/metadata.js';
import { defaultWorkers } from '../../ingest/pool.js';
import type { Segment } from '../../embed/embedder.js';
import { ParameterError } from '../../errors.js';
import { json, num } from '../format.js';
import type { CliIo } from '../io.js';
import { positiveNumber } from '../options.js';
import type { Register } from '../program.js';
import { startProgress, type Progress } from '../progress.js';
import { libraryOption, openLibrary } from './library-options.js';

/** Environment variable with the default worker count. */
export const WORKERS_ENV = 'SONICPRINT_WORKERS';

interface AddFlags {
  library?: string;
  embedders?: string[];
  embedderModule?: string;
  artistFrom: ArtistSource;
  genreFrom: GenreSource;
  workers?: number;
  segment?: Segment;
  excerptSeconds?: number;
  json?: boolean;
}

function workerCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number >= 0, got '${value}'`);
  return n;
}

function idList(value: string): string[] {
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new InvalidArgumentError(`expected embedder ids separated by commas, got '${value}'`);
  return ids;
}

export const registerLibraryAdd: Register = (library, io, setExit) => {
  library
    .command('add')
    .summary('add audio files and folders (recursively) to the library')
    .description(
      'Add audio files and folders (recursively, by extension) to the library, creating it if needed. Tracks are identified by the sha256 of their bytes: the same file twice, or a renamed copy, is stored once. Decoding and embedding run in worker threads. Interrupted runs resume: run the same command again. Files that fail are recorded with the reason and skipped; the exit code is 1 if any failed.',
    )
    .argument('<paths...>', 'audio files and folders')
    .addOption(libraryOption())
    .addOption(new Option('--embedders <ids>', 'embedders to compute, comma-separated (default: the default embedder)').argParser(idList))
    .addOption(new Option('--embedder-module <file>', `ES module exporting getEmbedder(id), for plug-in embedders (default: $${EMBEDDER_MODULE_ENV}, else built-in)`))
    .addOption(new Option('--artist-from <source>', 'artist from tags (falling back to the file name), the file name "Title - Artist.ext" (falling back to tags), or the parent folder').choices(ARTIST_SOURCES).default('tags'))
    .addOption(new Option('--genre-from <source>', 'genre from tags, or the parent folder (a folder per genre, as GTZAN)').choices(GENRE_SOURCES).default('tags'))
    .addOption(new Option('--workers <n>', `worker threads for decode + embed, 0 = none (default: $${WORKERS_ENV}, else all ${defaultWorkers()} cores)`).argParser(workerCount))
    .addOption(new Option('--segment <where>', "excerpt analysed (default: the library's setting, else middle)").choices(['start', 'middle', 'full']))
    .addOption(new Option('--excerpt-seconds <s>', "excerpt length (default: the library's setting, else 30)").argParser(positiveNumber))
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  sonicprint library add ~/previews                          # "Title - Artist.mp3" names\n  sonicprint library add --genre-from dir --artist-from filename gtzan/genres\n  sonicprint library add --embedders sonicprint-v1,mfcc-mean --workers 4 music/\n',
    )
    .action(async (paths: string[], flags: AddFlags) => {
      const workersEnv = io.env[WORKERS_ENV];
      let workers = flags.workers;
      if (workers === undefined && workersEnv !== undefined) {
        try {
          workers = workerCount(workersEnv);
        } catch (err) {
          throw new ParameterError(`$${WORKERS_ENV}: ${(err as Error).message}`);
        }
      }
      const moduleSpec = flags.embedderModule ?? io.env[EMBEDDER_MODULE_ENV];
      const lib = openLibrary(flags.library, io, true);
      let bar: Progress | undefined;
      try {
        const summary = await ingest(lib, paths, {
          embedders: flags.embedders,
          embedderModule: moduleSpec ? embedderModuleUrl(moduleSpec, io.cwd) : undefined,
          artistFrom: flags.artistFrom,
          genreFrom: flags.genreFrom,
          workers,
          segment: flags.segment,
          excerptSeconds: flags.excerptSeconds,
          cwd: io.cwd,
          onProgress: (p) => {
            if (!bar) bar = startProgress(io, p.total, { json: Boolean(flags.json), unit: 'files' });
            else bar.tick(p.path ? basename(p.path) : '');
          },
        });
        bar?.stop();
        bar = undefined;
        if (flags.json) io.stdout.write(json(summary));
        else printSummary(io, summary);
        setExit(summary.failed.length > 0 || summary.files === 0 ? 1 : 0);
      } finally {
        bar?.stop();
        lib.close();
      }
    });
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function printSummary(io: CliIo, s: IngestSummary): void {
  if (s.files === 0) {
    io.stderr.write('no audio files found (folders are searched for .mp3, .wav, .flac, .ogg, .opus, .m4a ... files)\n');
    return;
  }
  const parts = [plural(s.added, 'track') + ' added', plural(s.duplicates, 'duplicate') + ' skipped', `${s.unchanged} unchanged`];
  if (s.updated) parts.push(`${s.updated} given new vectors`);
  parts.push(`${s.failed.length} failed`);
  io.stdout.write(`${parts.join(', ')}\n`);
  io.stdout.write(
    `${plural(s.files, 'file')} in ${num(s.seconds, 3)} s (${num(s.filesPerSecond, 3)} files/s, ${s.workers ? plural(s.workers, 'worker') : 'no workers'}); the library at ${s.library} has ${plural(s.tracks, 'track')}\n`,
  );
  if (s.failed.length) {
    io.stderr.write(`\n${s.failed.length} of ${plural(s.files, 'file')} failed:\n`);
    for (const f of s.failed) io.stderr.write(`  [${f.code}] ${f.message}\n`);
  }
}
