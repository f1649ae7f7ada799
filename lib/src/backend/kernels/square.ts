/**
 * Square on wasm as x ⊙ x in our module's lanes (`vectors.ts`): the stock kernel forms the same
 * single rounded multiply per element, one element at a time, so the numbers are its own to the
 * bit. The clipping norm squares every gradient once per batch (1.25 M floats for the GRU).
 */
import { mulInto } from "./vectors";
import { Info, KernelArgs, KernelFn, heapOffset, sizeOf } from "./wasm-internals";

/** The Square kernel; `stock` is tfjs's, kept for dtypes other than float32. */
export function squareKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const { backend } = args;
    const x = args.inputs.x as Info;
    if (x.dtype !== "float32") return stock(args);
    const out = backend.makeOutput(x.shape, "float32");
    const at = heapOffset(backend, x);
    mulInto(backend, at, at, heapOffset(backend, out), sizeOf(x.shape));
    return out;
  };
}
