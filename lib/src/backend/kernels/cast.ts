/**
 * Cast to bool on wasm. tfjs-backend-wasm 4.22's Cast copies the values into the output's typed
 * array, which for bool is a Uint8Array: 0.5 became 0 (false), 256 became 0 and −1 became 255. A
 * cast to bool is x ≠ 0, as on the cpu backend (NaN is true); the other casts go to the stock kernel.
 */
import { Info, KernelArgs, KernelFn } from "./wasm-internals";

export function castKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const x = args.inputs.x as Info;
    if (args.attrs.dtype !== "bool" || x.dtype === "bool") return stock(args);
    const { backend } = args;
    const out = backend.makeOutput(x.shape, "bool");
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    for (let i = 0; i < from.length; i++) to[i] = from[i] !== 0 ? 1 : 0;
    return out;
  };
}
