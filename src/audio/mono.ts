/** Down-mix to mono: the mean of the channels, as librosa.to_mono. */
import type { PcmAudio } from './signal.js';

/**
 * The mean of all channels, sample by sample (librosa.to_mono: `np.mean(y, axis=0)`).
 * A mono input is returned as is, not copied (as librosa returns a 1-D `y` unchanged);
 * treat the result as read-only. Sums are taken in float64 and divided once, so the result is
 * the correctly rounded mean (numpy's float32 running sum can differ from it by an ulp).
 */
export function toMono(pcm: PcmAudio): Float32Array {
  const { channels } = pcm;
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(channels[0].length);
  mixToMono(channels, 0, out.length, out, 0);
  return out;
}

/**
 * Writes the mean of frames [from, from + count) of `channels` to `out` from `at` on. The one
 * mixing rule, shared by toMono and by the decoders that mix chunk by chunk as they decode
 * (DecodeOptions.mono), so both give the same bits: (l + r) * 0.5 for two channels, else a
 * float64 sum in channel order divided once.
 */
export function mixToMono(channels: readonly Float32Array[], from: number, count: number, out: Float32Array, at: number): void {
  const n = channels.length;
  if (n === 1) {
    out.set(channels[0].subarray(from, from + count), at);
  } else if (n === 2) {
    const [l, r] = channels;
    for (let i = 0; i < count; i++) out[at + i] = (l[from + i] + r[from + i]) * 0.5;
  } else {
    for (let i = 0; i < count; i++) {
      let sum = 0;
      for (let c = 0; c < n; c++) sum += channels[c][from + i];
      out[at + i] = sum / n;
    }
  }
}
