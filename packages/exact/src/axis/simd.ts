/**
 * @module axis/simd
 * The WebAssembly SIMD forms of the depth-2 kernel (./kernel.wat, built into ./kernel-wasm.ts), four
 * features a pass: the two-class difference kernel (0.6 ns a row against 2.5 ns for the int32
 * JavaScript kernel `sweep2DI` in ./solver.ts, in a microbenchmark over every threshold of ionosphere,
 * breast cancer and Pima) and branch-free kernels for 3 to 8 classes (iris and wine at depth 3: about
 * half the time of the skipping JavaScript kernel `sweepKP`). One instance per thread (compiled on first
 * use); its memory holds the current depth-2 node's packed rows, interleaved per group of four
 * features, and grows as needed. `simdKernel()` is null where WebAssembly SIMD is unavailable, and
 * the solver then uses the JavaScript kernels — the same values (tested).
 */
import { KERNEL_WASM_BASE64 } from './kernel-wasm.js';

// Node's global WebAssembly, typed here as far as this module uses it (the project's TypeScript libs
// are ES-only, without the DOM's WebAssembly declarations).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
};

/**
 * Bytes at the start of the memory for the kernels' output (four v128: minL, maxL, minR, maxR) and
 * the many-class kernels' input (the sides' class totals, 2 · SIMD_MAX_CLASSES i32 from byte 64).
 */
export const SIMD_OUT_BYTES = 128;

/** Most classes with a SIMD many-class kernel (kern3 … kern8; scripts/build-kernel.mjs). */
export const SIMD_MAX_CLASSES = 8;

/** The compiled kernel and its memory. */
export class SimdKernel {
  private readonly memory: WasmMemory;
  /** diff4(p, s, r, out): see kernel.wat. */
  readonly diff4: (p: number, s: number, r: number, out: number) => void;
  /** kernK(p, s, r, out) for K = 3 … {@link SIMD_MAX_CLASSES} classes, by K (see build-kernel.mjs). */
  readonly kern: ((p: number, s: number, r: number, out: number) => void)[];
  /** A view of the whole memory (replaced when the memory grows). */
  i32: Int32Array;

  constructor(instance: WasmInstance) {
    const ex = instance.exports as Record<string, unknown> & {
      memory: WasmMemory;
      diff4: SimdKernel['diff4'];
    };
    this.memory = ex.memory;
    this.diff4 = ex.diff4;
    this.kern = [];
    for (let k = 3; k <= SIMD_MAX_CLASSES; k++) this.kern[k] = ex[`kern${k}`] as SimdKernel['kern'][number];
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /**
   * Makes the memory at least `bytes` long (views taken before are then stale: use `i32`). False when
   * it cannot grow that far (a 32-bit memory holds at most 4 GiB, and the engine may refuse less): the
   * caller then uses the JavaScript kernels.
   */
  ensure(bytes: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (have >= bytes) return true;
    try {
      this.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false;
    }
    this.i32 = new Int32Array(this.memory.buffer);
    return true;
  }
}

let kernel: SimdKernel | null | undefined;
let enabled = true;

/** This thread's kernel, or null without WebAssembly SIMD (or when disabled for tests). */
export function simdKernel(): SimdKernel | null {
  if (!enabled) return null;
  if (kernel === undefined) {
    try {
      const bytes = Buffer.from(KERNEL_WASM_BASE64, 'base64');
      kernel = new SimdKernel(new WebAssembly.Instance(new WebAssembly.Module(bytes), {}));
    } catch {
      kernel = null;
    }
  }
  return kernel;
}

/** Turns the SIMD kernel off or on (tests compare both paths); returns the previous setting. */
export function setSimdEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}
