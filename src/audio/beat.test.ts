import { describe, expect, it } from 'vitest';
import { beatTrack, trackBeats } from './beat.js';
import { HAS_SHARED_MUSIC, readFixtureSignal, readReference, readSharedAudio, readSharedReference, SIGNALS } from '../../test/librosa-fixtures.js';

const SR = 22050;
const HOP = 512;
const FRAME_RATE = SR / HOP;
const bpmOfLag = (lag: number): number => (60 * FRAME_RATE) / lag;

/** Unit impulses every 20 frames from frame 10 (129.2 BPM at 22050 Hz, hop 512). */
function impulseTrain(n = 300): Float32Array {
  const env = new Float32Array(n);
  for (let t = 10; t < n; t += 20) env[t] = 1;
  return env;
}
const every20 = (from: number, to: number): number[] => Array.from({ length: (to - from) / 20 + 1 }, (_, i) => from + 20 * i);

/** Beats of `expected` that have a detection within ±1 frame. */
function matchedWithinOne(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < actual.length; j++) {
      if (Math.abs(actual[j] - expected[i]) <= 1) {
        hits++;
        break;
      }
    }
  }
  return hits;
}

describe('beatTrack on a known onset envelope', () => {
  it('follows an impulse train at its own tempo; trimming drops the weak warm-up beat', () => {
    const { tempo, beats } = beatTrack({ onsetEnvelope: impulseTrain(), sr: SR, hopLength: HOP });
    expect(tempo).toBe(bpmOfLag(20));
    expect(beats).toBeInstanceOf(Int32Array);
    expect(Array.from(beats)).toEqual(every20(30, 290));
  });

  it('without trim keeps the chain start (frame 9: the DP start rule, as in librosa)', () => {
    // Frame 10 can only link back to frame 0 at a heavy penalty, so the chain begins at frame 9,
    // the first frame whose local score passes 1% of the maximum.
    const { beats } = beatTrack({ onsetEnvelope: impulseTrain(), trim: false });
    expect(Array.from(beats)).toEqual([9, ...every20(30, 290)]);
  });

  it('trimming removes weak leading and trailing beats', () => {
    const env = impulseTrain();
    env[290] = 0.2;
    expect(Array.from(beatTrack({ onsetEnvelope: env }).beats)).toEqual(every20(30, 270));
    expect(Array.from(beatTrack({ onsetEnvelope: env, trim: false }).beats)).toEqual([9, ...every20(30, 290)]);
  });

  it('converts units: samples = frame · hop, time = frame · hop / sr; dense flags when not sparse', () => {
    const env = impulseTrain();
    const frames = beatTrack({ onsetEnvelope: env }).beats;
    const samples = beatTrack({ onsetEnvelope: env, units: 'samples' }).beats;
    const times = beatTrack({ onsetEnvelope: env, units: 'time' }).beats;
    expect(Array.from(samples)).toEqual(Array.from(frames, (f) => f * HOP));
    expect(times).toBeInstanceOf(Float64Array);
    times.forEach((s, i) => expect(s).toBeCloseTo((frames[i] * HOP) / SR, 12));
    const dense = beatTrack({ onsetEnvelope: env, sparse: false }).beats;
    expect(dense).toBeInstanceOf(Uint8Array);
    expect(dense.length).toBe(env.length);
    expect(Array.from(dense.keys()).filter((t) => dense[t])).toEqual(Array.from(frames));
  });

  it('uses a given bpm instead of estimating one', () => {
    const res = beatTrack({ onsetEnvelope: impulseTrain(), bpm: 64.6 });
    expect(res.tempo).toBe(64.6);
    // At half the tempo every other impulse is a beat.
    const diffs = Array.from(res.beats.slice(1), (b, i) => b - res.beats[i]);
    expect(diffs.every((d) => d === 40)).toBe(true);
  });

  it('an all-zero envelope gives tempo 0 and no beats', () => {
    expect(beatTrack({ onsetEnvelope: new Float32Array(100) })).toEqual({ tempo: 0, beats: new Int32Array(0) });
    const dense = beatTrack({ onsetEnvelope: new Float32Array(100), sparse: false });
    expect(dense.beats).toEqual(new Uint8Array(100));
  });

  it('trackBeats takes a per-frame tempo; a constant one equals the scalar', () => {
    const env = impulseTrain();
    const scalar = trackBeats(env, bpmOfLag(20), { frameRate: FRAME_RATE });
    const varying = trackBeats(env, new Float64Array(env.length).fill(bpmOfLag(20)), { frameRate: FRAME_RATE });
    expect(varying).toEqual(scalar);
    expect(trackBeats(env, new Float64Array([bpmOfLag(20)]), { frameRate: FRAME_RATE })).toEqual(scalar);
  });
});

