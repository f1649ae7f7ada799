/**
 * Sum over leading axes on wasm without a transpose. Reductions in tfjs-backend-wasm 4.22 first
 * transpose the input so that the reduced axes come last; a bias gradient (the column sums of a
 * `[T·B, V]` gradient) thus copied the whole matrix before adding it up. Here the rows are added
 * into the output in place, row after row (the order the stock kernel adds them in), four columns
 * per wasm lane group (`vectors.ts`). Other reductions go to the stock kernel.
 */
import * as tf from "@tensorflow/tfjs";
import { sumRowsInto } from "./vectors";
import { Info, KernelArgs, KernelFn, heapOffset, sizeOf } from "./wasm-internals";

export function sumKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const { backend } = args;
    const x = args.inputs.x as Info;
    const axes = tf.util.parseAxisParam(args.attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
    const leading = axes.every((a, i) => a === i) && axes.length < x.shape.length;
    if (!leading || x.dtype !== "float32" || axes.length === 0) return stock(args);
    const rows = sizeOf(x.shape.slice(0, axes.length));
    const kept = x.shape.slice(axes.length);
    const width = sizeOf(kept);
    const outShape = args.attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const out = backend.makeOutput(outShape, "float32");
    if (width === 0) return out;
    sumRowsInto(backend, heapOffset(backend, out), heapOffset(backend, x), rows, width, width);
    return out;
  };
}
