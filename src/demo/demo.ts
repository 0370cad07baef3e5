/** The demo: render deterministic multi-instrument clips, decode and analyse them, then fingerprint a library and match a new act against it. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeMp3, encodeOggVorbis, encodeWav } from '../audio/encode.js';
import { extractFeatures, summarizeFeatures, type FeatureSummary } from '../audio/features.js';
import { PITCH_CLASSES } from '../audio/key.js';
import { load } from '../audio/load.js';
import { probeFile, type AudioInfo } from '../audio/probe.js';
import type { PcmAudio } from '../audio/signal.js';
import { DEMO_STYLES, renderClip, type Style } from '../synth/song.js';
import { runSoundAlikeDemo, type SoundAlikeDemo } from './sound-alike.js';

export interface DemoClip {
  style: Style;
  file: string;
  info: AudioInfo;
  features: FeatureSummary;
}

export interface DemoResult {
  outDir: string;
  clips: DemoClip[];
  soundAlike: SoundAlikeDemo;
}

const SR = 44100;
const SECONDS = 12;
/** One container per clip, so the demo exercises three decoders. */
const FORMATS = ['wav', 'mp3', 'ogg'] as const;

/** A stereo version of a mono render: the right channel lags 0.4 ms, like a slightly off-centre source. */
function toStereo(mono: Float32Array): PcmAudio {
  const lag = Math.round(0.0004 * SR);
  const right = new Float32Array(mono.length);
  right.set(mono.subarray(0, mono.length - lag), lag);
  return { channels: [mono, right], sampleRate: SR };
}

async function encode(pcm: PcmAudio, format: (typeof FORMATS)[number]): Promise<Uint8Array> {
  if (format === 'mp3') return encodeMp3(pcm, { bitrate: 192 });
  if (format === 'ogg') return encodeOggVorbis(pcm, { vbrQuality: 5 });
  return encodeWav(pcm, 'pcm16');
}

/** Writes the clips to `outDir` (atomically: temp file, then rename) and analyses each one as a user's file would be. */
export async function runDemo(outDir: string, onClip?: (name: string) => void): Promise<DemoResult> {
  await mkdir(outDir, { recursive: true });
  const clips: DemoClip[] = [];
  for (const [i, style] of DEMO_STYLES.entries()) {
    const format = FORMATS[i % FORMATS.length];
    const file = join(outDir, `${style.name.toLowerCase().replace(/\s+/g, '-')}.${format}`);
    const bytes = await encode(toStereo(renderClip({ style, seed: 1000 + i, duration: SECONDS, sr: SR })), format);
    await writeFile(`${file}.tmp`, bytes);
    await rename(`${file}.tmp`, file);
    onClip?.(file);
    const info = await probeFile(file);
    const signal = await load(file);
    const features = summarizeFeatures(extractFeatures(signal), file, signal.warnings);
    clips.push({ style, file, info, features });
  }
  return { outDir, clips, soundAlike: await runSoundAlikeDemo(outDir) };
}

/** The generating key as a name, for comparison with the estimate. */
export function styleKeyName(style: Style): string {
  return `${PITCH_CLASSES[style.key % 12]} ${style.mode}`;
}

