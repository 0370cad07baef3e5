/** Musical key from a chroma profile (Krumhansl-Schmuckler key finding), in Spotify's key/mode convention. */
import { ParameterError } from '../errors.js';

/** Krumhansl & Kessler (1982) probe-tone ratings, tonic first. */
const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

export const PITCH_CLASSES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;

export interface KeyEstimate {
  /** Pitch class of the tonic, 0 = C ... 11 = B (Spotify's `key`). */
  key: number;
  /** 1 = major, 0 = minor (Spotify's `mode`). */
  mode: 0 | 1;
  /** Readable name, e.g. "A minor". */
  name: string;
  /** Pearson correlation of the profile with the best key template, -1..1. */
  confidence: number;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>, shift: number): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < 12; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= 12;
  mb /= 12;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < 12; i++) {
    const x = a[(i + shift) % 12] - ma;
    const y = b[i] - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  // A profile with (numerically) no variation carries no key information.
  return da <= 1e-9 * (ma * ma * 12) || db === 0 ? 0 : num / Math.sqrt(da * db);
}

/**
 * The key whose Krumhansl-Kessler template correlates best with `chroma` (12 values starting at C,
 * e.g. the time-average of chroma_stft). A flat profile (silence, noise) has no key: null.
 */
export function estimateKey(chroma: ArrayLike<number>): KeyEstimate | null {
  if (chroma.length !== 12) throw new ParameterError(`chroma profile must have 12 values, got ${chroma.length}`);
  let best: KeyEstimate | null = null;
  for (let tonic = 0; tonic < 12; tonic++) {
    for (const [mode, profile] of [[1, MAJOR_PROFILE], [0, MINOR_PROFILE]] as const) {
      const r = pearson(chroma, profile, tonic);
      if (r !== 0 && (!best || r > best.confidence)) {
        best = { key: tonic, mode, name: `${PITCH_CLASSES[tonic]} ${mode === 1 ? 'major' : 'minor'}`, confidence: r };
      }
    }
  }
  return best;
}
