/** Per-row string labels (artist, genre) turned into dense integer ids once, so the hot loops compare numbers. */
import { checkPerRow } from './validate.js';

/** A label of one library row; null, undefined and '' mean "unknown" and never match anything. */
export type RowLabel = string | null | undefined;

/** The metadata the library layer keeps per index row; each function reads the fields it needs. */
export interface RowLabels {
  artist?: ArrayLike<RowLabel>;
  genre?: ArrayLike<RowLabel>;
  trackId?: ArrayLike<RowLabel>;
  title?: ArrayLike<RowLabel>;
}

export interface EncodedLabels {
  /** ids[r]: index into `names` of row r's label, −1 when unknown. */
  ids: Int32Array;
  /** Distinct labels in code-point order (stable across locales). */
  names: string[];
  /** counts[id]: rows carrying label id. */
  counts: Int32Array;
}

/** Code-point order: the same on every machine, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encodes one label per row (length `count`) as ids into the sorted list of distinct labels. */
export function encodeLabels(labels: ArrayLike<RowLabel>, name: string, count: number): EncodedLabels {
  checkPerRow(labels, name, count);
  const distinct = new Set<string>();
  for (let r = 0; r < count; r++) {
    const l = labels[r];
    if (l) distinct.add(l);
  }
  const names = [...distinct].sort(compareStrings);
  const lookup = new Map(names.map((n, i) => [n, i]));
  const ids = new Int32Array(count);
  const counts = new Int32Array(names.length);
  for (let r = 0; r < count; r++) {
    const l = labels[r];
    const id = l ? (lookup.get(l) as number) : -1;
    ids[r] = id;
    if (id >= 0) counts[id]++;
  }
  return { ids, names, counts };
}

/** Optional per-row display fields (track id, title) of `row`, omitted when absent. */
export function rowDetails(labels: RowLabels | undefined, row: number): { trackId?: string; title?: string } {
  const out: { trackId?: string; title?: string } = {};
  const id = labels?.trackId?.[row];
  const title = labels?.title?.[row];
  if (id) out.trackId = id;
  if (title) out.title = title;
  return out;
}
