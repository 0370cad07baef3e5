/** `sonicprint library ls`: the library's tracks (id, artist, title, genre, duration, path), filtered by artist or genre. */
import type { Track } from '../../store/library.js';
import { duration, json, table } from '../format.js';
import type { Register } from '../program.js';
import { emptyMessage, libraryOption, openLibrary } from './library-options.js';

interface LsFlags {
  library?: string;
  artist?: string;
  genre?: string;
  json?: boolean;
}

export const registerLibraryLs: Register = (library, io) => {
  library
    .command('ls')
    .summary('list tracks (id, artist, title, genre, duration, path)')
    .description('List the tracks of the library in id order. --artist and --genre match case-insensitively.')
    .addOption(libraryOption())
    .option('--artist <name>', 'only tracks by this artist')
    .option('--genre <name>', 'only tracks of this genre')
    .option('--json', 'print { library, count, tracks: [...] }')
    .addHelpText('after', '\nExamples:\n  sonicprint library ls --genre jazz\n  sonicprint library ls --json | jq \'.tracks[] | select(.duration > 60)\'\n')
    .action((flags: LsFlags) => {
      const lib = openLibrary(flags.library, io);
      try {
        const tracks = lib.tracks({ artist: flags.artist, genre: flags.genre });
        if (flags.json) {
          io.stdout.write(json({ library: lib.dir, count: tracks.length, tracks }));
          return;
        }
        if (tracks.length > 0) io.stdout.write(trackTable(tracks));
        else if (lib.trackCount() === 0) io.stderr.write(emptyMessage(lib));
        else io.stderr.write(`no tracks match${flags.artist !== undefined ? ` --artist '${flags.artist}'` : ''}${flags.genre !== undefined ? ` --genre '${flags.genre}'` : ''}\n`);
      } finally {
        lib.close();
      }
    });
};

function trackTable(tracks: Track[]): string {
  return table(
    ['id', 'artist', 'title', 'genre', 'duration', 'path'],
    tracks.map((t) => [t.id, t.artist ?? '-', t.title, t.genre ?? '-', t.duration === null ? '-' : duration(t.duration), t.path]),
  );
}
