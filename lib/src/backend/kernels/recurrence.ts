/**
 * The time loop of the tanh RNN (forward and back-propagation through time) as two wasm kernels.
 *
 * `fast-cells.ts` writes the loop with one tensor op per product, sum and tanh: 105 ops forward and
 * as many backward for 35 steps, each a trip through tfjs's engine (kernel lookup, output tensor,
 * bookkeeping) that costs about as much as the [32, 256] arithmetic it wraps. These kernels run
 * the same steps with the functions those ops' kernels compute (our GEMM with the weights packed
 * once per call, our tanh, element-wise adds and multiplies), writing each step straight into
 * its rows of the result, so the numbers are those of the op-by-op loop to the bit
 * (`kernels.test.ts` compares them).
 *
 *   D2lRnnForward   {xs [T·B, H], h0 [B, H], w [H, H]} → H_1…H_T as [T·B, H]:
 *                   H_t = tanh(xs_t + H_{t−1} · w)
 *   D2lRnnBackward  {dy [T·B, H], slope [T·B, H], wT [H, H]} → [dA [T·B, H], dH_0 [B, H]]:
 *                   dA_t = (dy_t + dA_{t+1} · wT) ⊙ slope_t, going from t = T down to 1;
 *                   dH_0 = dA_1 · wT
 */
import { Info, KernelArgs, heapOffset, release, stepPlaces } from "./wasm-internals";
import { dropPacked, packWeights, timesWeights } from "./gemm";
import { tanhInto } from "./tanh";
import { addInto, mulInto } from "./vectors";
import { splitRows } from "./row-split";

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

export function rnnForwardKernel(args: KernelArgs): Info {
  const { backend } = args;
  const xs = args.inputs.xs as Info;
  const h0 = args.inputs.h0 as Info;
  const w = args.inputs.w as Info;
  const [T, B, H] = dims(RNN_FORWARD, args.attrs.numSteps as number, xs, { h0: [h0, "block"], w: [w, "square"] });
  const out = backend.makeOutput([T * B, H], "float32");
  const product = backend.makeOutput([B, H], "float32"); // H_{t−1} · w, reused by every step
  const packed = packWeights(backend, w);
  const [xS, outS] = [xs, out].map((x) => stepPlaces(backend, x, T, B * H));
  try {
    // Rows r0 … r0 + b − 1 of every step (row-split.ts).
    splitRows(backend, B, T * B * H * H, (r0, b) => {
      const o = 4 * r0 * H;
      const at = heapOffset(backend, product) + o;
      let prev = heapOffset(backend, h0) + o;
      for (let t = 0; t < T; t++) {
        timesWeights(backend, prev, b, packed, at);
        addInto(backend, xS[t].offset + o, at, outS[t].offset + o, b * H);
        tanhInto(backend, outS[t].offset + o, outS[t].offset + o, b * H);
        prev = outS[t].offset + o;
      }
    });
  } finally {
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
  const dA = backend.makeOutput([T * B, H], "float32");
  const carried = backend.makeOutput([B, H], "float32"); // dA_{t+1} · wT, then dH_0
  const packed = packWeights(backend, wT);
  const [dyS, slopeS, dAS] = [dy, slope, dA].map((x) => stepPlaces(backend, x, T, B * H));
  try {
    // Rows r0 … r0 + b − 1 of every step (row-split.ts).
    splitRows(backend, B, T * B * H * H, (r0, b) => {
      const [o, n] = [4 * r0 * H, b * H];
      const at = heapOffset(backend, carried) + o;
      for (let t = T - 1; t >= 0; t--) {
        const [dyT, slopeT, dAT] = [dyS[t].offset + o, slopeS[t].offset + o, dAS[t].offset + o];
        // dA_t = (dy_t + carried) ⊙ slope_t; on the last step there is nothing carried yet.
        if (t === T - 1) mulInto(backend, dyT, slopeT, dAT, n);
        else {
          addInto(backend, dyT, at, dAT, n);
          mulInto(backend, dAT, slopeT, dAT, n);
        }
        timesWeights(backend, dAT, b, packed, at);
      }
    });
  } finally {
    dropPacked(backend, packed);
  }
  return [dA, carried];
}
