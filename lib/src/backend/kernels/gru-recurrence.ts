/**
 * The GRU's time loop (forward and back-propagation through time) as two wasm kernels, as
 * `recurrence.ts` does for the tanh RNN: the steps of `fast-cells.ts`'s op-by-op loop, each op
 * replaced by the function that the op's kernel would call on the same numbers (the backend's C++
 * element-wise functions, our GEMM and tanh), and each `tf.split`/`tf.concat` along the columns by
 * a plain copy. So the numbers are those of the
 * op-by-op loop to the bit (`kernels.test.ts`), without ~12 trips per step through tfjs's engine.
 *
 *   D2lGruForward   {xrz [T·B, 2H], xh [T·B, H], h0 [B, H], wrz [H, 2H], whh [H, H]}
 *                   → [H_1…H_T, G = [R | Z], H̃, R ⊙ H_{t−1}], all time-major:
 *                   G_t = σ(xrz_t + H_{t−1}·wrz); H̃_t = tanh(xh_t + (R_t ⊙ H_{t−1})·whh);
 *                   H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t
 *   D2lGruBackward  {dy, candFactor, hPrev, zFactor [T·B, H], slope [T·B, 2H], r, z [T·B, H],
 *                    whhT [H, H], wrzT [2H, H]} → [dH̃ [T·B, H], dG [T·B, 2H], dH_0 [B, H]]:
 *                   from t = T down to 1, with dH = dy_t + (carried from t + 1):
 *                   dH̃_t = dH ⊙ candFactor_t; dRH = dH̃_t·whhT;
 *                   dG_t = [dRH ⊙ hPrev_t, dH ⊙ zFactor_t] ⊙ slope_t;
 *                   carried = (dH ⊙ z_t + dRH ⊙ r_t) + dG_t·wrzT
 */
import {
  Place,
  Info,
  KernelArgs,
  copyColumns,
  cppCalls,
  dropBlocks,
  expectShape,
  heapOffset,
  release,
  stepBlocks,
  stepPlaces,
  stepDims,
  wholeBlock,
} from "./wasm-internals";
import { dropPacked, packWeights, timesWeights } from "./gemm";
import { tanhInto } from "./tanh";
import { addInto, mulInto, oneMinusInto } from "./vectors";

export const GRU_FORWARD = "D2lGruForward";
export const GRU_BACKWARD = "D2lGruBackward";

export function gruForwardKernel(args: KernelArgs): Info[] {
  const { backend, inputs } = args;
  const [T, B, H] = stepDims(GRU_FORWARD, args.attrs.numSteps, inputs.xh, inputs.h0);
  const xrz = expectShape(GRU_FORWARD, "xrz", inputs.xrz, [T * B, 2 * H]);
  const xh = expectShape(GRU_FORWARD, "xh", inputs.xh, [T * B, H]);
  const h0 = expectShape(GRU_FORWARD, "h0", inputs.h0, [B, H]);
  const wrz = expectShape(GRU_FORWARD, "wrz", inputs.wrz, [H, 2 * H]);
  const whh = expectShape(GRU_FORWARD, "whh", inputs.whh, [H, H]);
  const c = cppCalls(backend);
  const out = backend.makeOutput([T * B, H], "float32");
  const gates = backend.makeOutput([T * B, 2 * H], "float32");
  const cand = backend.makeOutput([T * B, H], "float32");
  const rh = backend.makeOutput([T * B, H], "float32");
  const temps = ["product2", "product", "R", "Z", "zh", "rest"].map((k) =>
    backend.makeOutput(k === "product2" ? [B, 2 * H] : [B, H], "float32"),
  );
  const [product2, product, R, Z, zh, rest] = temps.map((t) => wholeBlock(backend, t));
  // Only σ is a C++ call: the gates' blocks need views, the others just their offsets.
  const gatesS = stepBlocks(backend, gates, T, 2 * B * H);
  const xrzS = stepPlaces(backend, xrz, T, 2 * B * H);
  const [xhS, outS, candS, rhS] = [xh, out, cand, rh].map((x) => stepPlaces(backend, x, T, B * H));
  const n = B * H;
  const [wrzP, whhP] = [packWeights(backend, wrz), packWeights(backend, whh)];
  const half = (block: Place, col: number, to: Place) =>
    copyColumns(backend, B, H, { offset: block.offset, cols: 2 * H, col }, { offset: to.offset, cols: H, col: 0 });
  try {
    let prevBlock: Place = wholeBlock(backend, h0);
    for (let t = 0; t < T; t++) {
      timesWeights(backend, prevBlock.offset, B, wrzP, product2.offset);
      addInto(backend, xrzS[t].offset, product2.offset, gatesS[t].offset, 2 * n);
      c.sigmoid(gatesS[t].id, gatesS[t].id);
      half(gatesS[t], 0, R);
      half(gatesS[t], H, Z);
      mulInto(backend, R.offset, prevBlock.offset, rhS[t].offset, n);
      timesWeights(backend, rhS[t].offset, B, whhP, product.offset);
      addInto(backend, xhS[t].offset, product.offset, candS[t].offset, n);
      tanhInto(backend, candS[t].offset, candS[t].offset, B * H);
      mulInto(backend, Z.offset, prevBlock.offset, zh.offset, n);
      oneMinusInto(backend, Z.offset, rest.offset, n);
      mulInto(backend, rest.offset, candS[t].offset, rest.offset, n);
      addInto(backend, zh.offset, rest.offset, outS[t].offset, n);
      prevBlock = outS[t];
    }
  } finally {
    dropBlocks(backend, gatesS);
    temps.forEach((t) => release(backend, t));
    [wrzP, whhP].forEach((w) => dropPacked(backend, w));
  }
  return [out, gates, cand, rh];
}

