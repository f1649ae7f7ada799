/**
 * Sigmoid on wasm with `sigmoid-simd.ts`'s four-lane σ: the stock kernel's numbers to the bit
 * (it runs XNNPACK's sigmoid through XNNPACK's thread pool, whose wake-up costs about 100 µs on a
 * time loop's [32, 768] here). The GRU and LSTM loops call `sigmoidInto` directly.
 */
import { gemmExports } from "./gemm";
import { SIGMOID_UNROLL, sigmoidf } from "./sigmoid-simd";
import { KernelFn, WasmBackend, elementwiseKernel } from "./wasm-internals";
import { Rows, unaryRowsInto } from "./vectors";

/** σ of the `n` floats at byte offset `from` into byte offset `to` (the same offset is allowed). */
export function sigmoidInto(backend: WasmBackend, from: number, to: number, n: number): void {
  const groups = Math.floor(n / (4 * SIGMOID_UNROLL));
  gemmExports(backend).sigmoid(from, to, groups);
  if (groups * 4 * SIGMOID_UNROLL === n) return;
  const heap = new Float32Array(backend.wasm.HEAPU8.buffer);
  for (let i = groups * 4 * SIGMOID_UNROLL; i < n; i++) heap[to / 4 + i] = sigmoidf(heap[from / 4 + i]);
}

/** σ of a `rows` × `width` block into another (rows `stride` floats apart; in place allowed). */
export function sigmoidRowsInto(backend: WasmBackend, from: Rows, to: Rows, rows: number, width: number): void {
  unaryRowsInto(backend, { name: "sigmoidRows", groupFloats: 4 * SIGMOID_UNROLL, scalar: sigmoidf }, from, to, rows, width);
}

/** The Sigmoid kernel; `stock` is tfjs's, kept for dtypes other than float32. */
export const sigmoidKernel = (stock: KernelFn): KernelFn => elementwiseKernel(stock, sigmoidInto);
