/** Reads one time span of a PCM WAV file: only the bytes of that span, converted chunk by chunk. */
import type { ByteSource } from '../byte-source.js';
import { spanFrames, type TimeSpan } from '../span.js';
import { pcmToFloat, pcmToMono, type WavHeader } from '../wav.js';

/** Bytes read per call: big enough for few syscalls, small enough to be noise next to the output. */
const READ_BYTES = 1 << 20;

/**
 * The frames of `span` as planar float32 (empty arrays when the span starts past the end), or
 * with `mono` as one array, the channels' mean mixed as each read is converted.
 * Seeks straight to the first byte of the span: a 3-hour WAV costs only what is asked for.
 */
export async function readWavSpan(source: ByteSource, header: WavHeader, span: TimeSpan, mono = false): Promise<Float32Array[]> {
  const { encoding, channels, blockAlign, sampleRate, frames: total } = header;
  if (!encoding) throw new Error(`readWavSpan: WAV format tag ${header.formatTag} is not PCM`);
  const { start, end } = spanFrames(span, sampleRate);
  const count = Math.max(0, Math.min(end, total) - start);
  const out = Array.from({ length: mono ? 1 : channels }, () => new Float32Array(count));
  const framesPerRead = Math.max(1, Math.floor(READ_BYTES / blockAlign));
  let done = 0;
  while (done < count) {
    const want = Math.min(framesPerRead, count - done);
    const bytes = await source.read(header.dataOffset + (start + done) * blockAlign, want * blockAlign);
    const got = mono ? pcmToMono(bytes, encoding, channels, out[0], done) : pcmToFloat(bytes, encoding, channels, out, done);
    done += got;
    if (got < want) break; // the file shrank while we read it
  }
  return done === count ? out : out.map((c) => c.slice(0, done));
}
