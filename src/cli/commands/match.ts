/** `sonicprint match <inputs...>`: the library tracks, artists and genre that query songs sound like. */
import { Option } from 'commander';
import { match, MATCH_DEFAULTS, type MatchResult } from '../../analysis/match.js';
import { DEFAULT_EMBEDDER } from '../../embed/registry.js';
import { ARTIST_RANKING_DEFAULTS } from '../../search/artists.js';
import { matchReportHtml } from '../../report/pages.js';
import { json, num, table } from '../format.js';
import type { CliIo } from '../io.js';
import { nonNegativeNumber, positiveInteger } from '../options.js';
import type { Register } from '../program.js';
import { saveHtml } from '../report-output.js';
import { libraryOption, openLibrary } from './library-options.js';

interface MatchFlags {
  library?: string;
  embedder: string;
  k: number;
  artists?: boolean;
  topN: number;
  topM: number;
  minTracks: number;
  baseWeight: number;
  consistencyWeight: number;
  genre?: string;
  workers?: number;
  html?: string;
  json?: boolean;
}

export const registerMatch: Register = (program, io, setExit) => {
  const A = ARTIST_RANKING_DEFAULTS;
  program
    .command('match')
    .summary('the library tracks (and artists, and genre) query songs sound like')
    .description(
      'Fingerprint query songs and find the most similar library tracks by cosine similarity (exact search). Queries are audio files, folders (searched recursively) or library track ids. With --artists, rank library artists over the whole group of queries as in the Velvet Sundown study: per query the top N neighbours, per artist the mean of its top M similarities, averaged over the queries it appears in, times (base + consistency weight x share of queries matched). With --genre, map the group to the nearest library genre centroid (or a named genre) and keep the top k within it.',
    )
    .argument('<inputs...>', 'audio files, folders, or library track ids (e.g. 42 or track:42)')
    .addOption(libraryOption())
    .addOption(new Option('--embedder <id>', 'fingerprint to search with').default(DEFAULT_EMBEDDER))
    .addOption(new Option('-k, --k <n>', 'matches per query').argParser(positiveInteger).default(MATCH_DEFAULTS.k))
    .option('--artists', 'rank library artists over all queries')
    .addOption(new Option('--top-n <n>', 'neighbours per query for the artist ranking').argParser(positiveInteger).default(A.topN))
    .addOption(new Option('--top-m <n>', "an artist's best similarities averaged per query").argParser(positiveInteger).default(A.topM))
    .addOption(new Option('--min-tracks <n>', 'artists with fewer library tracks are not ranked').argParser(positiveInteger).default(A.minTracks))
    .addOption(new Option('--base-weight <w>', 'weight of similarity in the final score').argParser(nonNegativeNumber).default(A.baseWeight))
    .addOption(new Option('--consistency-weight <w>', 'weight of consistency across queries').argParser(nonNegativeNumber).default(A.consistencyWeight))
    .addOption(new Option('--genre <name>', "'auto' (nearest genre centroid) or a library genre: keep the top k within it"))
    .addOption(new Option('--workers <n>', 'worker threads for fingerprinting the queries').argParser(positiveInteger))
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  sonicprint match song.mp3\n  sonicprint match --artists --html velvet.html previews/velvet-sundown/\n  sonicprint match --genre auto -k 10 suno-track.wav\n  sonicprint match --json 42          # library track 42 against the rest\n',
    )
    .action(async (inputs: string[], flags: MatchFlags) => {
      const lib = openLibrary(flags.library, io);
      try {
        const result = await match(lib, inputs, {
          embedder: flags.embedder,
          k: flags.k,
          genre: flags.genre,
          workers: flags.workers,
          cwd: io.cwd,
          artists: flags.artists
            ? { topN: flags.topN, topM: flags.topM, minTracks: flags.minTracks, baseWeight: flags.baseWeight, consistencyWeight: flags.consistencyWeight }
            : undefined,
        });
        if (flags.html) await saveHtml(io, flags.html, await matchReportHtml(result));
        if (flags.json) io.stdout.write(json(result));
        else printMatch(io, result);
        setExit(result.failures.length > 0 || result.queries.length === 0 ? 1 : 0);
      } finally {
        lib.close();
      }
    });
};

function printMatch(io: CliIo, r: MatchResult): void {
  for (const w of r.warnings) io.stderr.write(`warning: ${w}\n`);
  if (r.genre) {
    io.stdout.write(`genre: ${r.genre.genre} (cosine ${num(r.genre.similarity, 3)} to its centroid${r.genre.mode === 'named' ? ', chosen by name' : ', nearest of ' + r.genre.ranking.length})\n\n`);
  }
  for (const { query, matches } of r.queries) {
    io.stdout.write(`${query.label}${query.title ? ` (${query.title}${query.artist ? ' — ' + query.artist : ''})` : ''}\n`);
    io.stdout.write(table(['#', 'cosine', 'artist', 'title', 'genre', 'track'], matches.map((m) => [m.rank, num(m.score, 3), m.artist ?? '', m.title, m.genre ?? '', m.trackId])));
    io.stdout.write('\n');
  }
  if (r.artists) {
    io.stdout.write(`artists over ${r.queries.length} queries (top ${r.artists.neighbours} neighbours each, ${r.artists.eligibleArtists} artists with >= ${r.artists.params.minTracks} tracks):\n`);
    io.stdout.write(
      table(
        ['#', 'artist', 'final', 'mean', 'consistency', 'queries', 'best match'],
        r.artists.ranking.slice(0, 20).map((a) => [a.rank, a.artist, num(a.finalScore, 3), num(a.meanScore, 3), num(a.consistency, 3), `${a.matchedQueries}/${a.queryCount}`, a.bestTracks[0] ? `${a.bestTracks[0].title} (${num(a.bestTracks[0].score, 3)})` : '']),
      ),
    );
  }
  if (r.failures.length) {
    io.stderr.write(`\n${r.failures.length} input${r.failures.length === 1 ? '' : 's'} failed:\n`);
    for (const f of r.failures) io.stderr.write(`  [${f.code}] ${f.message}\n`);
  }
}
