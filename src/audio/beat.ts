/** Dynamic-programming beat tracker after Ellis (2007), as librosa.beat.beat_track does it in librosa 0.11. */
import { ParameterError } from '../errors.js';
import { BEAT_DEFAULTS, LOAD_DEFAULTS, STFT_DEFAULTS } from './defaults.js';
import { onsetStrength } from './onset.js';
import { tempo as estimateTempo, type OnsetEnvelope } from './tempo.js';

export type BeatUnits = 'frames' | 'samples' | 'time';

export interface BeatTrackOptions {
  /** Signal, used only when `onsetEnvelope` is absent (onset strength with median aggregation). */
  y?: Float32Array;
  /** Precomputed onset strength envelope, one value per frame. */
  onsetEnvelope?: OnsetEnvelope;
  sr?: number;
  hopLength?: number;
  /** Centre of the tempo estimator's prior, BPM (default 120). */
  startBpm?: number;
  /** Weight of the tempo-consistency penalty, > 0 (default 100). */
  tightness?: number;
  /** Drop leading/trailing beats whose local score is below half the RMS of the smoothed beat scores. */
  trim?: boolean;
  /** Use this tempo (BPM > 0) instead of estimating it. */
  bpm?: number;
  /** Log-density over BPM for the tempo estimator (see {@link estimateTempo}); replaces the log-normal prior. */
  prior?: (bpm: number) => number;
  /** Units of sparse beats: frame indices (default), sample indices (frame · hop) or seconds (frame · hop / sr). */
  units?: BeatUnits;
  /** true (default): beat positions; false: one 0/1 flag per frame. */
  sparse?: boolean;
}

export interface BeatTrackResult<B extends Int32Array | Float64Array | Uint8Array = Int32Array> {
  /** Global tempo in BPM (on the autocorrelation lag grid unless `bpm` was given); 0 when the envelope is all zero. */
  tempo: number;
  beats: B;
}

/**
 * librosa.beat.beat_track: onset envelope (median-aggregated {@link onsetStrength} when given audio) →
 * global tempo ({@link estimateTempo}) → {@link trackBeats}. An all-zero envelope gives tempo 0 and no beats.
 */
export function beatTrack(opts: BeatTrackOptions & { sparse: false }): BeatTrackResult<Uint8Array>;
export function beatTrack(opts: BeatTrackOptions & { units: 'time'; sparse?: true }): BeatTrackResult<Float64Array>;
export function beatTrack(opts: BeatTrackOptions & { units?: 'frames' | 'samples'; sparse?: true }): BeatTrackResult<Int32Array>;
export function beatTrack(opts: BeatTrackOptions): BeatTrackResult<Int32Array | Float64Array | Uint8Array>;
export function beatTrack(opts: BeatTrackOptions): BeatTrackResult<Int32Array | Float64Array | Uint8Array> {
  const sr = opts.sr ?? LOAD_DEFAULTS.sr;
  const hopLength = opts.hopLength ?? STFT_DEFAULTS.hopLength;
  const units = opts.units ?? BEAT_DEFAULTS.units;
  const sparse = opts.sparse ?? BEAT_DEFAULTS.sparse;
  if (!(sr > 0)) throw new ParameterError(`sr must be > 0, got ${sr}`);
  if (!Number.isInteger(hopLength) || hopLength < 1) throw new ParameterError(`hop_length must be a positive integer, got ${hopLength}`);
  if (units !== 'frames' && units !== 'samples' && units !== 'time') {
    throw new ParameterError(`units must be 'frames', 'samples' or 'time'; got '${String(units)}'`);
  }
  let envelope = opts.onsetEnvelope;
  if (!envelope) {
    if (!opts.y) throw new ParameterError('give either y (audio samples) or onsetEnvelope');
    envelope = onsetStrength({ y: opts.y, sr, hopLength, aggregate: BEAT_DEFAULTS.onsetAggregate });
  }

  if (!hasNonZero(envelope)) {
    return { tempo: 0, beats: sparse ? new Int32Array(0) : new Uint8Array(envelope.length) };
  }
  const bpm =
    opts.bpm ?? estimateTempo({ onsetEnvelope: envelope, sr, hopLength, startBpm: opts.startBpm ?? BEAT_DEFAULTS.startBpm, prior: opts.prior });
  const dense = trackBeats(envelope, bpm, {
    frameRate: sr / hopLength,
    tightness: opts.tightness ?? BEAT_DEFAULTS.tightness,
    trim: opts.trim ?? BEAT_DEFAULTS.trim,
  });
  if (!sparse) return { tempo: bpm, beats: dense };

  let count = 0;
  for (let t = 0; t < dense.length; t++) count += dense[t];
  const frames = new Int32Array(count);
  for (let t = 0, j = 0; t < dense.length; t++) if (dense[t]) frames[j++] = t;
  if (units === 'frames') return { tempo: bpm, beats: frames };
  if (units === 'samples') return { tempo: bpm, beats: frames.map((f) => f * hopLength) };
  // librosa.frames_to_time: frames · hop / sr.
  return { tempo: bpm, beats: Float64Array.from(frames, (f) => (f * hopLength) / sr) };
}

