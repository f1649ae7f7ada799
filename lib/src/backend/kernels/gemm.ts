/**
 * Our float32 matrix product on the wasm heap: C = op(A) · op(B) (+ a bias row), for the
 * MatMul kernels and the time loops.
 *
 * tfjs-backend-wasm 4.22 sends products to its XNNPACK build, whose f32 GEMM reaches about
 * 24 GFLOP/s per core on this machine's AMD EPYC; the generated module (`gemm-module.ts`) reaches
 * about 44 on the same shapes, with the same operations in the same order, so the numbers are
 * XNNPACK's to the bit (`gemm.test.ts`). It is instantiated on the backend's own memory, reads
 * operands where they lie (any strides: a transposed operand is no longer copied first) and
 * writes the product straight into the output tensor.
 *
 * op(B) is packed into panels of 8 columns first (K·N copies for M·K·N products); a caller
 * that multiplies by the same weights many times (a time loop) packs them once (`packB`).
 */
import { GemmExports, MR, NR, gemmModuleBytes } from "./gemm-module";
import { GemmPool, unitLayout, unitRange } from "./gemm-pool";
import { Info, WasmBackend, heapOffset, release } from "./wasm-internals";
import { wasmThreadsInUse } from "./wasm-threads";

/** A matrix on the heap: byte offset of element [0, 0] and element strides of its rows and columns. */
export interface Operand {
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** op(B) packed into panels, held by a tensor the caller releases with `dropPacked`. */
export interface PackedB {
  readonly tensor: Info;
  readonly offset: number;
  readonly K: number;
  readonly N: number;
}

/** The parts of the WebAssembly API used here (the library compiles without the DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmApi {
  readonly Memory: abstract new (...args: never[]) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Products smaller than this many multiply-adds (about 50 µs on one core) run on the calling thread alone. */
const POOL_MIN_MACS = 1 << 20;

/** The module on one heap: its exports and the helpers' pool. */
export type Instance = { readonly ex: GemmExports; readonly pool: GemmPool | undefined };
const modules = new WeakMap<object, Instance>();

/**
 * While set, every function here and in `vectors.ts` calls these exports, with no pool, instead
 * of the heap's instance: `row-split.ts` records a program this way (`recording`: its exports
 * only note the calls) and runs its own block of rows (the pool is busy with the others).
 */
let standIn: { readonly instance: Instance; readonly recording: boolean } | undefined;

/** Runs `fn` with `instance` standing in for every backend's (see `standIn`). */
export function withStandIn<T>(instance: Instance, recording: boolean, fn: () => T): T {
  if (standIn !== undefined) throw new Error("withStandIn: already inside a split time loop");
  standIn = { instance, recording };
  try {
    return fn();
  } finally {
    standIn = undefined;
  }
}

/** Whether a split time loop is being recorded or run (`row-split.ts`): no nested split then. */
export const insideSplit = (): boolean => standIn !== undefined;

/** Thrown while recording by a call that must read or write the heap from JS now: the loop then runs whole. */
export class NotRecordable extends Error {}

/**
 * The heap as floats, for the JS tails of `vectors.ts` (the columns that fill no group); while a
 * program is recorded nothing may touch the heap (the numbers are not there yet).
 */
export function liveHeap(backend: WasmBackend): Float32Array {
  if (standIn?.recording) throw new NotRecordable("a JS tail (a width that is not a whole number of groups) cannot be recorded");
  return new Float32Array(backend.wasm.HEAPU8.buffer);
}

/** The wasm backend's heap as a `WebAssembly.Memory` (the threaded and the plain build keep it in different places). */
export function wasmMemory(backend: WasmBackend): WasmMemory {
  const w = backend.wasm as unknown as { wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } };
  const memory = w.wasmMemory ?? w.asm?.memory;
  if (!(memory instanceof WA.Memory)) throw new Error("gemm: the wasm backend's memory was not found (tfjs 4.22.0 layout)");
  return memory;
}

/**
 * The module on this backend's heap (compiled and instantiated once), with one helper thread per
 * wasm thread beyond the first when the heap is shared (tfjs's threaded build).
 */
export function instance(backend: WasmBackend): Instance {
  if (standIn !== undefined) return standIn.instance;
  const memory = wasmMemory(backend);
  let found = modules.get(memory);
  if (found === undefined) {
    const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
    const module = new WA.Module(gemmModuleBytes(shared));
    const ex = new WA.Instance(module, { env: { memory } }).exports as unknown as GemmExports;
    const helpers = shared ? wasmThreadsInUse() - 1 : 0;
    found = { ex, pool: helpers > 0 ? new GemmPool(module, memory, helpers) : undefined };
    modules.set(memory, found);
  }
  return found;
}

/** The module's exports on this backend's heap. */
export function gemmExports(backend: WasmBackend): GemmExports {
  return instance(backend).ex;
}

