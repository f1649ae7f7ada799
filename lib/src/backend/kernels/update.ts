/**
 * The trainer's update step on wasm, two kernels of ours over `vector-ops.ts`:
 *
 *   D2lSumOfSquares {x float32}                          → [] float32: Σ x², added in order
 *   D2lSgdUpdate    {param, grad (same shape), scale [], lr []} → param − (grad · scale) · lr
 *
 * As ops, the clipping norm is `sum(square(g))` per gradient, and clipping followed by SGD is
 * `sub(param, mul(mul(grad, scale), lr))`: three passes, two temporaries and three trips through
 * tfjs's engine per parameter, and the stock Multiply and Sub wake XNNPACK's thread pool each time.
 * Here every element gets the same float32 roundings in the same order (one multiply and one add
 * per square, the sum from 0 in element order; two multiplies and a subtraction per update), so
 * the numbers are those of the ops to the bit (`update.test.ts`). A scale of 1 (no clipping)
 * changes nothing: g · 1 is g exactly.
 */
import { sgdUpdateInto, sumOfSquaresInto } from "./vectors";
import { Info, KernelArgs, heapOffset, sizeOf } from "./wasm-internals";

export const SUM_OF_SQUARES = "D2lSumOfSquares";
export const SGD_UPDATE = "D2lSgdUpdate";

const described = (x: Info | undefined) => (x === undefined ? "nothing" : `${x.dtype} [${x.shape}]`);
const isScalar = (x: Info | undefined): x is Info => x !== undefined && x.dtype === "float32" && sizeOf(x.shape) === 1;

export function sumOfSquaresKernel(args: KernelArgs): Info {
  const { backend } = args;
  const x = args.inputs.x;
  if (x === undefined || x.dtype !== "float32") throw new Error(`${SUM_OF_SQUARES}: x: expected a float32 tensor, got ${described(x)}`);
  const out = backend.makeOutput([], "float32");
  const n = sizeOf(x.shape);
  const y = heapOffset(backend, out);
  if (n === 0) new Float32Array(backend.wasm.HEAPU8.buffer, y, 1)[0] = 0;
  else sumOfSquaresInto(backend, heapOffset(backend, x), n, y);
  return out;
}

export function sgdUpdateKernel(args: KernelArgs): Info {
  const { backend } = args;
  const { param, grad, scale, lr } = args.inputs;
  if (param === undefined || param.dtype !== "float32")
    throw new Error(`${SGD_UPDATE}: param: expected a float32 tensor, got ${described(param)}`);
  if (grad === undefined || grad.dtype !== "float32" || grad.shape.join() !== param.shape.join())
    throw new Error(`${SGD_UPDATE}: grad: expected float32 [${param.shape}] (the param's shape), got ${described(grad)}`);
  for (const [label, x] of [
    ["scale", scale],
    ["lr", lr],
  ] as const) {
    if (!isScalar(x)) throw new Error(`${SGD_UPDATE}: ${label}: expected a float32 scalar, got ${described(x)}`);
  }
  const out = backend.makeOutput(param.shape, "float32");
  const n = sizeOf(param.shape);
  if (n === 0) return out;
  const at = (x: Info) => heapOffset(backend, x);
  sgdUpdateInto(backend, { p: at(param), g: at(grad), out: at(out), scaleAt: at(scale as Info), lrAt: at(lr as Info) }, n);
  return out;
}
