/** Bounded best-k selection (score descending, lower row first on ties) in typed arrays, shared by every search path. */
import { ParameterError } from '../errors.js';
import { checkInt } from './validate.js';

// A bounded min-heap per query, stored in slices of shared typed arrays. The root is the *worst*
// kept match: lowest score, and among equal scores the highest row, so that a later row with the
// same score never evicts an earlier one (rows arrive in increasing order).

function worse(hs: Float32Array, hr: Int32Array, a: number, b: number): boolean {
  return hs[a] < hs[b] || (hs[a] === hs[b] && hr[a] > hr[b]);
}

function swap(hs: Float32Array, hr: Int32Array, a: number, b: number): void {
  const s = hs[a];
  hs[a] = hs[b];
  hs[b] = s;
  const r = hr[a];
  hr[a] = hr[b];
  hr[b] = r;
}

/** Appends (s, r) to the heap of `size` items at `base` and restores the heap order. */
export function heapPush(hs: Float32Array, hr: Int32Array, base: number, size: number, s: number, r: number): void {
  let i = size;
  hs[base + i] = s;
  hr[base + i] = r;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!worse(hs, hr, base + i, base + p)) break;
    swap(hs, hr, base + i, base + p);
    i = p;
  }
}

function siftDown(hs: Float32Array, hr: Int32Array, base: number, size: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    let w = l;
    if (l + 1 < size && worse(hs, hr, base + l + 1, base + l)) w = l + 1;
    if (!worse(hs, hr, base + w, base + i)) return;
    swap(hs, hr, base + i, base + w);
    i = w;
  }
}

/** Replaces the root (the worst kept match) by (s, r). */
export function heapReplaceRoot(hs: Float32Array, hr: Int32Array, base: number, size: number, s: number, r: number): void {
  hs[base] = s;
  hr[base] = r;
  siftDown(hs, hr, base, size);
}

/** Sorts a full heap in place into best-first order (score desc, row asc) by repeatedly moving the worst to the end. */
export function heapSortBestFirst(hs: Float32Array, hr: Int32Array, base: number, size: number): void {
  for (let n = size; n > 1; n--) {
    swap(hs, hr, base, base + n - 1);
    siftDown(hs, hr, base, n - 1);
  }
}

/**
 * Offers candidates `scores[from .. from + n)` (library rows `row0 .. row0 + n`) to the heap at
 * `base`, skipping `exclude` and rows not in `allowed`; returns the new heap size.
 */
export function offerScores(
  hs: Float32Array,
  hr: Int32Array,
  base: number,
  size: number,
  k: number,
  scores: Float32Array,
  from: number,
  n: number,
  row0: number,
  exclude: number,
  allowed?: Uint8Array,
): number {
  let j = 0;
  // Fill phase: the heap takes everything until it holds k.
  for (; j < n && size < k; j++) {
    const r = row0 + j;
    if (r === exclude || (allowed && allowed[r] === 0)) continue;
    heapPush(hs, hr, base, size++, scores[from + j], r);
  }
  if (j >= n) return size;
  // Steady phase: one comparison per row against the current k-th best (later rows lose ties).
  let threshold = hs[base];
  for (; j < n; j++) {
    const s = scores[from + j];
    if (s > threshold) {
      const r = row0 + j;
      if (r === exclude || (allowed && allowed[r] === 0)) continue;
      heapReplaceRoot(hs, hr, base, k, s, r);
      threshold = hs[base];
    }
  }
  return size;
}


/** How many matches each query can get, after exclusions; throws when none. */
export function cappedK(k: number, n: number, nq: number, excludeRows?: ArrayLike<number>, allowedRows?: Uint8Array): number {
  checkInt(k, 'k', 1);
  if (excludeRows && excludeRows.length !== nq) {
    throw new ParameterError(`excludeRows: has ${excludeRows.length} entries, expected one per query (${nq})`);
  }
  if (allowedRows && allowedRows.length !== n) {
    throw new ParameterError(`allowedRows: has ${allowedRows.length} entries, but the index has ${n} rows`);
  }
  // Rows each query can return: the allowed rows minus its excluded one.
  let allowedCount = n;
  if (allowedRows) {
    allowedCount = 0;
    for (let r = 0; r < n; r++) if (allowedRows[r] !== 0) allowedCount++;
  }
  let available = allowedCount;
  if (excludeRows) {
    for (let i = 0; i < nq; i++) {
      const e = excludeRows[i];
      if (Number.isInteger(e) && e >= 0 && e < n && (!allowedRows || allowedRows[e] !== 0)) {
        available = allowedCount - 1;
        break;
      }
    }
  }
  if (available < 1) throw new ParameterError('index: no rows left to search after excludeRows/allowedRows');
  return Math.min(k, available);
}

/**
 * Like {@link offerScores}, but candidate j is library row `rows[rowFrom + j]`; the rows must be
 * increasing so that the tie rule (lower row first) still holds.
 */
export function offerRows(
  hs: Float32Array,
  hr: Int32Array,
  base: number,
  size: number,
  k: number,
  scores: Float32Array,
  from: number,
  n: number,
  rows: Int32Array,
  rowFrom: number,
): number {
  for (let j = 0; j < n; j++) {
    const s = scores[from + j];
    if (size < k) heapPush(hs, hr, base, size++, s, rows[rowFrom + j]);
    else if (s > hs[base]) heapReplaceRoot(hs, hr, base, k, s, rows[rowFrom + j]);
  }
  return size;
}