function hasNonZero(v: OnsetEnvelope): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return true;
  return false;
}

export interface TrackBeatsOptions {
  /** Onset frames per second, sr / hop_length. */
  frameRate: number;
  tightness?: number;
  trim?: boolean;
}

/**
 * librosa.beat.__beat_tracker: beats (one 0/1 flag per frame) along `envelope` for a tempo `bpm`,
 * constant or one value per frame (librosa 0.11's time-varying tempo).
 *
 * With p = round(frameRate · 60 / bpm) frames per beat:
 * 1. localscore = (envelope / std(envelope, ddof 1)) ⊛ exp(-½ (32 d / p)²), d ∈ [-p, p];
 * 2. cumscore[i] = localscore[i] + max_{loc ∈ [i - 2p, i - round(p/2)]} cumscore[loc] - tightness · (ln((i - loc) / p))²,
 *    remembering the best predecessor; frames before the first localscore >= 1% of its maximum start no chain;
 * 3. the last beat is the last local maximum of cumscore at or above half the median of its local maxima;
 *    backtrack from there;
 * 4. with `trim`, clear beats in the leading and trailing runs of frames whose localscore is at most
 *    ½ · RMS of the beat localscores smoothed by a 5-point Hann window (without `trim`, runs of zeros).
 */
export function trackBeats(envelope: OnsetEnvelope, bpm: number | Float64Array, opts: TrackBeatsOptions): Uint8Array {
  const n = envelope.length;
  const tightness = opts.tightness ?? BEAT_DEFAULTS.tightness;
  const trim = opts.trim ?? BEAT_DEFAULTS.trim;
  if (!(opts.frameRate > 0)) throw new ParameterError(`frame rate (sr / hop_length) must be > 0, got ${opts.frameRate}`);
  if (!(tightness > 0)) throw new ParameterError(`tightness must be strictly positive, got ${tightness}`);
  const varying = typeof bpm !== 'number';
  if (varying && bpm.length !== 1 && bpm.length !== n) {
    throw new ParameterError(`bpm has ${bpm.length} values but the onset envelope has ${n} frames; give one value or one per frame`);
  }
  const bpmAt = varying ? (bpm.length === 1 ? () => bpm[0] : (i: number) => bpm[i]) : () => bpm;
  const framesPerBeat = new Float64Array(varying && bpm.length === n ? n : 1);
  for (let i = 0; i < framesPerBeat.length; i++) {
    const b = bpmAt(i);
    if (!(b > 0)) throw new ParameterError(`bpm must be strictly positive, got ${b}${framesPerBeat.length > 1 ? ` at frame ${i}` : ''}`);
    framesPerBeat[i] = roundHalfEven((opts.frameRate * 60) / b);
    if (!(framesPerBeat[i] >= 1)) throw new ParameterError(`bpm=${b} is too fast for frame rate ${opts.frameRate}: less than one frame per beat`);
  }
  const out = new Uint8Array(n);
  if (n === 0) return out;

  const localscore = beatLocalScore(normalizeOnsets(envelope), framesPerBeat);
  const { backlink, cumscore } = beatTrackDp(localscore, framesPerBeat, tightness);
  for (let i = lastBeat(cumscore); i >= 0; i = backlink[i]) out[i] = 1;
  trimBeats(localscore, out, trim);
  return out;
}

/** numpy.round / Python round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Envelope / (its sample standard deviation + float32 tiny): librosa's "AGC" step.
 * A float32 envelope gives float32 quotients in numpy, so they are rounded the same way here.
 */
