/**
 * Sigmoid on wasm with `sigmoid-simd.ts`'s four-lane σ: the stock kernel's numbers to the bit
 * (it runs XNNPACK's sigmoid through XNNPACK's thread pool, whose wake-up costs about 100 µs on a
 * time loop's [32, 768] here). The GRU and LSTM loops call `sigmoidInto` directly.
 */
import { SIGMOID_UNROLL, sigmoidf } from "./sigmoid-simd";
import { KernelFn, WasmBackend, elementwiseKernel } from "./wasm-internals";
import { Rows, unaryRowsInto } from "./vectors";

const OP = { name: "sigmoidRows", groupFloats: 4 * SIGMOID_UNROLL, scalar: sigmoidf } as const;

/** σ of the `n` floats at byte offset `from` into byte offset `to` (the same offset is allowed). */
export function sigmoidInto(backend: WasmBackend, from: number, to: number, n: number): void {
  unaryRowsInto(backend, OP, { offset: from, stride: n }, { offset: to, stride: n }, 1, n);
}

/** σ of a `rows` × `width` block into another (rows `stride` floats apart; in place allowed). */
export function sigmoidRowsInto(backend: WasmBackend, from: Rows, to: Rows, rows: number, width: number): void {
  unaryRowsInto(backend, OP, from, to, rows, width);
}

/** The Sigmoid kernel; `stock` is tfjs's, kept for dtypes other than float32. */
export const sigmoidKernel = (stock: KernelFn): KernelFn => elementwiseKernel(stock, sigmoidInto);