describe('beatTrack parity with librosa.beat.beat_track (22.05 kHz)', () => {
  for (const signal of SIGNALS) {
    const expectedTempo = readReference(signal, 'beat_tempo_sr22050').data[0];
    const expectedBeats = readReference(signal, 'beat_frames_sr22050').data;

    it(`${signal}: exact beats and tempo from librosa's own onset envelope`, () => {
      const env = Float32Array.from(readReference(signal, 'onset_strength_median_sr22050').data);
      const { tempo, beats } = beatTrack({ onsetEnvelope: env, sr: SR, hopLength: HOP });
      expect(Array.from(beats)).toEqual(expectedBeats);
      expect(tempo).toBeCloseTo(expectedTempo, 2);
    });

    // End to end from audio. Task tolerance: tempo within 2%, >= 90% of beats within ±1 frame.
    it(`${signal}: from audio, ${expectedTempo} BPM and ${expectedBeats.length} beats`, () => {
      const { tempo, beats } = beatTrack({ y: readFixtureSignal(signal, 22050), sr: SR });
      if (expectedTempo === 0) expect(tempo).toBe(0);
      else expect(Math.abs(tempo - expectedTempo) / expectedTempo).toBeLessThan(0.02);
      const hits = matchedWithinOne(beats, expectedBeats);
      expect(hits).toBeGreaterThanOrEqual(Math.ceil(0.9 * expectedBeats.length));
      expect(beats.length).toBeLessThanOrEqual(Math.ceil(expectedBeats.length / 0.9));
    });
  }
});

// GPL-licensed real music: read from ../shared only, never copied into the repository.
describe.runIf(HAS_SHARED_MUSIC)('beatTrack on real music (music_battle_epic, 30 s)', () => {
  it('107.67 BPM and 49 beats, within the task tolerance (2%, 90% within ±1 frame)', async () => {
    const ref = (key: string) => readSharedReference(key).data;
    const expectedTempo = ref('beat_tempo_sr22050')[0];
    const expectedBeats = ref('beat_frames_sr22050');
    const { tempo, beats } = beatTrack({ y: await readSharedAudio('music_battle_epic.sr22050.f32.wav'), sr: SR });
    expect(Math.abs(tempo - expectedTempo) / expectedTempo).toBeLessThan(0.02);
    expect(matchedWithinOne(beats, expectedBeats)).toBeGreaterThanOrEqual(Math.ceil(0.9 * expectedBeats.length));
    expect(beats.length).toBeLessThanOrEqual(Math.ceil(expectedBeats.length / 0.9));
  });
});

describe('beatTrack parameter errors', () => {
  const env = impulseTrain();
  it('rejects bad parameters with a message naming them and the value', () => {
    expect(() => beatTrack({ onsetEnvelope: env, tightness: 0 })).toThrow(/tightness.*0/);
    expect(() => beatTrack({ onsetEnvelope: env, bpm: 0 })).toThrow(/bpm.*0/);
    expect(() => beatTrack({ onsetEnvelope: env, bpm: -120 })).toThrow(/bpm.*-120/);
    expect(() => beatTrack({ onsetEnvelope: env, bpm: 1e6 })).toThrow(/bpm.*too fast/);
    expect(() => beatTrack({ onsetEnvelope: env, units: 'beats' as 'frames' })).toThrow(/units.*beats/);
    expect(() => beatTrack({ onsetEnvelope: env, sr: 0 })).toThrow(/sr.*0/);
    expect(() => beatTrack({ onsetEnvelope: env, hopLength: 1.5 })).toThrow(/hop_length.*1\.5/);
    expect(() => beatTrack({ onsetEnvelope: env, startBpm: -1 })).toThrow(/start_bpm.*-1/);
    expect(() => beatTrack({})).toThrow(/y .*or onsetEnvelope/);
    expect(() => trackBeats(env, new Float64Array(3).fill(120), { frameRate: FRAME_RATE })).toThrow(/bpm has 3 values/);
    expect(() => trackBeats(env, 120, { frameRate: 0 })).toThrow(/frame rate.*0/);
  });
});
