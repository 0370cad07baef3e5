/** `sonicprint library reindex`: recompute the normalisation statistics and rewrite the index files. */
import { InvalidArgumentError, Option } from 'commander';
import { json } from '../format.js';
import type { Register } from '../program.js';
import { emptyMessage, libraryOption, openLibrary } from './library-options.js';

export const registerLibraryReindex: Register = (library, io) => {
  library
    .command('reindex')
    .summary('recompute normalisation statistics and rewrite the index files')
    .description(
      "Recompute each embedder's normalisation statistics (the mean vector subtracted before L2 normalisation) from all its current vectors, and rewrite the index files. Run it when `library stats` says the statistics are stale; query scores shift slightly afterwards.",
    )
    .addOption(libraryOption())
    .addOption(
      new Option('--embedders <ids>', 'only these embedders, comma-separated (default: all)').argParser((v: string) => {
        const ids = v.split(',').map((s) => s.trim()).filter(Boolean);
        if (!ids.length) throw new InvalidArgumentError(`expected embedder ids separated by commas, got '${v}'`);
        return ids;
      }),
    )
    .option('--json', 'print { library, embedders: [...] }')
    .action((flags: { library?: string; embedders?: string[]; json?: boolean }) => {
      const lib = openLibrary(flags.library, io);
      try {
        const hasVectors = lib.embedders().some((e) => e.vectors > 0);
        const results = !hasVectors && !flags.embedders ? [] : lib.reindex(flags.embedders);
        if (flags.json) io.stdout.write(json({ library: lib.dir, embedders: results }));
        else if (!results.length) io.stderr.write(emptyMessage(lib));
        else for (const r of results) io.stdout.write(`${r.embedderId}: ${r.vectors} vectors of ${r.dim} values, statistics recomputed, index written (generation ${r.generation})\n`);
      } finally {
        lib.close();
      }
    });
};
