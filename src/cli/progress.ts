/** Progress bars for long work: shown on a TTY stderr only, never with --json or in pipes. */
import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

const SILENT: Progress = { tick: () => {}, stop: () => {} };

/** A bar with count, rate and ETA, or a no-op when the output is not for a person watching. */
export function startProgress(io: CliIo, total: number, opts: { json: boolean; unit: string }): Progress {
  if (opts.json || !io.stderr.isTTY || total < 2) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as NodeJS.WritableStream,
      format: ` {bar} {value}/{total} ${opts.unit} | {rate} ${opts.unit}/s | ETA {eta_formatted} | {label}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;
  bar.start(total, 0, { rate: '0.0', label: '' });
  return {
    tick(label = '') {
      done++;
      const rate = done / Math.max(1e-3, (Date.now() - started) / 1000);
      bar.update(done, { rate: rate.toFixed(1), label });
    },
    stop: () => bar.stop(),
  };
}
