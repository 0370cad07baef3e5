/** The STFT's per-frame post-processing as a WebAssembly SIMD kernel: Hann window in the frequency domain, then |X|² or |X|, straight from PFFFT's output. */
import { compileIfSupported, F32, I32, name, op, section, u32, V128, vec, wasmApi, type WasmMemory, type WasmModule } from './assembler.js';

/**
 * `hannPower(out, dst, half, root)`: `out` is the byte address of a PFFFT ordered real spectrum of
 * n = 2·half points ([X0, X(n/2), re X1, im X1, ...]), with 8 writable bytes before it and 8 after;
 * writes the n/2 + 1 float32 values |Xw[k]|² (or |Xw[k]| when `root` is 1) at `dst`, where
 * Xw[k] = X[k]/2 − (X[k−1] + X[k+1])/4 is the spectrum of the periodic-Hann-windowed frame.
 * `half` must be a multiple of 4 (PFFFT's real sizes are multiples of 32).
 *
 * Why it exists: this loop was ~5 ms of the 14 ms of a 30-s spectrogram in JS (V8 does not
 * vectorise), plus ~2 ms for a separate sqrt pass; in f32x4 lanes it is a small fraction of the FFT.
 *
 * How: the kernel first rewrites the spectrum in place as a plain complex array Z[−1 .. n/2]:
 * Z[0] = (X0, 0), Z[n/2] = (X(n/2), 0) and Z[−1] = conj(X1) (a real signal's spectrum is
 * conjugate-symmetric, so this is the circular neighbour of bin 0). Then every bin is the same
 * three-term stencil and 4 bins take 5 unaligned loads of (re, im, re, im) pairs, 2 shuffles to
 * sum re² + im², and one store; bin n/2 is done in scalar code. f32 arithmetic throughout: it
 * agrees with the float64 JS twin to float32 rounding (the inputs are float32 already).
 */
function hannPowerBody(): number[] {
  const [out, dst, half, root] = [0, 1, 2, 3];
  const [b, k, p, q] = [4, 5, 6, 7];
  const [l0, l1, l2, l3, l4, w1, w2, halfV, quarterV] = [8, 9, 10, 11, 12, 13, 14, 15, 16];
  const r = 17;
  // w = cur/2 − (prev + next)/4 on two bins at once
  const stencil = (prev: number, cur: number, next: number, w: number): number[] => [
    ...op.get(cur), ...op.get(halfV), ...op.f32x4Mul(),
    ...op.get(prev), ...op.get(next), ...op.f32x4Add(), ...op.get(quarterV), ...op.f32x4Mul(),
    ...op.f32x4Sub(),
    ...op.tee(w), ...op.get(w), ...op.f32x4Mul(), ...op.set(w),
  ];
  const evens = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
  const odds = [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31];
  const body = [
    ...op.f32(0.5), ...op.f32x4Splat(), ...op.set(halfV),
    ...op.f32(0.25), ...op.f32x4Splat(), ...op.set(quarterV),
    // b = address of Z[−1]; Z[m] lies at b + 8(m + 1)
    ...op.get(out), ...op.i32(8), ...op.sub, ...op.set(b),
    // Z[n/2] = (X(n/2), 0), read from out[1] before out[1] becomes im Z[0] = 0
    ...op.get(out), ...op.get(half), ...op.i32(3), ...op.shl, ...op.add, ...op.tee(p),
    ...op.get(out), ...op.f32Load(4), ...op.f32Store(0),
    ...op.get(p), ...op.f32(0), ...op.f32Store(4),
    ...op.get(out), ...op.f32(0), ...op.f32Store(4),
    // Z[−1] = conj(Z[1])
    ...op.get(b), ...op.get(b), ...op.f32Load(16), ...op.f32Store(0),
    ...op.get(b), ...op.get(b), ...op.f32Load(20), ...op.f32Neg, ...op.f32Store(4),
    // bins k .. k+3 from Z[k−1 .. k+4]
    ...op.get(b), ...op.set(p),
    ...op.get(dst), ...op.set(q),
    ...op.i32(0), ...op.set(k),
    ...op.loop,
    ...op.get(p), ...op.v128LoadAt(0), ...op.set(l0),
    ...op.get(p), ...op.v128LoadAt(8), ...op.set(l1),
    ...op.get(p), ...op.v128LoadAt(16), ...op.set(l2),
    ...op.get(p), ...op.v128LoadAt(24), ...op.set(l3),
    ...op.get(p), ...op.v128LoadAt(32), ...op.set(l4),
    ...stencil(l0, l1, l2, w1),
    ...stencil(l2, l3, l4, w2),
    // (re², im²) pairs → re² + im² for 4 bins
    ...op.get(q),
    ...op.get(w1), ...op.get(w2), ...op.shuffle(evens),
    ...op.get(w1), ...op.get(w2), ...op.shuffle(odds),
    ...op.f32x4Add(), ...op.set(w1),
    ...op.get(root), ...op.if, ...op.get(w1), ...op.f32x4Sqrt(), ...op.set(w1), ...op.end,
    ...op.get(w1), ...op.v128StoreAt(0),
    ...op.get(p), ...op.i32(32), ...op.add, ...op.set(p),
    ...op.get(q), ...op.i32(16), ...op.add, ...op.set(q),
    ...op.get(k), ...op.i32(4), ...op.add, ...op.tee(k),
    ...op.get(half), ...op.ltU, ...op.brIf(0),
    ...op.end,
    // bin n/2: its neighbours are X(n/2 − 1) and its conjugate, so Xw = X(n/2)/2 − re X(n/2 − 1)/2;
    // p now points at Z[n/2 − 1], q at dst[n/2]
    ...op.f32(0.5), ...op.get(p), ...op.f32Load(8), ...op.f32Mul,
    ...op.f32(0.5), ...op.get(p), ...op.f32Load(0), ...op.f32Mul,
    ...op.f32Sub, ...op.tee(r), ...op.get(r), ...op.f32Mul, ...op.set(r),
    ...op.get(root), ...op.if, ...op.get(r), ...op.f32Sqrt, ...op.set(r), ...op.end,
    ...op.get(q), ...op.get(r), ...op.f32Store(0),
  ];
  const locals = vec([
    [...u32(4), I32],
    [...u32(9), V128],
    [...u32(1), F32],
  ]);
  const code = [...locals, ...body, ...op.end];
  return [...u32(code.length), ...code];
}

function moduleBytes(): Uint8Array {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([])]])),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, ...u32(1)]])),
    ...section(3, vec([u32(0)])),
    ...section(7, vec([[...name('hann_power'), 0x00, ...u32(0)]])),
    ...section(10, vec([hannPowerBody()])),
  ]);
}

let compiled: WasmModule | null | undefined;

/** See {@link hannPowerBody}: (out, dst, half, root) with byte addresses in the memory it was bound to. */
export type HannPowerFn = (out: number, dst: number, half: number, root: number) => void;

/** The kernel bound to `memory` (PFFFT's, so it reads the FFT output in place), or null without Wasm SIMD. */
export function createHannPowerKernel(memory: WasmMemory): HannPowerFn | null {
  if (compiled === undefined) compiled = compileIfSupported(moduleBytes());
  const api = wasmApi();
  if (!compiled || !api) return null;
  return new api.Instance(compiled, { env: { mem: memory } }).exports.hann_power as HannPowerFn;
}
