/** `sonicprint eval retrieval`: leave-one-out retrieval quality of fingerprints over a library. */
import { Option, type Command } from 'commander';
import { evaluateLibrary, type EvalLabel, type EvalResult } from '../../analysis/evaluate.js';
import { DEFAULT_EMBEDDER } from '../../embed/registry.js';
import { evalReportHtml } from '../../report/pages.js';
import { json, num, table } from '../format.js';
import type { CliIo } from '../io.js';
import type { Register } from '../program.js';
import { saveHtml } from '../report-output.js';
import { libraryOption, openLibrary } from './library-options.js';

interface EvalFlags {
  library?: string;
  by: EvalLabel;
  embedders?: string;
  html?: string;
  json?: boolean;
}

export const registerEval: Register = (program, io) => {
  const evalCmd: Command = program.command('eval').summary('measure how well fingerprints retrieve same-artist or same-genre tracks');
  evalCmd
    .command('retrieval')
    .description(
      "Leave-one-out over every library track: the nearest other track's label (1-NN accuracy), precision@5 and @10, mean average precision, a confusion matrix, and with --by artist the artist ranking's top-1/top-5 accuracy with each track held out. Compare fingerprints with --embedders (each needs vectors in the library: library add --embedders ...).",
    )
    .addOption(libraryOption())
    .addOption(new Option('--by <label>', 'what counts as a correct match').choices(['artist', 'genre']).default('artist'))
    .option('--embedders <ids>', `fingerprints to evaluate, comma-separated (default ${DEFAULT_EMBEDDER})`)
    .option('--html <file>', 'also write a self-contained HTML report (confusion matrices)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  sonicprint eval retrieval --by genre --embedders sonicprint-v1,mfcc-mean --html eval.html\n')
    .action(async (flags: EvalFlags) => {
      const lib = openLibrary(flags.library, io);
      try {
        const result = evaluateLibrary(lib, { by: flags.by, embedders: flags.embedders?.split(',').map((s) => s.trim()).filter(Boolean) });
        if (flags.html) await saveHtml(io, flags.html, await evalReportHtml(result));
        io.stdout.write(flags.json ? json(result) : evalTable(result));
      } finally {
        lib.close();
      }
    });
};

function evalTable(r: EvalResult): string {
  const artist = r.by === 'artist';
  const head = ['embedder', '1-NN acc', 'chance', 'P@5', 'P@10', 'MAP', ...(artist ? ['artist top-1', 'artist top-5'] : []), 'queries', 'seconds'];
  const rows = r.evaluations.map((e) => {
    const m = e.report.labelings[0];
    const p = (k: number) => num(m.precisionAt.find((x) => x.k === k)?.precision ?? NaN, 3);
    const a = e.report.artistRanking;
    return [e.embedder, num(m.nn1Accuracy, 3), num(m.chance1NN, 3), p(5), p(10), num(m.meanAveragePrecision, 3), ...(artist ? [num(a?.top1, 3), num(a?.top5, 3)] : []), m.queries, num(e.seconds, 3)];
  });
  return `leave-one-out retrieval by ${r.by} over ${r.tracks} tracks\n` + table(head, rows);
}
