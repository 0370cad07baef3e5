/** `sonicprint library rm`: remove tracks by id or artist (rows, vectors and job records), updating the index files. */
import { InvalidArgumentError } from 'commander';
import { json } from '../format.js';
import type { Register } from '../program.js';
import { libraryOption, openLibrary } from './library-options.js';

interface RmFlags {
  library?: string;
  artist?: string;
  json?: boolean;
}

function trackId(value: string, previous: number[] = []): number[] {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a track id (a whole number > 0), got '${value}'`);
  return [...previous, n];
}

export const registerLibraryRm: Register = (library, io, setExit) => {
  library
    .command('rm')
    .summary('remove tracks by id or by artist')
    .description('Remove tracks (by id, as `library ls` shows them, and/or every track of --artist) with their vectors and job records, and rewrite the index files. Adding the same files again later re-adds them.')
    .argument('[ids...]', 'track ids', trackId)
    .addOption(libraryOption())
    .option('--artist <name>', 'remove every track by this artist (case-insensitive)')
    .option('--json', 'print { library, removed: [...], notFound: [...] }')
    .action(function (this: import('commander').Command, ids: number[] | undefined, flags: RmFlags) {
      if ((!ids || ids.length === 0) && flags.artist === undefined) this.error('error: give track ids or --artist <name>', { exitCode: 2 });
      const lib = openLibrary(flags.library, io);
      try {
        const wanted = [...(ids ?? [])];
        if (flags.artist !== undefined) wanted.push(...lib.tracks({ artist: flags.artist }).map((t) => t.id));
        const result = lib.remove(wanted);
        const noArtist = flags.artist !== undefined && !result.removed.length && !(ids ?? []).length;
        if (flags.json) io.stdout.write(json({ library: lib.dir, ...result }));
        else {
          io.stdout.write(`removed ${result.removed.length} track${result.removed.length === 1 ? '' : 's'}${result.removed.length ? ':' : ''}\n`);
          for (const t of result.removed) io.stdout.write(`  ${t.id}  ${t.artist ?? '-'} - ${t.title}\n`);
          for (const id of result.notFound) io.stderr.write(`no track with id ${id}\n`);
          if (noArtist) io.stderr.write(`no tracks by artist '${flags.artist}'\n`);
        }
        setExit(result.notFound.length > 0 || noArtist ? 1 : 0);
      } finally {
        lib.close();
      }
    });
};
