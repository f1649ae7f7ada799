/**
 * Identity on wasm by sharing the data, as the cpu backend and wasm's own Reshape already do.
 *
 * While gradients are recorded, tfjs-core keeps every tensor a gradient will need by
 * `engine.clone`, which runs Identity; the stock wasm Identity copies the data, so a training
 * batch copied every weight matrix once per time step and use (hundreds of copies per batch).
 * Tensor data is never written after creation (Variable.assign switches to new data), so sharing
 * it under a reference count is safe; the backend frees it when the last holder is disposed.
 */
import { Info, KernelArgs, KernelFn } from "./wasm-internals";

export function identityKernel(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const x = args.inputs.x as Info;
    if (x.dtype === "string") return stock(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  };
}
