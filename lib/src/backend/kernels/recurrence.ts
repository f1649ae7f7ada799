/**
 * The time loop of the tanh RNN (forward and back-propagation through time) as two wasm kernels.
 *
 * `fast-cells.ts` writes the loop with one tensor op per product, sum and tanh: 105 ops forward and
 * as many backward for 35 steps, each a trip through tfjs's engine (kernel lookup, output tensor,
 * bookkeeping) that costs about as much as the [32, 256] arithmetic it wraps. These kernels run
 * the same steps with the functions those ops' kernels call (our GEMM with the weights packed
 * once per call, our tanh, the backend's C++ Add and Multiply), writing each step straight into
 * its rows of the result, so the numbers are those of the op-by-op loop to the bit
 * (`kernels.test.ts` compares them).
 *
 *   D2lRnnForward   {xs [T·B, H], h0 [B, H], w [H, H]} → H_1…H_T as [T·B, H]:
 *                   H_t = tanh(xs_t + H_{t−1} · w)
 *   D2lRnnBackward  {dy [T·B, H], slope [T·B, H], wT [H, H]} → [dA [T·B, H], dH_0 [B, H]]:
 *                   dA_t = (dy_t + dA_{t+1} · wT) ⊙ slope_t, going from t = T down to 1;
 *                   dH_0 = dA_1 · wT
 */
import {
  CPP_FLOAT32,
  Info,
  KernelArgs,
  WasmBackend,
  cppCalls,
  dropView,
  heapId,
  heapOffset,
  makeView,
  release,
  shapeBytes,
} from "./wasm-internals";
import { dropPacked, packWeights, timesWeights } from "./gemm";
import { tanhInto } from "./tanh";

export const RNN_FORWARD = "D2lRnnForward";
export const RNN_BACKWARD = "D2lRnnBackward";

/** [T, B, H] from a [T·B, H] tensor, after checking that every input is float32 of the shape it must have. */
function dims(
  name: string,
  numSteps: number,
  all: Info,
  others: Record<string, [Info, "block" | "square" | "all"]>,
): [number, number, number] {
  const [rows, H] = all.shape;
  const T = numSteps;
  const B = rows / T;
  const want = { block: [B, H], square: [H, H], all: [rows, H] };
  const ok = all.shape.length === 2 && Number.isInteger(T) && T > 0 && Number.isInteger(B) && B > 0 && all.dtype === "float32";
  if (!ok) throw new Error(`${name}: expected float32 [T·B, H] with T = ${T} steps, got ${all.dtype} [${all.shape}]`);
  for (const [label, [x, kind]] of Object.entries(others)) {
    if (x.dtype !== "float32" || x.shape.join() !== want[kind].join()) {
      throw new Error(`${name}: ${label}: expected float32 [${want[kind]}], got ${x.dtype} [${x.shape}]`);
    }
  }
  return [T, B, H];
}

/** Registers a view per step block of a [T·B, H] tensor: ids[t] covers rows t·B … t·B + B − 1. */
function blockViews(backend: WasmBackend, x: Info, T: number, size: number): number[] {
  const base = heapOffset(backend, x);
  return Array.from({ length: T }, (_, t) => makeView(backend, base + 4 * t * size, size));
}

export function rnnForwardKernel(args: KernelArgs): Info {
  const { backend } = args;
  const xs = args.inputs.xs as Info;
  const h0 = args.inputs.h0 as Info;
  const w = args.inputs.w as Info;
  const [T, B, H] = dims(RNN_FORWARD, args.attrs.numSteps as number, xs, { h0: [h0, "block"], w: [w, "square"] });
  const c = cppCalls(backend);
  const out = backend.makeOutput([T * B, H], "float32");
  const product = backend.makeOutput([B, H], "float32"); // H_{t−1} · w, reused by every step
  const flat = shapeBytes([B, H]);
  const packed = packWeights(backend, w);
  const productId = heapId(backend, product);
  const xViews = blockViews(backend, xs, T, B * H);
  const outViews = blockViews(backend, out, T, B * H);
  const outAt = (t: number) => heapOffset(backend, out) + 4 * t * B * H;
  try {
    let prev = heapOffset(backend, h0);
    for (let t = 0; t < T; t++) {
      timesWeights(backend, prev, B, packed, heapOffset(backend, product));
      c.add(xViews[t], flat, 2, productId, flat, 2, CPP_FLOAT32, outViews[t]);
      tanhInto(backend, outAt(t), outAt(t), B * H);
      prev = outAt(t);
    }
  } finally {
    [...xViews, ...outViews].forEach((id) => dropView(backend, id));
    release(backend, product);
    dropPacked(backend, packed);
  }
  return out;
}

export function rnnBackwardKernel(args: KernelArgs): Info[] {
  const { backend } = args;
  const dy = args.inputs.dy as Info;
  const slope = args.inputs.slope as Info;
  const wT = args.inputs.wT as Info;
  const [T, B, H] = dims(RNN_BACKWARD, args.attrs.numSteps as number, dy, { slope: [slope, "all"], wT: [wT, "square"] });
  const c = cppCalls(backend);
  const dA = backend.makeOutput([T * B, H], "float32");
  const carried = backend.makeOutput([B, H], "float32"); // dA_{t+1} · wT, then dH_0
  const flat = shapeBytes([B, H]);
  const packed = packWeights(backend, wT);
  const carriedId = heapId(backend, carried);
  const dyViews = blockViews(backend, dy, T, B * H);
  const slopeViews = blockViews(backend, slope, T, B * H);
  const dAViews = blockViews(backend, dA, T, B * H);
  try {
    for (let t = T - 1; t >= 0; t--) {
      // dA_t = (dy_t + carried) ⊙ slope_t; on the last step there is nothing carried yet.
      if (t === T - 1) c.multiply(dyViews[t], flat, 2, slopeViews[t], flat, 2, CPP_FLOAT32, dAViews[t]);
      else {
        c.add(dyViews[t], flat, 2, carriedId, flat, 2, CPP_FLOAT32, dAViews[t]);
        c.multiply(dAViews[t], flat, 2, slopeViews[t], flat, 2, CPP_FLOAT32, dAViews[t]);
      }
      timesWeights(backend, heapOffset(backend, dA) + 4 * t * B * H, B, packed, heapOffset(backend, carried));
    }
  } finally {
    [...dyViews, ...slopeViews, ...dAViews].forEach((id) => dropView(backend, id));
    dropPacked(backend, packed);
  }
  return [dA, carried];
}
