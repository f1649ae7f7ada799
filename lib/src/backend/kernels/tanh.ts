/**
 * Tanh on wasm with `tanh-simd.ts`'s four-lane tanhf: the stock kernel's numbers to the bit (it
 * calls musl's tanhf element by element, about 18 ns each here) at about a tenth of its time.
 * The time-loop kernels call `tanhInto` directly, so their steps stay those of the op-by-op loop.
 */
import { UNROLL, tanhf } from "./tanh-simd";
import { KernelFn, WasmBackend, elementwiseKernel } from "./wasm-internals";
import { Rows, unaryRowsInto } from "./vectors";

const OP = { name: "tanhRows", groupFloats: 4 * UNROLL, scalar: tanhf } as const;

/** tanh of the `n` floats at byte offset `from` into byte offset `to` (the same offset is allowed). */
export function tanhInto(backend: WasmBackend, from: number, to: number, n: number): void {
  unaryRowsInto(backend, OP, { offset: from, stride: n }, { offset: to, stride: n }, 1, n);
}

/** tanh of a `rows` × `width` block into another (rows `stride` floats apart; in place allowed). */
export function tanhRowsInto(backend: WasmBackend, from: Rows, to: Rows, rows: number, width: number): void {
  unaryRowsInto(backend, OP, from, to, rows, width);
}

/** The Tanh kernel; `stock` is tfjs's, kept for dtypes other than float32. */
export const tanhKernel = (stock: KernelFn): KernelFn => elementwiseKernel(stock, tanhInto);
