/**
 * `param − lr · (scale · grad)` in one pass on wasm: the clipped SGD step of the trainer.
 *
 * Done with tensor ops it is three passes over every parameter (clip, times lr, subtract), each
 * with its own output; for the LSTM's 1.6 million parameters that was ~7 ms of every batch, all of
 * it on the main thread while the `workers: 2` replica waits. Here each element is rounded to
 * float32 after every operation, in the order the ops would compute it, so the result is the
 * same to the bit: a double-precision product or difference of two float32 numbers rounded once
 * to float32 is the correctly rounded float32 result.
 */
import { Info, KernelArgs, sizeOf } from "./wasm-internals";

export const SGD_UPDATE = "D2lSgdUpdate";

/** inputs {param, grad}; attrs {lr, scale}: `param − fround(lr) · fround(fround(scale) · grad)`, scale 1 skipped. */
export function sgdUpdateKernel(args: KernelArgs): Info {
  const { backend } = args;
  const param = args.inputs.param as Info;
  const grad = args.inputs.grad as Info;
  const lr = Math.fround(args.attrs.lr as number);
  const scale = Math.fround(args.attrs.scale as number);
  if (param.dtype !== "float32" || grad.dtype !== "float32" || sizeOf(param.shape) !== sizeOf(grad.shape)) {
    throw new Error(`${SGD_UPDATE}: expected float32 param and grad of one size, got ${param.dtype} [${param.shape}] and ${grad.dtype} [${grad.shape}]`);
  }
  const out = backend.makeOutput(param.shape.slice(), "float32");
  // Views after makeOutput: allocating may grow (and so replace) the heap.
  const o = backend.typedArrayFromHeap(out) as Float32Array;
  const p = backend.typedArrayFromHeap(param) as Float32Array;
  const g = backend.typedArrayFromHeap(grad) as Float32Array;
  const f = Math.fround;
  if (scale === 1) {
    for (let i = 0; i < o.length; i++) o[i] = p[i] - f(g[i] * lr);
  } else {
    for (let i = 0; i < o.length; i++) o[i] = p[i] - f(f(g[i] * scale) * lr);
  }
  return out;
}
