/** Parity report: our features of librosa's reference music clip against librosa's own outputs (from ../shared only). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beatTrack } from '../audio/beat.js';
import { chromaStft } from '../audio/chroma.js';
import { powerToDb } from '../audio/db.js';
import { decodeFile } from '../audio/decode.js';
import { toBinMajor, type FrameMatrix } from '../audio/frame-matrix.js';
import { melSpectrogram } from '../audio/mel.js';
import { mfcc } from '../audio/mfcc.js';
import { toMono } from '../audio/mono.js';
import { onsetStrength } from '../audio/onset.js';
import { estimateTuning } from '../audio/pitch.js';
import { spectralBandwidth, spectralCentroid, spectralContrast, spectralFlatness, spectralRolloff } from '../audio/spectral.js';
import { rms, zeroCrossingRate } from '../audio/temporal.js';

export interface ParityRow {
  feature: string;
  shapeMatches: boolean;
  /** Worst error under the tolerance's own measure (dB, relative, BPM %, frames...). */
  worst: number;
  unit: string;
  tolerance: string;
  pass: boolean;
}

interface Ref {
  shape: number[];
  data: number[];
}

/** Largest error where it exceeds `atol`, measured relative to |expected|: the "1% relative or 1e-3 absolute". */
function relOrAbs(actual: ArrayLike<number>, expected: number[], atol = 1e-3): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (d > atol) worst = Math.max(worst, d / Math.abs(expected[i]));
  }
  return worst;
}

function dbError(actual: ArrayLike<number>, expected: number[]): number {
  let top = -Infinity;
  for (const v of expected) top = Math.max(top, v);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) if (expected[i] > top - 80 + 1e-3) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

/** Runs the comparison when `referenceDir` (…/shared/reference/librosa) exists; otherwise returns null. */
export async function musicParity(referenceDir: string): Promise<ParityRow[] | null> {
  const audio = join(referenceDir, 'audio', 'music_battle_epic.sr22050.f32.wav');
  if (!existsSync(audio)) return null;
  const ref = (key: string): Ref => JSON.parse(readFileSync(join(referenceDir, 'features', 'music_battle_epic', `${key}.json`), 'utf8')) as Ref;
  const y = toMono(await decodeFile(audio));
  const y16 = toMono(await decodeFile(join(referenceDir, 'audio', 'music_battle_epic.sr16000.f32.wav')));
  const sr = 22050;
  const rows: ParityRow[] = [];
  const matrix = (name: string, m: FrameMatrix) => {
    const r = ref(name);
    const shapeMatches = m.nBins === r.shape[0] && m.nFrames === r.shape[1];
    const worst = shapeMatches ? relOrAbs(toBinMajor(m), r.data) : Infinity;
    rows.push({ feature: name, shapeMatches, worst: worst * 100, unit: '% rel (where > 1e-3 abs)', tolerance: '<= 1% rel or 1e-3 abs', pass: worst <= 0.01 });
  };

  const mel16 = toBinMajor(melSpectrogram({ y: y16, sr: 16000 }));
  for (const [name, db] of [
    ['melspec_db_refmax_sr16000', powerToDb(mel16, { ref: 'max' })],
    ['melspec_db_ref1_sr16000', powerToDb(mel16)],
  ] as const) {
    const r = ref(name);
    const worst = db.length === r.data.length ? dbError(db, r.data) : Infinity;
    rows.push({ feature: name, shapeMatches: db.length === r.data.length, worst, unit: 'dB', tolerance: '<= 0.1 dB (bins within 80 dB of max)', pass: worst <= 0.1 });
  }
  matrix('mfcc_sr22050', mfcc({ y, sr }));
  matrix('chroma_stft_tuning0_sr22050', chromaStft({ y, sr, tuning: 0 }));
  matrix('chroma_stft_sr22050', chromaStft({ y, sr }));
  const tuning = estimateTuning({ y, sr });
  const refTuning = ref('estimated_tuning_sr22050').data[0];
  rows.push({ feature: 'estimated_tuning_sr22050', shapeMatches: true, worst: Math.abs(tuning - refTuning), unit: 'bins', tolerance: 'exact on the 0.01 grid', pass: Math.abs(tuning - refTuning) < 0.005 });
  matrix('spectral_centroid_sr22050', spectralCentroid({ y, sr }));
  matrix('spectral_bandwidth_sr22050', spectralBandwidth({ y, sr }));
  matrix('spectral_rolloff_sr22050', spectralRolloff({ y, sr }));
  matrix('spectral_flatness_sr22050', spectralFlatness({ y }));
  matrix('spectral_contrast_sr22050', spectralContrast({ y, sr }));
  matrix('zero_crossing_rate_sr22050', zeroCrossingRate({ y }));
  matrix('rms_sr22050', rms({ y }));
  for (const [name, aggregate] of [['onset_strength_sr22050', 'mean'], ['onset_strength_median_sr22050', 'median']] as const) {
    const env = onsetStrength({ y, sr, aggregate });
    const r = ref(name);
    const worst = relOrAbs(env, r.data);
    rows.push({ feature: name, shapeMatches: env.length === r.data.length, worst: worst * 100, unit: '% rel (where > 1e-3 abs)', tolerance: '<= 1% rel or 1e-3 abs', pass: worst <= 0.01 });
  }
  const { tempo, beats } = beatTrack({ y, sr });
  const refTempo = ref('beat_tempo_sr22050').data[0];
  const tempoErr = (Math.abs(tempo - refTempo) / refTempo) * 100;
  rows.push({ feature: 'beat_tempo_sr22050', shapeMatches: true, worst: tempoErr, unit: '% rel', tolerance: '<= 2%', pass: tempoErr <= 2 });
  const refBeats = ref('beat_frames_sr22050').data;
  const matched = refBeats.filter((b) => beats.some((o) => Math.abs(o - b) <= 1)).length;
  const missed = ((refBeats.length - matched) / Math.max(1, refBeats.length)) * 100;
  rows.push({ feature: `beat_frames_sr22050 (${beats.length} vs ${refBeats.length})`, shapeMatches: beats.length === refBeats.length, worst: missed, unit: '% beats off >1 frame', tolerance: '<= 10%', pass: missed <= 10 });
  return rows;
}
