/** Renders short deterministic multi-instrument clips from a "style" (tempo, key, instruments, groove). */
import { addDrum, addNote, type DrumSound, type PitchedInstrument } from './instruments.js';
import { seededRandom } from './random.js';

/** What makes one synthetic "artist" sound like itself. */
export interface Style {
  name: string;
  /** Beats per minute. */
  tempo: number;
  /** MIDI note of the tonic (60 = C4). */
  key: number;
  mode: 'major' | 'minor';
  chords: PitchedInstrument;
  bass: PitchedInstrument;
  melody: PitchedInstrument;
  /** 16 steps per bar, one string per drum: 'x' = hit, '.' = rest. Empty = no drums. */
  groove: Partial<Record<DrumSound, string>>;
  /** Genre label the demo and tests attach to clips of this style. */
  genre: string;
}

export interface ClipOptions {
  style: Style;
  /** Same seed, same samples. */
  seed: number;
  /** Seconds. */
  duration: number;
  sr: number;
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];
/** Scale degrees of the chord roots: two common progressions per mode, each returning to the tonic. */
const PROGRESSIONS = { major: [[0, 3, 4, 0], [0, 5, 3, 4]], minor: [[0, 3, 4, 0], [0, 5, 6, 0]] };

/** MIDI note of scale degree `d` (may exceed 7: wraps into higher octaves). */
function degree(style: Style, d: number): number {
  const scale = style.mode === 'major' ? MAJOR : MINOR;
  const octave = Math.floor(d / 7);
  return style.key + 12 * octave + scale[((d % 7) + 7) % 7];
}

/** Renders a mono clip: chords, bass line, a melody and drums, peak-normalised to 0.8. */
export function renderClip(opts: ClipOptions): Float32Array {
  const { style, sr, duration } = opts;
  const random = seededRandom(opts.seed);
  const out = new Float32Array(Math.round(duration * sr));
  const beat = 60 / style.tempo;
  const bar = 4 * beat;
  const progression = PROGRESSIONS[style.mode][Math.floor(random() * 2)];
  const nBars = Math.ceil(duration / bar);
  for (let b = 0; b < nBars; b++) {
    const barStart = b * bar;
    const root = progression[b % progression.length];
    // Chord: triad on the root, held for the bar.
    for (const step of [0, 2, 4]) {
      addNote(out, sr, style.chords, degree(style, root + step), Math.round(barStart * sr), bar * 0.95, 0.18, random);
    }
    // Bass: root on beats 1 and 3, fifth on beat 3 half the time.
    for (const beatIndex of [0, 2]) {
      const note = degree(style, root + (beatIndex === 2 && random() < 0.5 ? 4 : 0)) - 24;
      addNote(out, sr, style.bass, note, Math.round((barStart + beatIndex * beat) * sr), beat * 1.8, 0.35, random);
    }
    // Melody: eighth notes on chord tones (root, third, fifth) with an occasional passing step.
    for (let e = 0; e < 8; e++) {
      if (random() < 0.3) continue;
      const d = root + 7 + [0, 2, 4][Math.floor(random() * 3)] + (random() < 0.2 ? 1 : 0);
      addNote(out, sr, style.melody, degree(style, d), Math.round((barStart + e * beat * 0.5) * sr), beat * 0.45, 0.16, random);
    }
    for (const [sound, pattern] of Object.entries(style.groove) as [DrumSound, string][]) {
      for (let s = 0; s < pattern.length; s++) {
        if (pattern[s] !== 'x') continue;
        const at = Math.round((barStart + (s * bar) / pattern.length) * sr);
        if (at < out.length) addDrum(out, sr, sound, at, sound === 'kick' ? 0.7 : 0.35, random);
      }
    }
  }
  let peak = 0;
  for (let i = 0; i < out.length; i++) peak = Math.max(peak, Math.abs(out[i]));
  if (peak > 0) for (let i = 0; i < out.length; i++) out[i] *= 0.8 / peak;
  return out;
}

/** A few contrasting styles for the demo, tests and benchmarks. */
export const DEMO_STYLES: readonly Style[] = Object.freeze([
  { name: 'Velvet Pianos', tempo: 92, key: 60, mode: 'major', chords: 'piano', bass: 'bass', melody: 'piano', genre: 'soft rock', groove: { kick: 'x.......x.......', snare: '....x.......x...', hihat: 'x.x.x.x.x.x.x.x.' } },
  { name: 'Rust Pluckers', tempo: 128, key: 57, mode: 'minor', chords: 'pluck', bass: 'bass', melody: 'lead', genre: 'country', groove: { kick: 'x...x...x...x...', snare: '....x.......x...', hihat: '..x...x...x...x.' } },
  { name: 'Organ Drift', tempo: 70, key: 62, mode: 'minor', chords: 'organ', bass: 'pad', melody: 'pad', genre: 'ambient', groove: { hihat: '....x.......x...' } },
] satisfies Style[]);
