/**
 * The parts of tfjs-backend-wasm 4.22's `BackendWasm` that our kernels use. They are not public
 * API, which is why `registerWasmKernels` checks the exact version before touching them.
 *
 * Every tensor the backend owns has a JS `dataId` (an object) mapped to a number `id` that the
 * C++ side knows, plus the byte offset of its data on the wasm heap.
 */
import * as tf from "@tensorflow/tfjs";

/** A tensor as kernels see it (tfjs-core's `TensorInfo`). */
export type Info = { dataId: object; shape: number[]; dtype: tf.DataType };

type HeapEntry = { id: number; memoryOffset: number; shape: number[]; dtype: tf.DataType; refCount: number };

/** An emscripten export wrapped by `cwrap`. */
export type WasmFunction = (...args: unknown[]) => void;

export interface WasmBackend {
  readonly wasm: {
    readonly HEAPU8: Uint8Array;
    cwrap(name: string, returnType: null, argTypes: string[]): WasmFunction;
    readonly tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
  dataIdNextNumber: number;
  readonly dataIdMap: {
    get(dataId: object): HeapEntry;
    has(dataId: object): boolean;
    delete(dataId: object): boolean;
  };
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(info: Info): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

/** What a kernel function receives. */
export type KernelArgs = { inputs: Record<string, Info | undefined>; backend: WasmBackend; attrs: Record<string, unknown> };
export type KernelFn = (args: KernelArgs) => Info | Info[];

/** The C++ id of a tensor. */
export function heapId(backend: WasmBackend, info: Info): number {
  return backend.dataIdMap.get(info.dataId).id;
}

/** Byte offset of a tensor's data on the wasm heap. */
export function heapOffset(backend: WasmBackend, info: Info): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}

/**
 * A one-input element-wise kernel: `into(backend, from, to, n)` maps the n floats at byte offset
 * `from` into a new tensor's; `stock` (tfjs's kernel) takes the dtypes other than float32.
 */
export function elementwiseKernel(stock: KernelFn, into: (backend: WasmBackend, from: number, to: number, n: number) => void): KernelFn {
  return (args: KernelArgs) => {
    const { backend } = args;
    const x = args.inputs.x as Info;
    if (x.dtype !== "float32") return stock(args);
    const out = backend.makeOutput(x.shape, "float32");
    into(backend, heapOffset(backend, x), heapOffset(backend, out), sizeOf(x.shape));
    return out;
  };
}

/** Frees an intermediate result that no tensor holds (kernel-internal temporaries). */
export function release(backend: WasmBackend, info: Info): void {
  backend.disposeData(info.dataId);
}

/** The kernel function that tfjs has registered for `name` on wasm (throws when there is none). */
export function wasmKernel(name: string): KernelFn {
  const config = tf.getKernel(name, "wasm");
  if (config === undefined) throw new Error(`registerWasmKernels: tfjs-backend-wasm has no ${name} kernel`);
  return config.kernelFunc as unknown as KernelFn;
}

/** The product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** tfjs-backend-wasm's `CppDType` for float32, as its C++ kernels take it. */
export const CPP_FLOAT32 = 0;

/** A shape as the `array` argument of a C++ kernel (int32 bytes). */
export const shapeBytes = (shape: readonly number[]): Uint8Array => new Uint8Array(new Int32Array(shape).buffer);

/** The backend's own C++ kernel functions that ours call directly (the ones its stock kernels call). */
export type CppCalls = {
  /** Element-wise, with broadcasting: (aId, aShape, aRank, bId, bShape, bRank, dtype, outId). */
  readonly multiply: WasmFunction;
};

const cppCache = new WeakMap<WasmBackend, CppCalls>();

export function cppCalls(backend: WasmBackend): CppCalls {
  let calls = cppCache.get(backend);
  if (calls === undefined) {
    const binary = ["number", "array", "number", "number", "array", "number", "number", "number"];
    calls = {
      multiply: backend.wasm.cwrap("Multiply", null, binary),
    };
    cppCache.set(backend, calls);
  }
  return calls;
}

/**
 * [T, B, H]: T from the `numSteps` attribute, T·B from the rows of `rows`, H from the columns of
 * `cols` (both rank 2). The caller then checks every input against these.
 */
export function stepDims(kernel: string, numSteps: unknown, rows: Info | undefined, cols: Info | undefined): [number, number, number] {
  const T = numSteps as number;
  const B = (rows?.shape[0] ?? NaN) / T;
  if (rows?.shape.length !== 2 || cols?.shape.length !== 2 || !Number.isInteger(T) || T < 1 || !Number.isInteger(B) || B < 1) {
    throw new Error(`${kernel}: expected T·B rows with T = ${String(numSteps)} steps, got [${rows?.shape ?? ""}]`);
  }
  return [T, B, cols.shape[1]];
}

/** Throws unless `x` is float32 of exactly `shape`, naming the kernel and the input. */
export function expectShape(kernel: string, label: string, x: Info | undefined, shape: readonly number[]): Info {
  if (x === undefined || x.dtype !== "float32" || x.shape.join() !== shape.join()) {
    const got = x === undefined ? "nothing" : `${x.dtype} [${x.shape}]`;
    throw new Error(`${kernel}: ${label}: expected float32 [${shape}], got ${got}`);
  }
  return x;
}

/** A place in the heap: the byte offset that our own wasm functions (`gemm.ts`, `vectors.ts`) take. */
export type Place = { readonly offset: number };

/** The step blocks of a time-major `[T·B, k]` tensor: block t covers rows t·B … t·B + B − 1. */
export function stepPlaces(backend: WasmBackend, x: Info, numSteps: number, blockSize: number): Place[] {
  const base = heapOffset(backend, x);
  return Array.from({ length: numSteps }, (_, t) => ({ offset: base + 4 * t * blockSize }));
}
