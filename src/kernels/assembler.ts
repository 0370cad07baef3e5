/** A minimal WebAssembly assembler: the binary encodings (spec §5) of just the instructions our hand-written SIMD kernels use. */

export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export const vec = (items: number[][]): number[] => [...u32(items.length), ...items.flat()];
export const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
export const section = (id: number, body: number[]): number[] => [id, ...u32(body.length), ...body];

/** Little-endian IEEE bytes of a float32 constant. */
function f32Bytes(x: number): number[] {
  return [...new Uint8Array(Float32Array.of(x).buffer)];
}

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...u32(depth)],
  brIf: (depth: number) => [0x0d, ...u32(depth)],
  get: (i: number) => [0x20, ...u32(i)],
  set: (i: number) => [0x21, ...u32(i)],
  tee: (i: number) => [0x22, ...u32(i)],
  i32: (n: number) => [0x41, ...s32(n)],
  f32: (x: number) => [0x43, ...f32Bytes(x)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  geU: [0x4f],
  gtU: [0x4b],
  ltU: [0x49],
  f32Neg: [0x8c],
  f32Sqrt: [0x91],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  /** f32.load / f32.store / i32.store with alignment 2^2 and a constant byte offset. */
  f32Load: (offset: number) => [0x2a, 2, ...u32(offset)],
  f32Store: (offset: number) => [0x38, 2, ...u32(offset)],
  i32Store: (offset: number) => [0x36, 2, ...u32(offset)],
  // SIMD instructions are 0xfd followed by a LEB128 opcode. The alignment hint 2^4 is only a
  // hint: unaligned v128 accesses are valid.
  v128Load: () => [0xfd, ...u32(0x00), 4, 0],
  v128LoadAt: (offset: number) => [0xfd, ...u32(0x00), 4, ...u32(offset)],
  v128StoreAt: (offset: number) => [0xfd, ...u32(0x0b), 4, ...u32(offset)],
  v128Zero: () => [0xfd, ...u32(0x0c), ...new Array<number>(16).fill(0)],
  /** i8x16.shuffle of two vectors by 16 byte-lane indices (0-15: first, 16-31: second). */
  shuffle: (lanes: number[]) => [0xfd, ...u32(0x0d), ...lanes],
  f32x4Splat: () => [0xfd, ...u32(0x13)],
  f32x4Sqrt: () => [0xfd, ...u32(0xe3)],
  f32x4Add: () => [0xfd, ...u32(0xe4)],
  f32x4Sub: () => [0xfd, ...u32(0xe5)],
  f32x4Mul: () => [0xfd, ...u32(0xe6)],
  lane: (l: number) => [0xfd, ...u32(0x1f), l],
  i32Lane: (l: number) => [0xfd, ...u32(0x1b), l],
  i32x4Add: () => [0xfd, ...u32(0xae)],
  extendLowS: () => [0xfd, ...u32(0x87)],
  extendHighS: () => [0xfd, ...u32(0x88)],
  dotI16: () => [0xfd, ...u32(0xba)],
};

/** The part of the WebAssembly JS API we use (the project's `lib` has no DOM, and @types/node 20 declares no values for it). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
export type WasmModule = { readonly __wasmModule?: never };
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** The global WebAssembly object, or undefined on a runtime without one. */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** Compiles `bytes`, or returns null where the runtime rejects them (no WebAssembly, or no SIMD). */
export function compileIfSupported(bytes: Uint8Array): WasmModule | null {
  const api = wasmApi();
  try {
    return api && api.validate(bytes) ? new api.Module(bytes) : null;
  } catch {
    return null;
  }
}

export const PAGE = 65536;
