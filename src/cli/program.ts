/** Builds the `sonicprint` command tree and runs it without ever calling process.exit (tests call this directly). */
import { Command, CommanderError } from 'commander';
import type { CliIo } from './io.js';
import { registerFeatures } from './commands/features.js';
import { registerInfo } from './commands/info.js';
import { registerDemo } from './commands/demo.js';
import { registerLibrary } from './commands/library.js';
import { registerMatch } from './commands/match.js';
import { registerHomogeneity } from './commands/homogeneity.js';
import { registerEval } from './commands/eval.js';
import { VERSION } from '../version.js';

/** A command registers itself on the program and reports its exit code through `setExit`. */
export type Register = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

const COMMANDS: Register[] = [registerDemo, registerInfo, registerFeatures, registerLibrary, registerMatch, registerHomogeneity, registerEval];

/** Runs the CLI on `argv` (without node and script) and resolves to the exit code: 0 ok, 1 some input failed, 2 usage error. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('sonicprint')
    .description(
      'Listen to music the way streaming platforms do. Decodes WAV, MP3, FLAC, Ogg Vorbis and Opus in-process (AAC/M4A through ffmpeg) and computes librosa-compatible features: mel spectrograms, MFCC, chroma, spectral shape, rhythm.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const register of COMMANDS) register(program, io, (code) => (exitCode = Math.max(exitCode, code)));
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version arrive here with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`sonicprint: ${message}\n`);
    return 1;
  }
  return exitCode;
}