function normalizeOnsets(env: OnsetEnvelope): Float64Array {
  const n = env.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += env[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (env[i] - mean) * (env[i] - mean);
  const out = new Float64Array(n);
  if (env instanceof Float32Array) {
    const norm = Math.fround(Math.fround(Math.sqrt(ss / (n - 1))) + 1.1754943508222875e-38);
    for (let i = 0; i < n; i++) out[i] = Math.fround(env[i] / norm);
  } else {
    const norm = Math.sqrt(ss / (n - 1)) + 2.2250738585072014e-308;
    for (let i = 0; i < n; i++) out[i] = env[i] / norm;
  }
  return out;
}

/**
 * Same-mode convolution with the Gaussian exp(-½ (32 d / p)²), d ∈ [-p, p] (p per frame when the tempo varies).
 * librosa's loop bound skips envelope frame 0 in every sum; kept here so results match bit for bit
 * (frame 0 of a centred onset envelope is always a padding zero anyway).
 */
function beatLocalScore(env: Float64Array, framesPerBeat: Float64Array): Float64Array {
  const n = env.length;
  const out = new Float64Array(n);
  let window = new Float64Array(0);
  let windowFor = -1;
  for (let i = 0; i < n; i++) {
    const p = framesPerBeat.length === 1 ? framesPerBeat[0] : framesPerBeat[i];
    if (p !== windowFor) {
      window = new Float64Array(2 * p + 1);
      for (let k = 0; k <= 2 * p; k++) {
        const z = ((k - p) * 32) / p;
        window[k] = Math.exp(-0.5 * z * z);
      }
      windowFor = p;
    }
    // out[i] = Σ_k window[k] · env[i + p - k], over k with 1 <= i + p - k < n.
    const kLo = Math.max(0, i + p - n + 1);
    const kHi = Math.min(i + p, 2 * p + 1);
    let acc = 0;
    for (let k = kLo; k < kHi; k++) acc += window[k] * env[i + p - k];
    out[i] = acc;
  }
  return out;
}

/** The forward pass of the dynamic program: best predecessor and cumulative score of every frame. */
function beatTrackDp(localscore: Float64Array, framesPerBeat: Float64Array, tightness: number): { backlink: Int32Array; cumscore: Float64Array } {
  const n = localscore.length;
  const backlink = new Int32Array(n);
  const cumscore = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (localscore[i] > max) max = localscore[i];
  const scoreThresh = 0.01 * max;

  // The penalty depends only on the interval when the tempo is constant: tabulate it.
  const p0 = framesPerBeat[0];
  const penalty = new Float64Array(2 * p0 + 1);
  const logP0 = Math.log(p0);
  for (let d = 1; d <= 2 * p0; d++) {
    const z = Math.log(d) - logP0;
    penalty[d] = tightness * z * z;
  }
  const varying = framesPerBeat.length > 1;

  let firstBeat = true;
  for (let i = 0; i < n; i++) {
    const p = varying ? framesPerBeat[i] : p0;
    const logP = varying ? Math.log(p) : logP0;
    let bestScore = -Infinity;
    let beatLocation = -1;
    // Candidates from the nearest (i - round(p/2)) back to i - 2p; ties keep the nearest.
    const near = i - roundHalfEven(p / 2);
    const far = i - 2 * p;
    for (let loc = near; loc >= far && loc >= 0; loc--) {
      let pen: number;
      if (varying) {
        const z = Math.log(i - loc) - logP;
        pen = tightness * z * z;
      } else {
        pen = penalty[i - loc];
      }
      const score = cumscore[loc] - pen;
      if (score > bestScore) {
        bestScore = score;
        beatLocation = loc;
      }
    }
    cumscore[i] = beatLocation >= 0 ? localscore[i] + bestScore : localscore[i];
    // Until the onset strength first gets going, frames start no chain.
    if (firstBeat && localscore[i] < scoreThresh) backlink[i] = -1;
    else {
      backlink[i] = beatLocation;
      firstBeat = false;
    }
  }
  return { backlink, cumscore };
}

/**
 * The last beat: scanning back from the end, the first local maximum of cumscore (util.localmax: greater
 * than its left neighbour, at least its right one; frame 0 never counts) whose score is at least half the
 * median over all local maxima. The final frame when there is none.
 */
function lastBeat(cumscore: Float64Array): number {
  const n = cumscore.length;
  const isMax = (i: number): boolean => i > 0 && cumscore[i] > cumscore[i - 1] && (i === n - 1 || cumscore[i] >= cumscore[i + 1]);
  const peaks: number[] = [];
  for (let i = 1; i < n; i++) if (isMax(i)) peaks.push(cumscore[i]);
  if (peaks.length === 0) return n - 1;
  peaks.sort((a, b) => a - b);
  const h = peaks.length >> 1;
  const median = peaks.length % 2 === 1 ? peaks[h] : (peaks[h - 1] + peaks[h]) / 2;
  const threshold = 0.5 * median;
  for (let i = n - 1; i >= 0; i--) if (isMax(i) && cumscore[i] >= threshold) return i;
  return n - 1;
}

/**
 * librosa.beat.__trim_beats. The smoothed beat envelope is librosa's
 * np.convolve(localscore[beats], hann(5))[2 : n_frames + 2]: with fewer beats than frames that slice runs to
 * the end of the full convolution, so its mean of squares includes two tail values; reproduced as is.
 */
function trimBeats(localscore: Float64Array, beats: Uint8Array, trim: boolean): void {
  const n = localscore.length;
  let threshold = 0;
  if (trim) {
    const scores: number[] = [];
    for (let i = 0; i < n; i++) if (beats[i]) scores.push(localscore[i]);
    const nb = scores.length;
    const w = [0, 0.5, 1, 0.5, 0];
    const end = Math.min(n + 2, nb + 4);
    let ss = 0;
    for (let j = 2; j < end; j++) {
      let c = 0;
      for (let k = 0; k < 5; k++) {
        const b = j - k;
        if (b >= 0 && b < nb) c += w[k] * scores[b];
      }
      ss += c * c;
    }
    threshold = 0.5 * Math.sqrt(ss / (end - 2));
  }
  for (let i = 0; i < n && localscore[i] <= threshold; i++) beats[i] = 0;
  for (let i = n - 1; i >= 0 && localscore[i] <= threshold; i--) beats[i] = 0;
}
