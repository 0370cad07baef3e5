/** Runs a command over many inputs: every item is attempted, failures are collected and summarised. */
import { asSonicprintError, type SonicprintError } from '../errors.js';
import type { CliIo } from './io.js';
import { startProgress } from './progress.js';

export interface BatchOutcome<T> {
  results: { input: string; value: T }[];
  failures: { input: string; error: SonicprintError }[];
}

/** Processes inputs one after another (each job is CPU-bound), reporting progress on a TTY. */
export async function runBatch<T>(io: CliIo, inputs: string[], json: boolean, job: (input: string) => Promise<T>): Promise<BatchOutcome<T>> {
  const outcome: BatchOutcome<T> = { results: [], failures: [] };
  const progress = startProgress(io, inputs.length, { json, unit: 'files' });
  for (const input of inputs) {
    try {
      outcome.results.push({ input, value: await job(input) });
    } catch (err) {
      outcome.failures.push({ input, error: asSonicprintError(err, input) });
    }
    progress.tick(input);
  }
  progress.stop();
  return outcome;
}

/**
 * Human summary on stderr ("2 of 3 files failed: ..."), unless the failures already went out as JSON.
 * Returns the exit code: 1 if anything failed.
 */
export function reportFailures(io: CliIo, outcome: BatchOutcome<unknown>, json: boolean, noun = 'files'): number {
  if (outcome.failures.length === 0) return 0;
  if (json) return 1;
  const total = outcome.failures.length + outcome.results.length;
  io.stderr.write(`\n${outcome.failures.length} of ${total} ${noun} failed:\n`);
  for (const f of outcome.failures) io.stderr.write(`  [${f.error.code}] ${f.error.message}\n`);
  return 1;
}