/** Packs op(B) [K, N] into panels (a new tensor). */
export function packB(backend: WasmBackend, b: Operand, K: number, N: number): PackedB {
  const panels = Math.ceil(N / NR);
  const tensor = backend.makeOutput([panels * NR * K], "float32");
  const offset = heapOffset(backend, tensor);
  // The generated loops run at least once: an empty operand must not reach them.
  if (K > 0 && N > 0) gemmExports(backend).packB(b.offset, 4 * b.rowStride, 4 * b.colStride, K, N, offset);
  return { tensor, offset, K, N };
}

export function dropPacked(backend: WasmBackend, packed: PackedB): void {
  release(backend, packed.tensor);
}

/**
 * C [M, N] (row stride `ldc` elements) = op(A) [M, K] · packed op(B), plus `bias` [N] on every row
 * when given (a float32 tensor of N elements: the sums then start from it, as XNNPACK's do).
 */
export function gemmPacked(backend: WasmBackend, a: Operand, M: number, b: PackedB, c: { offset: number; ldc: number }, bias?: Info): void {
  const { K, N } = b;
  if (M === 0 || N === 0) return;
  if (K === 0) throw new Error("gemmPacked: K = 0 (the caller fills zeros)");
  const { ex, pool } = instance(backend);
  const temps: Info[] = [];
  try {
    if (standIn?.recording && (a.colStride !== 1 || bias !== undefined))
      throw new NotRecordable("a product with a temporary cannot be recorded");
    let aOffset = a.offset;
    let ars = 4 * a.rowStride;
    let aks = 4 * a.colStride;
    let ats = MR * ars;
    if (a.colStride !== 1) {
      // A k axis with a stride (a transposed operand) is packed into row tiles first.
      const tiles = Math.ceil(M / MR);
      const packed = backend.makeOutput([tiles * MR * K], "float32");
      temps.push(packed);
      aOffset = heapOffset(backend, packed);
      ex.packA(a.offset, aks, ars, K, M, aOffset);
      [ars, aks, ats] = [4, 4 * MR, 4 * MR * K];
    }
    const biasOffset = bias === undefined ? 0 : paddedBias(backend, bias, N, temps);
    const args = [aOffset, ars, aks, ats, b.offset, biasOffset, c.offset, 4 * c.ldc, M, N, K, 0, 0, 0, 0];
    const threads = pool === undefined || M * N * K < POOL_MIN_MACS ? 1 : pool.helpers + 1;
    const layout = unitLayout(M, N, K, threads);
    if (threads > 1) pool?.run(ex, args, layout);
    else {
      for (let u = 0; u < layout.units; u++) {
        [args[11], args[12], args[13], args[14]] = unitRange(layout, u);
        ex.gemm(...args);
      }
    }
  } finally {
    temps.forEach((t) => release(backend, t));
  }
}

/** The bias copied to a multiple of 8 elements (the last panel's extra columns are never stored). */
function paddedBias(backend: WasmBackend, bias: Info, N: number, temps: Info[]): number {
  const padded = backend.makeOutput([Math.ceil(N / NR) * NR], "float32");
  temps.push(padded);
  const to = backend.typedArrayFromHeap(padded) as Float32Array;
  to.set(backend.typedArrayFromHeap(bias) as Float32Array);
  to.fill(0, N);
  return heapOffset(backend, padded);
}

/** C = op(A) [M, K] · op(B) [K, N] (+ bias), packing op(B) for this one product. */
export function gemm(
  backend: WasmBackend,
  a: Operand,
  b: Operand,
  dims: { M: number; K: number; N: number },
  c: { offset: number; ldc: number },
  bias?: Info,
): void {
  const packed = packB(backend, b, dims.K, dims.N);
  try {
    gemmPacked(backend, a, dims.M, packed, c, bias);
  } finally {
    dropPacked(backend, packed);
  }
}

/** A plain [K, N] weight matrix packed once, for a time loop that multiplies by it at every step. */
export function packWeights(backend: WasmBackend, w: Info): PackedB {
  const [K, N] = w.shape;
  return packB(backend, { offset: heapOffset(backend, w), rowStride: N, colStride: 1 }, K, N);
}

/** The transpose of a plain [K, N] weight matrix, packed without a transposed copy (element (n, k) of wᵀ is w[k][n]). */
export function packTransposedWeights(backend: WasmBackend, w: Info): PackedB {
  const [K, N] = w.shape;
  return packB(backend, { offset: heapOffset(backend, w), rowStride: 1, colStride: N }, N, K);
}

/** out [rows, N] = the plain [rows, K] block at byte offset `a` · packed weights. */
export function timesWeights(backend: WasmBackend, a: number, rows: number, w: PackedB, out: number): void {
  gemmPacked(backend, { offset: a, rowStride: w.K, colStride: 1 }, rows, w, { offset: out, ldc: w.N });
}
