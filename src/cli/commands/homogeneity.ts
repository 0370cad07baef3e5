/** `sonicprint homogeneity <inputs...|--artist NAME>`: how alike an artist's songs are, against every library artist. */
import { Option } from 'commander';
import { analyzeHomogeneity, type HomogeneityResult } from '../../analysis/homogeneity.js';
import { DEFAULT_EMBEDDER } from '../../embed/registry.js';
import { HOMOGENEITY_DEFAULTS } from '../../search/homogeneity.js';
import { homogeneityReportHtml } from '../../report/pages.js';
import { json, num, table } from '../format.js';
import type { CliIo } from '../io.js';
import { positiveInteger } from '../options.js';
import type { Register } from '../program.js';
import { saveHtml } from '../report-output.js';
import { libraryOption, openLibrary } from './library-options.js';

interface HomogeneityFlags {
  library?: string;
  artist?: string;
  embedder: string;
  minTracks: number;
  workers?: number;
  html?: string;
  json?: boolean;
}

export const registerHomogeneity: Register = (program, io, setExit) => {
  program
    .command('homogeneity')
    .summary("how alike an artist's songs are to each other, ranked among all library artists")
    .description(
      "The intra-artist cosine similarity matrix of a set of songs (files, folders, track ids, or a library artist's tracks), its mean, median, standard deviation, minimum and maximum, the most and least similar pairs, and where this catalogue sits among every library artist with at least --min-tracks tracks, from most varied to most uniform.",
    )
    .argument('[inputs...]', 'audio files, folders or library track ids (or use --artist)')
    .addOption(libraryOption())
    .option('--artist <name>', 'a library artist instead of files')
    .addOption(new Option('--embedder <id>', 'fingerprint to compare').default(DEFAULT_EMBEDDER))
    .addOption(new Option('--min-tracks <n>', 'library artists with fewer tracks are not ranked').argParser(positiveInteger).default(HOMOGENEITY_DEFAULTS.minTracks))
    .addOption(new Option('--workers <n>', 'worker threads for fingerprinting files').argParser(positiveInteger))
    .option('--html <file>', 'also write a self-contained HTML report (heatmap and ranking)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  sonicprint homogeneity --artist "Breaking Rust" --html rust.html\n  sonicprint homogeneity previews/aventhis/\n')
    .action(async (inputs: string[], flags: HomogeneityFlags) => {
      const lib = openLibrary(flags.library, io);
      try {
        const result = await analyzeHomogeneity(lib, inputs, { embedder: flags.embedder, artist: flags.artist, minTracks: flags.minTracks, workers: flags.workers, cwd: io.cwd });
        if (flags.html) await saveHtml(io, flags.html, await homogeneityReportHtml(result));
        if (flags.json) io.stdout.write(json(result));
        else printHomogeneity(io, result);
        setExit(result.failures.length > 0 ? 1 : 0);
      } finally {
        lib.close();
      }
    });
};

function printHomogeneity(io: CliIo, r: HomogeneityResult): void {
  for (const w of r.warnings) io.stderr.write(`warning: ${w}\n`);
  const s = r.stats;
  io.stdout.write(`${r.subject}: ${s.n} songs, ${s.pairCount} pairs\n`);
  io.stdout.write(table(['mean', 'median', 'std', 'min', 'max'], [[num(s.mean, 3), num(s.median, 3), num(s.std, 3), num(s.min, 3), num(s.max, 3)]]));
  io.stdout.write(`most similar:  ${r.mostSimilar.a}  ~  ${r.mostSimilar.b}  (${num(r.mostSimilar.similarity, 3)})\n`);
  io.stdout.write(`least similar: ${r.leastSimilar.a}  ~  ${r.leastSimilar.b}  (${num(r.leastSimilar.similarity, 3)})\n`);
  if (r.placement) {
    io.stdout.write(
      `\nrank ${r.placement.rank} of ${r.placement.of + 1} library artists (>= ${r.minTracks} tracks) from most varied to most uniform: more uniform than ${num(r.placement.percentile, 3)}% of them\n`,
    );
  }
  if (r.ranking.length) {
    const show = r.ranking.length <= 12 ? r.ranking : [...r.ranking.slice(0, 5), ...r.ranking.slice(-5)];
    io.stdout.write(table(['rank', 'artist', 'mean', 'std', 'tracks'], show.map((a) => [a.rank, a.artist, num(a.mean, 3), num(a.std, 3), a.n])));
  }
  if (r.failures.length) {
    io.stderr.write(`\n${r.failures.length} input${r.failures.length === 1 ? '' : 's'} failed:\n`);
    for (const f of r.failures) io.stderr.write(`  [${f.code}] ${f.message}\n`);
  }
}
