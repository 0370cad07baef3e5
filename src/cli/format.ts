/** Text formatting shared by commands: tables, numbers, durations. */
import Table from 'cli-table3';

/** A borderless table: aligned columns that stay readable when piped into a file. */
export function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({
    head,
    style: { head: [], border: [], compact: true },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString() + '\n';
}

/** Numbers with ~4 significant digits, without exponent noise for ordinary magnitudes. */
export function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

/** Seconds as m:ss.s (or h:mm:ss for long files). */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = s.toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss.padStart(4, '0')}` : `${m}:${ss}`;
}

/** JSON for --json: one document, two-space indent, trailing newline. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
