#!/usr/bin/env node
/** The `sonicprint` binary: real process streams in, exit code out. */
import { processIo } from './io.js';
import { runCli } from './program.js';

// `sonicprint features x.mp3 | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await runCli(process.argv.slice(2), processIo());
