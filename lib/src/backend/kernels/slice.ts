/**
 * Slice, Unpack (unstack) and SplitV on wasm without copying the whole input.
 *
 * The stock wasm Slice kernel of tfjs 4.22 starts with `backend.readSync(x)`, a copy of the entire
 * input out of the wasm heap, for every slice; unstacking a [35, 32, 256] tensor copies it 35
 * times (~18 ms where ~0.2 ms will do), and the backward pass of every `tf.concat` is a SplitV made
 * of such slices. These kernels read the input through a view of the heap instead and copy only the
 * requested elements, in contiguous runs. Unpack and SplitV are rewritten too because the stock
 * ones call the stock slice directly, not through the kernel registry.
 */
import * as tf from "@tensorflow/tfjs";
import { Info, KernelArgs, KernelFn, WasmBackend, sizeOf } from "./wasm-internals";

/** Copies `x[begin : begin + size]` into a new output. */
function sliceOf(backend: WasmBackend, x: Info, begin: number[], size: number[]): Info {
  const out = backend.makeOutput(size, x.dtype);
  if (sizeOf(size) === 0) return out;
  // Views are taken after makeOutput: an allocation may grow (and detach) the heap.
  const xs = backend.typedArrayFromHeap(x);
  const ys = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  // Axes k+1.. are taken whole, so each step along axes ..k copies one contiguous run.
  let k = rank - 1;
  while (k > 0 && begin[k] === 0 && size[k] === x.shape[k]) k--;
  const strides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * x.shape[d + 1];
  const run = size[k] * strides[k];
  const outer = size.slice(0, k);
  const count = sizeOf(outer);
  const index = new Array<number>(k).fill(0);
  for (let n = 0, at = 0; n < count; n++, at += run) {
    let from = begin[k] * strides[k];
    for (let d = 0; d < k; d++) from += (begin[d] + index[d]) * strides[d];
    ys.set(xs.subarray(from, from + run), at);
    for (let d = k - 1; d >= 0; d--) {
      if (++index[d] < outer[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/** The corrected Slice kernel (strings still go to the stock one). */
export function sliceKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const x = args.inputs.x as Info;
    if (x.dtype === "string") return stock(args);
    const [begin, size] = tf.slice_util.parseSliceParams(
      x as unknown as tf.Tensor,
      args.attrs.begin as number[],
      args.attrs.size as number[],
    );
    return sliceOf(args.backend, x, begin, size);
  };
}

/** The corrected Unpack kernel: one slice per entry along `axis`, that axis dropped. */
export function unpackKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const value = args.inputs.value as Info;
    if (value.dtype === "string") return stock(args);
    const rank = value.shape.length;
    const axis = (args.attrs.axis as number) < 0 ? (args.attrs.axis as number) + rank : (args.attrs.axis as number);
    const outShape = value.shape.filter((_, d) => d !== axis);
    const begin = new Array<number>(rank).fill(0);
    const size = value.shape.slice();
    size[axis] = 1;
    return Array.from({ length: value.shape[axis] }, (_, i) => {
      begin[axis] = i;
      const piece = sliceOf(args.backend, value, begin, size);
      return { ...piece, shape: outShape };
    });
  };
}

/** The corrected SplitV kernel: consecutive slices along `axis`. */
export function splitVKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const x = args.inputs.x as Info;
    if (x.dtype === "string") return stock(args);
    const axis = tf.util.parseAxisParam(args.attrs.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, args.attrs.numOrSizeSplits as number | number[], axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = x.shape.slice();
      size[axis] = s;
      const piece = sliceOf(args.backend, x, begin, size);
      begin[axis] += s;
      return piece;
    });
  };
}