export function gruBackwardKernel(args: KernelArgs): Info[] {
  const { backend, inputs } = args;
  const [T, B, H] = stepDims(GRU_BACKWARD, args.attrs.numSteps, inputs.dy, inputs.dy);
  const all = [T * B, H];
  const dy = expectShape(GRU_BACKWARD, "dy", inputs.dy, all);
  const named = (["candFactor", "hPrev", "zFactor", "r", "z"] as const).map((k) => expectShape(GRU_BACKWARD, k, inputs[k], all));
  const slope = expectShape(GRU_BACKWARD, "slope", inputs.slope, [T * B, 2 * H]);
  const whhT = expectShape(GRU_BACKWARD, "whhT", inputs.whhT, [H, H]);
  const wrzT = expectShape(GRU_BACKWARD, "wrzT", inputs.wrzT, [2 * H, H]);
  const dCand = backend.makeOutput(all, "float32");
  const dG = backend.makeOutput([T * B, 2 * H], "float32");
  const carried = backend.makeOutput([B, H], "float32"); // to step t − 1, then dH_0
  const temps = ["dH", "dRH", "dR", "dZ", "both", "product"].map((k) => backend.makeOutput(k === "both" ? [B, 2 * H] : [B, H], "float32"));
  const [dH, dRH, dR, dZ, both, product] = temps.map((t) => wholeBlock(backend, t));
  const [dyS, candFactorS, hPrevS, zFactorS, rS, zS, dCandS] = [dy, ...named, dCand].map((x) => stepPlaces(backend, x, T, B * H));
  const [slopeS, dGS] = [slope, dG].map((x) => stepPlaces(backend, x, T, 2 * B * H));
  const n = B * H;
  const [whhP, wrzP] = [packWeights(backend, whhT), packWeights(backend, wrzT)];
  const into = (from: Place, col: number) =>
    copyColumns(backend, B, H, { offset: from.offset, cols: H, col: 0 }, { offset: both.offset, cols: 2 * H, col });
  try {
    for (let t = T - 1; t >= 0; t--) {
      // On the last step nothing is carried yet: dH is dy_t itself.
      const g = t === T - 1 ? dyS[t].offset : dH.offset;
      if (t < T - 1) addInto(backend, dyS[t].offset, heapOffset(backend, carried), dH.offset, n);
      mulInto(backend, g, candFactorS[t].offset, dCandS[t].offset, n);
      timesWeights(backend, dCandS[t].offset, B, whhP, dRH.offset);
      mulInto(backend, dRH.offset, hPrevS[t].offset, dR.offset, n);
      mulInto(backend, g, zFactorS[t].offset, dZ.offset, n);
      into(dR, 0);
      into(dZ, H);
      mulInto(backend, both.offset, slopeS[t].offset, dGS[t].offset, 2 * n);
      mulInto(backend, g, zS[t].offset, dR.offset, n); // dH ⊙ z
      mulInto(backend, dRH.offset, rS[t].offset, dZ.offset, n); // dRH ⊙ r
      addInto(backend, dR.offset, dZ.offset, dR.offset, n);
      timesWeights(backend, dGS[t].offset, B, wrzP, product.offset);
      addInto(backend, dR.offset, product.offset, heapOffset(backend, carried), n);
    }
  } finally {
    temps.forEach((t) => release(backend, t));
    [whhP, wrzP].forEach((w) => dropPacked(backend, w));
  }
  return [dCand, dG, carried];
}
