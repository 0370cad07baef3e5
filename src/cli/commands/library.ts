/** `sonicprint library <add|ls|stats|rm|reindex>`: build and maintain a reference library (one folder: SQLite + index files). */
import type { Command } from 'commander';
import type { Register } from '../program.js';
import { registerLibraryAdd } from './library-add.js';
import { registerLibraryLs } from './library-ls.js';
import { DEFAULT_LIBRARY_DIR, LIBRARY_ENV } from './library-options.js';
import { registerLibraryRm } from './library-rm.js';
import { registerLibraryReindex } from './library-reindex.js';
import { registerLibraryStats } from './library-stats.js';

export const registerLibrary: Register = (program, io, setExit) => {
  const library: Command = program
    .command('library')
    .summary('build and maintain a reference library of human music (add, ls, stats, rm, reindex)')
    .description(
      `A reference library is one folder: a SQLite database (tracks, raw embeddings of one or more embedders, job state) plus normalised vector index files. No server needed. The folder comes from --library, else $${LIBRARY_ENV}, else ${DEFAULT_LIBRARY_DIR}.`,
    )
    .addHelpText('after', '\nExamples:\n  sonicprint library add --genre-from dir ~/gtzan/genres\n  sonicprint library ls --artist "Velvet Pianos"\n  sonicprint library stats --json\n');
  registerLibraryAdd(library, io, setExit);
  registerLibraryLs(library, io, setExit);
  registerLibraryStats(library, io, setExit);
  registerLibraryRm(library, io, setExit);
  registerLibraryReindex(library, io, setExit);
};
