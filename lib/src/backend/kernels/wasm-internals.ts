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
 * Registers `size` float32s at byte `offset` of the heap as a C++ tensor without allocating or
 * copying (a view into another tensor's data). Returns its id; free it with `dropView`, which
 * never frees the memory it points into.
 */
export function makeView(backend: WasmBackend, offset: number, size: number): number {
  const id = backend.dataIdNextNumber++;
  backend.wasm.tfjs.registerTensor(id, size, offset);
  return id;
}

export function dropView(backend: WasmBackend, id: number): void {
  backend.wasm.tfjs.disposeData(id);
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
  /** (aId, aShape, aRank, bId, bShape, bRank, transposeA, transposeB, outId): XNNPACK when both are plain and batch 1. */
  readonly batchMatMul: WasmFunction;
  /** Element-wise, with broadcasting: (aId, aShape, aRank, bId, bShape, bRank, dtype, outId). */
  readonly add: WasmFunction;
  readonly multiply: WasmFunction;
  /** (xId, dtype, outId); in place is allowed. */
  readonly tanh: WasmFunction;
};

const cppCache = new WeakMap<WasmBackend, CppCalls>();

export function cppCalls(backend: WasmBackend): CppCalls {
  let calls = cppCache.get(backend);
  if (calls === undefined) {
    const binary = ["number", "array", "number", "number", "array", "number", "number", "number"];
    calls = {
      batchMatMul: backend.wasm.cwrap("BatchMatMul", null, ["number", "array", "number", "number", "array", "number", "number", "number", "number"]),
      add: backend.wasm.cwrap("Add", null, binary),
      multiply: backend.wasm.cwrap("Multiply", null, binary),
      tanh: backend.wasm.cwrap("Tanh", null, ["number", "number", "number"]),
    };
    cppCache.set(backend, calls);
  }
  return calls;
}
