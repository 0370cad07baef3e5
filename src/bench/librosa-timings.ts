/** Reads librosa's reference timings (test/fixtures/librosa/timings.md, measured on this machine kind). */
import { readFileSync } from 'node:fs';

/** Median wall time (ms) per case label, exactly as the table in timings.md names them. */
export function readLibrosaTimings(path: string): Map<string, number> {
  const out = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | case | wall median | wall min-max | cpu | first call |
    if (cells.length >= 6 && /^[\d.]+$/.test(cells[2])) out.set(cells[1], Number(cells[2]));
  }
  return out;
}
