/** Access to the librosa 0.11 reference fixtures copied into test/fixtures/librosa (see its README). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/librosa/', import.meta.url));

/** The synthetic signals the fixtures were computed from. */
export const SIGNALS = ['sine_1k', 'chirp_100_8000', 'white_noise', 'harmonics_env', 'click_track_120bpm', 'c_major_chord'] as const;
export type SignalName = (typeof SIGNALS)[number];

export interface ReferenceArray {
  shape: number[];
  data: number[];
  params: Record<string, unknown>;
  call: string;
}

/** One reference array, e.g. `readReference('sine_1k', 'mfcc_sr22050')`; 2-D data is librosa's [bins, frames] row-major. */
export function readReference(signal: SignalName, key: string): ReferenceArray {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, 'features', signal, `${key}.json`), 'utf8')) as ReferenceArray;
}

/** A reference filterbank from fixtures/librosa/filters. */
export function readFilter(key: string): ReferenceArray {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, 'filters', `${key}.json`), 'utf8')) as ReferenceArray;
}

/**
 * The fixture input exactly as librosa saw it: int16 / 32768 as float32.
 * The fixture WAVs are plain 16-bit mono PCM with a 44-byte header, so the data chunk is located
 * directly (the product's own decoder is tested separately against these same files).
 */
export function readFixtureSignal(signal: SignalName, sr: 16000 | 22050): Float32Array {
  const buf = readFileSync(join(FIXTURE_DIR, 'audio', `${signal}.sr${sr}.pcm16.wav`));
  const dataAt = buf.indexOf('data', 12, 'latin1');
  const bytes = buf.readUInt32LE(dataAt + 4);
  const n = bytes / 2;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = buf.readInt16LE(dataAt + 8 + 2 * i) / 32768;
  return y;
}

/**
 * ../shared/reference/librosa: librosa's full reference set, with the GPL-licensed real-music clip
 * (music_battle_epic). It is never copied into the repository; tests that use it run only where it exists.
 */
export const SHARED_LIBROSA = fileURLToPath(new URL('../../shared/reference/librosa/', import.meta.url));
export const HAS_SHARED_MUSIC = existsSync(join(SHARED_LIBROSA, 'audio', 'music_battle_epic.sr22050.f32.wav'));

/** A float32 mono WAV of the shared clip (e.g. 'music_battle_epic.sr22050.f32.wav'), read by our own decoder. */
export async function readSharedAudio(file: string): Promise<Float32Array> {
  const { decodeFile } = await import('../src/audio/decode.js');
  return (await decodeFile(join(SHARED_LIBROSA, 'audio', file))).channels[0];
}

/** One reference array of the shared music clip. */
export function readSharedReference(key: string): ReferenceArray {
  return JSON.parse(readFileSync(join(SHARED_LIBROSA, 'features', 'music_battle_epic', `${key}.json`), 'utf8')) as ReferenceArray;
}
