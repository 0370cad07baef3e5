/** Options and helpers shared by the `library` subcommands. */
import { resolve } from 'node:path';
import { Option } from 'commander';
import { Library } from '../../store/library.js';
import type { CliIo } from '../io.js';

/** Environment variable with the library folder (below --library, above the default). */
export const LIBRARY_ENV = 'SONICPRINT_LIBRARY';
/** Library folder when neither --library nor $SONICPRINT_LIBRARY says: relative to the working directory. */
export const DEFAULT_LIBRARY_DIR = './sonicprint-library';

/** The --library option every library subcommand takes. */
export function libraryOption(): Option {
  return new Option('--library <dir>', `library folder (default: $${LIBRARY_ENV}, else ${DEFAULT_LIBRARY_DIR})`);
}

/** Flags > environment > default, resolved against the CLI's working directory. */
export function resolveLibraryDir(flag: string | undefined, io: CliIo): string {
  return resolve(io.cwd, flag ?? io.env[LIBRARY_ENV] ?? DEFAULT_LIBRARY_DIR);
}

/** Opens the library for a command (never creates one, except for `add`). */
export function openLibrary(flag: string | undefined, io: CliIo, create = false): Library {
  return Library.open(resolveLibraryDir(flag, io), { create });
}

/** The message an empty library gets, with the command that fills it. */
export function emptyMessage(lib: Library): string {
  return `the library at ${lib.dir} is empty: add music with \`sonicprint library add --library ${lib.dir} <music folder>\`\n`;
}
