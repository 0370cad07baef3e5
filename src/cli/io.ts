/** Where a CLI run writes: real process streams in the binary, string buffers in tests. */

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** True when stdout is a terminal: tables and colours instead of plain lines. */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stdout.isTTY), env: process.env, cwd: process.cwd() };
}

/** An in-memory CliIo for tests: read `out()` and `err()` afterwards. */
export function bufferIo(opts: { isTTY?: boolean; env?: Record<string, string | undefined>; cwd?: string } = {}): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t), isTTY: false },
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
