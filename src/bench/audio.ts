/** Audio-core benchmark: each step on a 30-s clip against librosa's reference timings, plus the real-music parity report. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beatTrack } from '../audio/beat.js';
import { chromaStft } from '../audio/chroma.js';
import { powerToDb } from '../audio/db.js';
import { decodeFile } from '../audio/decode.js';
import { encodeMp3, encodeOggVorbis, encodeWav } from '../audio/encode.js';
import { extractFeatures, summarizeFeatures } from '../audio/features.js';
import { load } from '../audio/load.js';
import { melSpectrogram } from '../audio/mel.js';
import { mfcc } from '../audio/mfcc.js';
import { toMono } from '../audio/mono.js';
import { onsetStrength } from '../audio/onset.js';
import { resample } from '../audio/resample.js';
import { spectrogram } from '../audio/stft.js';
import { DEMO_STYLES, renderClip } from '../synth/song.js';
import { table, num } from '../cli/format.js';
import { readLibrosaTimings } from './librosa-timings.js';
import { measure, type Timing } from './measure.js';
import { musicParity, type ParityRow } from './parity.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHARED_REFERENCE = process.env.SONICPRINT_SHARED_REFERENCE ?? join(repoRoot, '..', 'shared', 'reference', 'librosa');
const SECONDS = 30;
const SR = 44100;

interface Case {
  name: string;
  /** The row of timings.md measuring the same step in librosa, when there is one. */
  librosa?: string;
  run: () => unknown;
}

/** A 30-s stereo clip: two styles back to back, so it has drums, chords, a tempo change and a key change. */
function makeClip(): { channels: Float32Array[]; sampleRate: number } {
  const a = renderClip({ style: DEMO_STYLES[0], seed: 7, duration: SECONDS / 2, sr: SR });
  const b = renderClip({ style: DEMO_STYLES[1], seed: 8, duration: SECONDS / 2, sr: SR });
  const left = new Float32Array(SECONDS * SR);
  left.set(a);
  left.set(b, a.length);
  const right = left.map((v, i) => 0.9 * v + 0.1 * (left[i - 20] ?? 0));
  return { channels: [left, right], sampleRate: SR };
}

export interface AudioBenchResult {
  clipSeconds: number;
  results: { name: string; timing: Timing; rtf: number; librosaMs?: number; speedup?: number }[];
  parity: ParityRow[] | null;
}

