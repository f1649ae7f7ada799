/**
 * The gradient of the mean softmax cross-entropy on wasm in one vectorised pass:
 * (softmax − oneHot(labels)) · scale, with scale = dy / N.
 *
 * Written with tensor ops (`loss.ts`) it is a product, a gather of the N label entries, a
 * subtraction and a scatter that copies the whole [N, V] product once more. Here the backend's
 * C++ Multiply writes `probs · scale` and the N label entries are then corrected in place, with
 * the same float32 roundings as the ops, so the result is the same to the bit.
 *
 *   D2lCrossEntropyGrad {probs [N, V] float32, at [N] int32 (flat index n·V + label_n), scale [] float32}
 */
import { CPP_FLOAT32, Info, KernelArgs, cppCalls, heapId, shapeBytes, sizeOf } from "./wasm-internals";

export const CROSS_ENTROPY_GRAD = "D2lCrossEntropyGrad";

export function crossEntropyGradKernel(args: KernelArgs): Info {
  const { backend } = args;
  const probs = args.inputs.probs as Info;
  const at = args.inputs.at as Info;
  const scale = args.inputs.scale as Info;
  const [N, V] = probs.shape;
  if (
    probs.shape.length !== 2 ||
    probs.dtype !== "float32" ||
    at.dtype !== "int32" ||
    at.shape.join() !== `${N}` ||
    scale.dtype !== "float32" ||
    sizeOf(scale.shape) !== 1
  ) {
    throw new Error(
      `${CROSS_ENTROPY_GRAD}: expected float32 probs [N, V], int32 at [N] and a float32 scale, got ${probs.dtype} [${probs.shape}], ${at.dtype} [${at.shape}], ${scale.dtype} [${scale.shape}]`,
    );
  }
  const out = backend.makeOutput([N, V], "float32");
  cppCalls(backend).multiply(
    heapId(backend, probs),
    shapeBytes([N, V]),
    2,
    heapId(backend, scale),
    shapeBytes([]),
    0,
    CPP_FLOAT32,
    heapId(backend, out),
  );
  // Views after every allocation: a growing heap replaces its buffer.
  const g = backend.typedArrayFromHeap(out) as Float32Array;
  const idx = backend.typedArrayFromHeap(at) as Int32Array;
  const s = (backend.typedArrayFromHeap(scale) as Float32Array)[0];
  for (let n = 0; n < N; n++) {
    const i = idx[n];
    if (!(i >= n * V && i < (n + 1) * V))
      throw new Error(`${CROSS_ENTROPY_GRAD}: at[${n}]: expected an index in row ${n} ([${n * V}, ${(n + 1) * V})), got ${i}`);
    g[i] -= s; // (p·scale − scale), rounded to float32 on the store
  }
  return out;
}
