/**
 * Square on wasm as x ⊙ x in our module's lanes (`vectors.ts`): the stock kernel forms the same
 * single rounded multiply per element, one element at a time, so the numbers are its own to the
 * bit. The clipping norm squares every gradient once per batch (1.25 M floats for the GRU).
 */
import { mulInto } from "./vectors";
import { KernelFn, elementwiseKernel } from "./wasm-internals";

/** The Square kernel; `stock` is tfjs's, kept for dtypes other than float32. */
export const squareKernel = (stock: KernelFn): KernelFn =>
  elementwiseKernel(stock, (backend, from, to, n) => mulInto(backend, from, from, to, n));
