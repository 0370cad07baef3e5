/** Synthetic instruments: each adds one note or hit into a buffer at a given sample offset. */
import type { Random } from './random.js';

export type PitchedInstrument = 'piano' | 'pluck' | 'organ' | 'pad' | 'bass' | 'lead';
export type DrumSound = 'kick' | 'snare' | 'hihat';

/** Frequency (Hz) of a MIDI note number, A4 = 69 = 440 Hz. */
export function midiToHz(note: number): number {
  return 440 * Math.pow(2, (note - 69) / 12);
}

interface Voice {
  /** Amplitude of harmonic h (1-based). */
  harmonics: number[];
  attack: number;
  /** Exponential decay time constant in seconds (Infinity = sustained until release). */
  decay: number;
  release: number;
  /** Extra decay per harmonic: upper partials die faster, as on struck strings. */
  brightDecay: number;
  vibrato: number;
}

const VOICES: Record<Exclude<PitchedInstrument, 'pluck'>, Voice> = {
  piano: { harmonics: [1, 0.6, 0.35, 0.25, 0.15, 0.1, 0.06, 0.04], attack: 0.004, decay: 0.9, release: 0.08, brightDecay: 0.35, vibrato: 0 },
  organ: { harmonics: [1, 0.8, 0.0, 0.5, 0.0, 0.3, 0.0, 0.25], attack: 0.02, decay: Infinity, release: 0.05, brightDecay: 0, vibrato: 0 },
  pad: { harmonics: [1, 0.5, 0.33, 0.25, 0.2, 0.16], attack: 0.25, decay: Infinity, release: 0.3, brightDecay: 0, vibrato: 0.004 },
  bass: { harmonics: [1, 0.5, 0.3, 0.15], attack: 0.008, decay: 0.6, release: 0.05, brightDecay: 0.2, vibrato: 0 },
  lead: { harmonics: [1, 0.0, 0.33, 0.0, 0.2, 0.0, 0.14, 0.0, 0.11], attack: 0.03, decay: Infinity, release: 0.06, brightDecay: 0, vibrato: 0.006 },
};

/** Adds a pitched note of `duration` seconds starting at sample `start`. */
export function addNote(out: Float32Array, sr: number, instrument: PitchedInstrument, midi: number, start: number, duration: number, gain: number, random: Random): void {
  if (instrument === 'pluck') return addPluck(out, sr, midi, start, duration, gain, random);
  const v = VOICES[instrument];
  const f0 = midiToHz(midi);
  const held = Math.round(duration * sr);
  const total = Math.min(held + Math.round(v.release * sr), out.length - start);
  const phase0 = random() * 2 * Math.PI;
  for (let h = 1; h <= v.harmonics.length; h++) {
    const a = v.harmonics[h - 1] * gain;
    const f = f0 * h;
    if (a === 0 || f >= sr / 2) continue;
    const tau = v.decay === Infinity ? Infinity : v.decay / (1 + v.brightDecay * (h - 1));
    const w = (2 * Math.PI * f) / sr;
    for (let i = 0; i < total; i++) {
      const t = i / sr;
      let env = Math.min(1, t / v.attack);
      if (tau !== Infinity) env *= Math.exp(-t / tau);
      if (i > held) env *= Math.max(0, 1 - (i - held) / (v.release * sr));
      // Vibrato as phase modulation: frequency f (1 + depth sin(2π 5.5 t)).
      const vib = v.vibrato === 0 ? 0 : ((f * v.vibrato) / 5.5) * (1 - Math.cos(2 * Math.PI * 5.5 * t));
      out[start + i] += a * env * Math.sin(w * i + phase0 * h + vib);
    }
  }
}

/** Karplus-Strong plucked string: a noise burst circulating in a damped delay line. */
function addPluck(out: Float32Array, sr: number, midi: number, start: number, duration: number, gain: number, random: Random): void {
  const period = Math.max(2, Math.round(sr / midiToHz(midi)));
  const line = new Float32Array(period);
  for (let i = 0; i < period; i++) line[i] = random() * 2 - 1;
  const total = Math.min(Math.round((duration + 0.1) * sr), out.length - start);
  let idx = 0;
  for (let i = 0; i < total; i++) {
    const next = (idx + 1) % period;
    const v = line[idx];
    line[idx] = 0.996 * 0.5 * (v + line[next]);
    const fade = i > duration * sr ? Math.max(0, 1 - (i - duration * sr) / (0.1 * sr)) : 1;
    out[start + i] += gain * v * fade;
    idx = next;
  }
}

/** Adds a drum hit at sample `start`. */
export function addDrum(out: Float32Array, sr: number, sound: DrumSound, start: number, gain: number, random: Random): void {
  const len = Math.min(Math.round((sound === 'hihat' ? 0.05 : sound === 'snare' ? 0.18 : 0.3) * sr), out.length - start);
  let lp = 0;
  for (let i = 0; i < len; i++) {
    const t = i / sr;
    let s: number;
    if (sound === 'kick') {
      // Pitch sweeps 120 -> 45 Hz: the "thump".
      const f = 45 + 75 * Math.exp(-t / 0.03);
      s = Math.sin(2 * Math.PI * f * t) * Math.exp(-t / 0.12);
    } else if (sound === 'snare') {
      const noise = random() * 2 - 1;
      s = 0.7 * noise * Math.exp(-t / 0.05) + 0.4 * Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t / 0.04);
    } else {
      const noise = random() * 2 - 1;
      lp = 0.6 * lp + 0.4 * noise;
      s = (noise - lp) * Math.exp(-t / 0.012); // high-passed noise
    }
    out[start + i] += gain * s;
  }
}
