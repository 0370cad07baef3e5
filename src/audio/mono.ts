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
  const n = channels[0].length;
  const out = new Float32Array(n);
  if (channels.length === 2) {
    const [l, r] = channels;
    for (let i = 0; i < n; i++) out[i] = (l[i] + r[i]) * 0.5;
    return out;
  }
  const sum = new Float64Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) sum[i] += ch[i];
  const count = channels.length;
  for (let i = 0; i < n; i++) out[i] = sum[i] / count;
  return out;
}
