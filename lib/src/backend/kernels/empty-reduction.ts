/**
 * Reductions of an empty tensor on wasm. tfjs-backend-wasm 4.22's Sum, Mean, Prod, Max, Min, All
 * and Any allocate their output and let the C++ loop fill it; over an axis of length 0 the loop
 * never runs, so `tf.sum(tf.zeros([0, 3]))` returns whatever the heap held there before (a
 * different number from run to run of a notebook, and from the notebook to the grader). Here an
 * empty input gets the values of tfjs's cpu backend, its reference: sums and means 0, products 1,
 * max and min NaN (int32: 0), all and any false. Non-empty inputs go to the kernel underneath.
 */
import * as tf from "@tensorflow/tfjs";
import { Info, KernelArgs, KernelFn, sizeOf } from "./wasm-internals";

export const EMPTY_REDUCTIONS = ["Sum", "Mean", "Prod", "Max", "Min", "All", "Any"] as const;
export type EmptyReduction = (typeof EMPTY_REDUCTIONS)[number];

/** What the cpu backend returns for a reduction over no elements, and in which dtype. */
export function emptyResult(name: EmptyReduction, dtype: tf.DataType): { readonly value: number; readonly dtype: tf.DataType } {
  switch (name) {
    case "Sum":
      return { value: 0, dtype };
    case "Mean":
      return { value: 0, dtype: "float32" };
    case "Prod":
      return { value: 1, dtype };
    case "Max":
    case "Min":
      return { value: dtype === "float32" ? NaN : 0, dtype };
    case "All":
    case "Any":
      return { value: 0, dtype: "bool" };
    default: {
      const never: never = name;
      throw new Error(`emptyResult: unknown reduction ${String(never)}`);
    }
  }
}

/** `inner` (the stock kernel, or ours over it) for non-empty inputs; the cpu backend's values for empty ones. */
export function emptyReductionKernel(name: EmptyReduction, inner: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const x = args.inputs.x as Info;
    if (sizeOf(x.shape) !== 0) return inner(args);
    // Max names its axes `reductionIndices`; the others `axis`.
    const axis = (args.attrs.axis ?? args.attrs.reductionIndices) as number | number[];
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const shape = args.attrs.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const { value, dtype } = emptyResult(name, x.dtype);
    const out = args.backend.makeOutput(shape, dtype);
    if (sizeOf(shape) > 0) args.backend.typedArrayFromHeap(out).fill(value);
    return out;
  };
}