export async function runAudioBenchmark(log: (s: string) => void): Promise<AudioBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'sonicprint-bench-'));
  try {
    log('rendering and encoding a 30-s 44.1 kHz stereo clip...\n');
    const clip = makeClip();
    const files = {
      wav: join(dir, 'clip.wav'),
      mp3: join(dir, 'clip.mp3'),
      ogg: join(dir, 'clip.ogg'),
    };
    await writeFile(files.wav, encodeWav(clip, 'pcm16'));
    await writeFile(files.mp3, await encodeMp3(clip, { bitrate: 192 }));
    await writeFile(files.ogg, await encodeOggVorbis(clip, { vbrQuality: 5 }));

    const native = toMono(await decodeFile(files.wav));
    const y = resample(native, { origSr: SR, targetSr: 22050 });
    const y16 = resample(native, { origSr: SR, targetSr: 16000 });
    const sr = 22050;

    const cases: Case[] = [
      { name: 'decode WAV (16-bit stereo)', run: () => decodeFile(files.wav) },
      { name: 'decode MP3 (192 kbit/s stereo)', run: () => decodeFile(files.mp3) },
      { name: 'decode Ogg Vorbis (q5 stereo)', librosa: 'decode only: soundfile.read first 30 s', run: () => decodeFile(files.ogg) },
      { name: 'resample 44.1k -> 22.05k (polyphase)', run: () => resample(native, { origSr: SR, targetSr: 22050 }) },
      { name: 'load Ogg: decode + mono + resample 22.05k', librosa: 'decode 30 s ogg (44.1 kHz stereo) + to_mono + resample to 22050 (polyphase)', run: () => load(files.ogg) },
      { name: 'load MP3: decode + mono + resample 22.05k', run: () => load(files.mp3) },
      { name: 'load WAV: decode + mono + resample 22.05k', run: () => load(files.wav) },
      { name: 'stft magnitude @22.05k', librosa: 'stft magnitude 30 s @22.05 kHz (n_fft 2048, hop 512)', run: () => spectrogram({ y }) },
      { name: 'melspectrogram @16k (128 mels)', librosa: 'melspectrogram 30 s @16 kHz (n_fft 2048, hop 512, 128 mels)', run: () => melSpectrogram({ y: y16, sr: 16000 }) },
      {
        name: 'melspectrogram + power_to_db(max) @16k',
        librosa: 'melspectrogram + power_to_db(ref=np.max) 30 s @16 kHz',
        run: () => powerToDb(melSpectrogram({ y: y16, sr: 16000 }).data, { ref: 'max' }),
      },
      { name: 'mfcc (20) @22.05k', librosa: 'mfcc (n_mfcc=20) 30 s @22.05 kHz', run: () => mfcc({ y, sr }) },
      { name: 'chroma_stft @22.05k (with tuning estimation)', librosa: 'chroma_stft 30 s @22.05 kHz (incl. tuning estimation)', run: () => chromaStft({ y, sr }) },
      { name: 'chroma_stft @22.05k, tuning=0', librosa: 'chroma_stft 30 s @22.05 kHz, tuning=0', run: () => chromaStft({ y, sr, tuning: 0 }) },
      { name: 'onset_strength @22.05k', librosa: 'onset_strength only 30 s @22.05 kHz', run: () => onsetStrength({ y, sr }) },
      { name: 'onset_strength + beat_track @22.05k', librosa: 'onset_strength + beat_track 30 s @22.05 kHz', run: () => beatTrack({ y, sr }) },
      { name: 'features summary from PCM @22.05k (all descriptors)', run: () => summarizeFeatures(extractFeatures({ y, sr }), 'clip') },
      { name: 'features summary from MP3 file (load + all)', run: async () => summarizeFeatures(extractFeatures(await load(files.mp3)), files.mp3) },
      { name: 'features summary from WAV file (load + all)', run: async () => summarizeFeatures(extractFeatures(await load(files.wav)), files.wav) },
    ];

    const librosa = readLibrosaTimings(join(repoRoot, 'test', 'fixtures', 'librosa', 'timings.md'));
    const results: AudioBenchResult['results'] = [];
    for (const c of cases) {
      log(`  ${c.name}...\n`);
      const timing = await measure(c.run);
      const librosaMs = c.librosa ? librosa.get(c.librosa) : undefined;
      results.push({ name: c.name, timing, rtf: timing.medianMs / (SECONDS * 1000), librosaMs, speedup: librosaMs ? librosaMs / timing.medianMs : undefined });
    }

    log('parity against librosa on the real-music clip (../shared)...\n');
    const parity = await musicParity(SHARED_REFERENCE);

    return { clipSeconds: SECONDS, results, parity };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The audio benchmark as text tables. */
export function formatAudioBenchmark({ results, parity }: AudioBenchResult): string {
  const out: string[] = [];
    out.push(`\nsonicprint bench: 30-s clip, single thread, median of 7 runs after a warm-up (node ${process.version})\n\n`);
    out.push(
      table(
        ['step', 'ms (median)', 'min-max', 'cpu ms', 'RTF (time/audio)', 'x real-time', 'librosa ms', 'librosa / ours'],
        results.map((r) => [
          r.name,
          num(r.timing.medianMs, 3),
          `${num(r.timing.minMs, 3)}-${num(r.timing.maxMs, 3)}`,
          num(r.timing.cpuMs, 3),
          r.rtf.toExponential(2),
          Math.round(1 / r.rtf),
          r.librosaMs === undefined ? '-' : num(r.librosaMs, 3),
          r.speedup === undefined ? '-' : `${r.speedup.toFixed(2)}x`,
        ]),
      ),
    );
    out.push('\nlibrosa figures: test/fixtures/librosa/timings.md (librosa 0.11, single-threaded, same machine kind; its decode rows read a 44.1 kHz stereo Vorbis file like ours).\n');
    if (!parity) {
      out.push(`\nparity report skipped: ${SHARED_REFERENCE} not found (set SONICPRINT_SHARED_REFERENCE).\n`);
    } else {
      out.push('\nparity with librosa 0.11 on music_battle_epic (30 s real music, read from ../shared):\n\n');
      out.push(
        table(
          ['feature', 'shape', 'worst error', 'tolerance', 'ok'],
          parity.map((p) => [p.feature, p.shapeMatches ? 'same' : 'DIFFERENT', `${num(p.worst, 3)} ${p.unit}`, p.tolerance, p.pass ? 'yes' : 'NO']),
        ),
      );
    }
  return out.join('');
}
