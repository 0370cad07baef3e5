/** Dense products of many frames with a few fixed rows (chroma filterbank, DCT basis) on the block dot kernel. */
import { createDotEngine, type DotEngine } from './dot.js';

/** Frames per block: 256 frames of 1025 bins is 1 MiB, comfortably cached beside the weights. */
const FRAMES_PER_BLOCK = 256;

const engines = new Map<string, DotEngine>();

function engineFor(dim: number, rows: number): DotEngine {
  const key = `${dim}:${rows}`;
  let e = engines.get(key);
  if (!e) {
    e = createDotEngine(dim, FRAMES_PER_BLOCK, rows);
    engines.set(key, e);
  }
  return e;
}

/**
 * out[t * nRows + r] = Σ_k frames[t * dim + k] · rows[r * dim + k] for `nFrames` frames and `nRows`
 * rows of length `dim` (frame-major in, frame-major out). Runs on the WebAssembly SIMD kernel
 * (float32 lanes, ~1e-6 relative) where the runtime has it: about 4x the speed of a JS loop.
 */
export function frameRowProducts(frames: Float32Array, nFrames: number, rows: Float32Array, nRows: number, dim: number, out: Float32Array): void {
  const engine = engineFor(dim, nRows);
  engine.loadB({ data: rows, dim }, 0, nRows);
  for (let t0 = 0; t0 < nFrames; t0 += FRAMES_PER_BLOCK) {
    const n = Math.min(FRAMES_PER_BLOCK, nFrames - t0);
    engine.loadA({ data: frames, dim }, t0, n);
    out.set(engine.compute(n, nRows), t0 * nRows);
  }
}
