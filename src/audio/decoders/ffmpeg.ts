/** Decoding through an ffmpeg child process, for formats without an in-process decoder (AAC/M4A, AIFF, WMA...). */
import { spawn } from 'node:child_process';
import { AudioDecodeError } from '../../errors.js';
import { PcmCollector, type TimeSpan } from '../span.js';
import { pcmToFloat, readWavHeader, type WavHeader } from '../wav.js';

/** The ffmpeg to run: the option, else $SONICPRINT_FFMPEG, else `ffmpeg` on PATH (flags > environment > default). */
export function resolveFfmpegPath(option?: string): string {
  return option || process.env.SONICPRINT_FFMPEG || 'ffmpeg';
}

export interface FfmpegRequest {
  /** The file ffmpeg opens (it needs a seekable file: MP4 indexes are often at the end). */
  path: string;
  /** What to call the input in messages. */
  name: string;
  /** The sniffed format's name, for the "needs ffmpeg" message. */
  formatName: string;
  span: TimeSpan;
  ffmpegPath: string;
  /** Mix ffmpeg's output to one channel, the channels' mean (not ffmpeg's own `-ac 1` downmix, which differs). */
  mono?: boolean;
}

export interface FfmpegResult {
  channels: Float32Array[];
  /** Channels ffmpeg decoded (`channels` has one when mixing to mono). */
  sourceChannels: number;
  sampleRate: number;
  /** ffmpeg's name for the input codec, e.g. "aac (LC)". */
  codec: string;
  /** Frames decoded, from the start of the stream up to where decoding stopped. */
  framesSeen: number;
}

/** How to get ffmpeg, for messages. */
export const FFMPEG_HINT = 'install ffmpeg (apt-get install ffmpeg / brew install ffmpeg) or set SONICPRINT_FFMPEG to its path';

/**
 * ffmpeg's arguments: decode the first audio stream from its start to float32 WAV on stdout
 * (the header gives the channel count and rate).
 * No `-ss`: where ffmpeg lands after a seek depends on the container's timestamp conventions
 * (a WebM Opus file came out 384 samples early), so seeking would not give the samples a full
 * decode gives. The collector drops the frames before the offset instead, and ffmpeg is
 * stopped once the span is in: exact, memory-bounded, and the cost of an offset is decode time.
 */
export function ffmpegArgs(path: string): string[] {
  // "file:" keeps a path with a colon or a leading dash from being read as a protocol or option.
  return ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info', '-i', `file:${path}`, '-map', '0:a:0', '-map_metadata', '-1', '-f', 'wav', '-c:a', 'pcm_f32le', 'pipe:1'];
}

/** The input codec from ffmpeg's stream listing ("Stream #0:0(und): Audio: aac (LC) (mp4a / 0x6134706D), ..."). */
export function parseFfmpegCodec(stderr: string): string | undefined {
  const m = /Stream #0:\d+\S*: Audio: ([^,\n]+)/.exec(stderr);
  return m?.[1].replace(/\s*\([^()]*\/ 0x[0-9A-Fa-f]+\)/, '').trim();
}

/**
 * Runs ffmpeg and streams its float32 WAV output through a PcmCollector, which drops the
 * frames before the offset, and stops ffmpeg once the span is in. Only the span is held in memory.
 * Errors: E_NEEDS_FFMPEG when the binary cannot be started, E_NO_AUDIO when the input has no
 * audio stream, E_FFMPEG_FAILED with ffmpeg's last message otherwise.
 */
export async function decodeWithFfmpeg(req: FfmpegRequest): Promise<FfmpegResult> {
  const child = spawn(req.ffmpegPath, ffmpegArgs(req.path), { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; error?: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    if (stderr.length < 1 << 16) stderr += s;
  });

  const collector = new PcmCollector(req.span, { mono: req.mono });
  let header: WavHeader | undefined;
  let pending = new Uint8Array(0);
  let stoppedEarly = false;
  let scratch: Float32Array[] = [];

  const parseHeader = async (): Promise<void> => {
    const buf = pending;
    header = await readWavHeader(async (o, n) => buf.subarray(o, o + n), Infinity, req.name);
    if (header.encoding !== 'float32') throw new Error(`ffmpeg wrote ${header.encoding ?? 'non-PCM'} instead of float32`);
    pending = pending.subarray(header.dataOffset);
  };
  const convert = (): void => {
    const h = header!;
    const frames = Math.floor(pending.length / h.blockAlign);
    if (frames === 0) return;
    if (collector.skip(frames, h.channels, h.sampleRate)) {
      // All before the offset: count them, skip the conversion.
      pending = pending.subarray(frames * h.blockAlign);
      return;
    }
    if (scratch.length !== h.channels || scratch[0].length < frames) {
      scratch = Array.from({ length: h.channels }, () => new Float32Array(frames));
    }
    pcmToFloat(pending.subarray(0, frames * h.blockAlign), 'float32', h.channels, scratch, 0);
    collector.push(scratch, frames, h.sampleRate);
    pending = pending.subarray(frames * h.blockAlign);
  };
  const append = (chunk: Uint8Array): void => {
    const next = new Uint8Array(pending.length + chunk.length);
    next.set(pending);
    next.set(chunk, pending.length);
    pending = next;
  };

  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      append(chunk);
      if (!header) {
        if (pending.length < 4096) continue; // ffmpeg's header is ~100 bytes; wait for all of it
        await parseHeader();
      }
      convert();
      if (collector.done) {
        stoppedEarly = true;
        child.kill('SIGKILL');
        break;
      }
    }
    if (!header && !stoppedEarly && pending.length >= 12) await parseHeader();
    if (header && !stoppedEarly) convert();
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    if (err instanceof AudioDecodeError) {
      throw new AudioDecodeError('E_FFMPEG_FAILED', req.name, `ffmpeg produced unreadable output: ${err.message}`, err);
    }
    throw new AudioDecodeError('E_FFMPEG_FAILED', req.name, `ffmpeg failed: ${(err as Error).message}`, err);
  }

  const { code, error } = await exited;
  if (error) {
    const why = error.code === 'ENOENT' ? 'was not found' : `could not be started (${error.code ?? error.message})`;
    throw new AudioDecodeError(
      'E_NEEDS_FFMPEG',
      req.name,
      `${req.formatName} audio is decoded with ffmpeg, which ${why} (tried '${req.ffmpegPath}'); ${FFMPEG_HINT}`,
      error,
    );
  }
  if (!stoppedEarly && code !== 0) {
    if (/matches no streams|does not contain any stream/.test(stderr)) {
      throw new AudioDecodeError('E_NO_AUDIO', req.name, `the ${req.formatName} file has no audio stream`);
    }
    const last = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-2).join(' / ');
    throw new AudioDecodeError('E_FFMPEG_FAILED', req.name, `ffmpeg exited with code ${code}: ${last || 'no message'}`);
  }
  return {
    channels: collector.finish(),
    sourceChannels: collector.channelCount || header?.channels || 0,
    sampleRate: collector.sampleRate || header?.sampleRate || 0,
    codec: parseFfmpegCodec(stderr) ?? 'unknown (via ffmpeg)',
    framesSeen: collector.framesSeen,
  };
}
