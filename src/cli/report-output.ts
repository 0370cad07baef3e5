/** Writing a command's HTML report (--html FILE) and telling the user where it went. */
import { resolve } from 'node:path';
import { writeReport } from '../report/html.js';
import type { CliIo } from './io.js';

/** Writes `html` atomically to `file` (relative to the CLI's working directory) and names it on stderr. */
export async function saveHtml(io: CliIo, file: string, html: string): Promise<string> {
  const path = resolve(io.cwd, file);
  await writeReport(path, html);
  io.stderr.write(`report written to ${path}\n`);
  return path;
}
