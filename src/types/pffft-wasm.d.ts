// Types for the parts of @echogarden/pffft-wasm (Emscripten build of PFFFT) that sonicprint uses.
declare module '@echogarden/pffft-wasm/simd' {
  export interface PffftModule {
    HEAPF32: Float32Array;
    _pffft_new_setup(n: number, transform: 0 | 1): number;
    _pffft_destroy_setup(setup: number): void;
    _pffft_aligned_malloc(bytes: number): number;
    _pffft_aligned_free(ptr: number): void;
    /** direction 0 = forward, 1 = backward; output in canonical order. */
    _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: 0 | 1): void;
  }
  /** Emscripten module options: `instantiateWasm` replaces the default instantiation (its result goes to `receive`). */
  export interface PffftOptions {
    instantiateWasm?(imports: object, receive: (instance: { exports: Record<string, unknown> }, module: unknown) => void): object;
  }
  const factory: (options?: PffftOptions) => Promise<PffftModule>;
  export default factory;
}
