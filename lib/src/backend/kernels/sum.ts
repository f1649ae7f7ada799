/**
 * Sum over leading axes on wasm without a transpose. Reductions in tfjs-backend-wasm 4.22 first
 * transpose the input so that the reduced axes come last; a bias gradient (the column sums of a
 * `[T·B, V]` gradient) thus copied the whole matrix before adding it up. Here the rows are added
 * into the output in place, row after row (the order the stock kernel adds them in). Other
 * reductions go to the stock kernel.
 */
import * as tf from "@tensorflow/tfjs";
import { Info, KernelArgs, KernelFn, sizeOf } from "./wasm-internals";

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
    const y = backend.typedArrayFromHeap(out) as Float32Array; // views after makeOutput
    const xs = backend.typedArrayFromHeap(x) as Float32Array;
    addRows(y, xs, rows, width);
    return out;
  };
}

/**
 * y[c] = (((0 + x[0][c]) + x[1][c]) + …) in float32, rows in order: four rows per sweep over y,
 * each sum rounded to float32 as it is formed, so the result is that of one row at a time
 * (bit for bit) with a quarter of the loads and stores of y.
 */
function addRows(y: Float32Array, xs: Float32Array, rows: number, width: number): void {
  const f = Math.fround;
  y.fill(0);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a = r * width;
    const b = a + width;
    const c2 = b + width;
    const d = c2 + width;
    for (let c = 0; c < width; c++) y[c] = f(f(f(f(y[c] + xs[a + c]) + xs[b + c]) + xs[c2 + c]) + xs[d + c]);
  }
  for (; r < rows; r++) {
    const a = r * width;
    for (let c = 0; c < width; c++) y[c] += xs[a + c];
  }
}
