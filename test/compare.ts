/** Array comparison helpers for parity tests: they return the figures so failures print them. */

export interface Deviation {
  /** Largest |a - b|. */
  maxAbs: number;
  /** Largest |a - b| / max(|b|, floor). */
  maxRel: number;
  /** Index of the largest relative deviation. */
  worstIndex: number;
  /** Count of elements beyond both tolerances (when given). */
  failures: number;
}

/** Deviation of `actual` from `expected`; an element fails when it is beyond both `rtol` (relative) and `atol` (absolute). */
export function deviation(actual: ArrayLike<number>, expected: ArrayLike<number>, opts: { rtol?: number; atol?: number; relFloor?: number } = {}): Deviation {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != expected ${expected.length}`);
  const rtol = opts.rtol ?? Infinity;
  const atol = opts.atol ?? Infinity;
  const floor = opts.relFloor ?? 1e-12;
  let maxAbs = 0;
  let maxRel = 0;
  let worstIndex = -1;
  let failures = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    const r = d / Math.max(Math.abs(expected[i]), floor);
    if (!(d <= maxAbs)) maxAbs = d;
    if (!(r <= maxRel)) {
      maxRel = r;
      worstIndex = i;
    }
    if (!(d <= atol) && !(r <= rtol)) failures++;
  }
  return { maxAbs, maxRel, worstIndex, failures };
}
