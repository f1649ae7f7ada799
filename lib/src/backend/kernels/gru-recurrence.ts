/**
 * The GRU's time loop (forward and back-propagation through time) as two wasm kernels, as
 * `recurrence.ts` does for the tanh RNN: the steps of `fast-cells.ts`'s op-by-op loop, each op
 * replaced by the function that the op's kernel would call on the same numbers (our GEMM, σ, tanh
 * and vector ops), the gates' columns read where they lie in the step's [B, 2H] block. So the
 * numbers are those of the op-by-op loop to the bit (`kernels.test.ts`), without ~12 trips per
 * step through tfjs's engine.
 *
 *   D2lGruForward   {xrz [T·B, 2H], xh [T·B, H], h0 [B, H], wrz [H, 2H], whh [H, H]}
 *                   → [H_1…H_T, G = [R | Z], H̃, R ⊙ H_{t−1}], all time-major:
 *                   G_t = σ(xrz_t + H_{t−1}·wrz); H̃_t = tanh(xh_t + (R_t ⊙ H_{t−1})·whh);
 *                   H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t
 *   D2lGruBackward  {dy [T·B, H], gates [T·B, 2H], cand, out [T·B, H], h0 [B, H], whh [H, H], wrz [H, 2H]}
 *                   → [dH̃ [T·B, H], dG [T·B, 2H], dH_0 [B, H]]: from t = T down to 1, with
 *                   dH = dy_t + (carried from t + 1) and H_{t−1} = out_{t−1} (h0 at t = 1):
 *                   dH̃_t = dH ⊙ (1 − Z_t) ⊙ (1 − H̃_t²); dRH = dH̃_t·whhᵀ;
 *                   dG_t = [dRH ⊙ H_{t−1}, dH ⊙ (H_{t−1} − H̃_t)] ⊙ G_t ⊙ (1 − G_t);
 *                   carried = (dH ⊙ Z_t + dRH ⊙ R_t) + dG_t·wrzᵀ
 */
import { Info, KernelArgs, expectShape, heapOffset, release, stepPlaces, stepDims } from "./wasm-internals";
import { dropPacked, packTransposedWeights, packWeights, timesWeights } from "./gemm";
import { sigmoidInto } from "./sigmoid";
import { tanhInto } from "./tanh";
import { Rows, addInto, mulInto, mulRowsInto, oneMinusInto, oneMinusRowsInto, subRowsInto } from "./vectors";

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
  const out = backend.makeOutput([T * B, H], "float32");
  const gates = backend.makeOutput([T * B, 2 * H], "float32");
  const cand = backend.makeOutput([T * B, H], "float32");
  const rh = backend.makeOutput([T * B, H], "float32");
  const temps = ["product2", "product", "zh", "rest"].map((k) => backend.makeOutput(k === "product2" ? [B, 2 * H] : [B, H], "float32"));
  const [product2, product, zh, rest] = temps.map((t) => heapOffset(backend, t));
  const [gatesS, xrzS] = [gates, xrz].map((x) => stepPlaces(backend, x, T, 2 * B * H));
  const [xhS, outS, candS, rhS] = [xh, out, cand, rh].map((x) => stepPlaces(backend, x, T, B * H));
  const n = B * H;
  const plain = (offset: number): Rows => ({ offset, stride: H });
  const [wrzP, whhP] = [packWeights(backend, wrz), packWeights(backend, whh)];
  try {
    let prev = heapOffset(backend, h0);
    for (let t = 0; t < T; t++) {
      const [R, Z]: Rows[] = [0, H].map((col) => ({ offset: gatesS[t].offset + 4 * col, stride: 2 * H }));
      timesWeights(backend, prev, B, wrzP, product2);
      addInto(backend, xrzS[t].offset, product2, gatesS[t].offset, 2 * n);
      sigmoidInto(backend, gatesS[t].offset, gatesS[t].offset, 2 * n);
      mulRowsInto(backend, R, plain(prev), plain(rhS[t].offset), B, H);
      timesWeights(backend, rhS[t].offset, B, whhP, product);
      addInto(backend, xhS[t].offset, product, candS[t].offset, n);
      tanhInto(backend, candS[t].offset, candS[t].offset, n);
      mulRowsInto(backend, Z, plain(prev), plain(zh), B, H);
      oneMinusRowsInto(backend, Z, plain(rest), B, H);
      mulInto(backend, rest, candS[t].offset, rest, n);
      addInto(backend, zh, rest, outS[t].offset, n);
      prev = outS[t].offset;
    }
  } finally {
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
  const gates = expectShape(GRU_BACKWARD, "gates", inputs.gates, [T * B, 2 * H]);
  const cand = expectShape(GRU_BACKWARD, "cand", inputs.cand, all);
  const out = expectShape(GRU_BACKWARD, "out", inputs.out, all);
  const h0 = expectShape(GRU_BACKWARD, "h0", inputs.h0, [B, H]);
  const whh = expectShape(GRU_BACKWARD, "whh", inputs.whh, [H, H]);
  const wrz = expectShape(GRU_BACKWARD, "wrz", inputs.wrz, [H, 2 * H]);
  const dCand = backend.makeOutput(all, "float32");
  const dG = backend.makeOutput([T * B, 2 * H], "float32");
  const carried = backend.makeOutput([B, H], "float32"); // to step t − 1, then dH_0
  const temps = ["dH", "dRH", "candFactor", "square", "zFactor", "both", "slope", "product"].map((k) =>
    backend.makeOutput(k === "both" || k === "slope" ? [B, 2 * H] : [B, H], "float32"),
  );
  const [dH, dRH, candFactor, square, zFactor, both, slope, product] = temps.map((t) => heapOffset(backend, t));
  const [dyS, candS, outS, dCandS] = [dy, cand, out, dCand].map((x) => stepPlaces(backend, x, T, B * H));
  const [gatesS, dGS] = [gates, dG].map((x) => stepPlaces(backend, x, T, 2 * B * H));
  const n = B * H;
  const plain = (offset: number): Rows => ({ offset, stride: H });
  const [whhP, wrzP] = [packTransposedWeights(backend, whh), packTransposedWeights(backend, wrz)];
  const carriedAt = heapOffset(backend, carried);
  try {
    for (let t = T - 1; t >= 0; t--) {
      const [R, Z]: Rows[] = [0, H].map((col) => ({ offset: gatesS[t].offset + 4 * col, stride: 2 * H }));
      const [dR, dZ]: Rows[] = [0, H].map((col) => ({ offset: both + 4 * col, stride: 2 * H }));
      const hPrev = t > 0 ? outS[t - 1].offset : heapOffset(backend, h0);
      // The step's factors: (1 − Z)(1 − H̃²), H_{t−1} − H̃ and σ' = G ⊙ (1 − G).
      oneMinusRowsInto(backend, Z, plain(candFactor), B, H);
      mulInto(backend, candS[t].offset, candS[t].offset, square, n);
      oneMinusInto(backend, square, square, n);
      mulInto(backend, candFactor, square, candFactor, n);
      subRowsInto(backend, plain(hPrev), plain(candS[t].offset), plain(zFactor), B, H);
      oneMinusInto(backend, gatesS[t].offset, slope, 2 * n);
      mulInto(backend, gatesS[t].offset, slope, slope, 2 * n);
      // On the last step nothing is carried yet: dH is dy_t itself.
      const g = t === T - 1 ? dyS[t].offset : dH;
      if (t < T - 1) addInto(backend, dyS[t].offset, carriedAt, dH, n);
      mulInto(backend, g, candFactor, dCandS[t].offset, n);
      timesWeights(backend, dCandS[t].offset, B, whhP, dRH);
      mulRowsInto(backend, plain(dRH), plain(hPrev), dR, B, H);
      mulRowsInto(backend, plain(g), plain(zFactor), dZ, B, H);
      mulInto(backend, both, slope, dGS[t].offset, 2 * n);
      mulRowsInto(backend, plain(g), Z, plain(zFactor), B, H); // dH ⊙ z (zFactor is free again)
      mulRowsInto(backend, plain(dRH), R, plain(square), B, H); // dRH ⊙ r
      addInto(backend, zFactor, square, zFactor, n);
      timesWeights(backend, dGS[t].offset, B, wrzP, product);
      addInto(backend, zFactor, product, carriedAt, n);
    }
  } finally {
    temps.forEach((t) => release(backend, t));
    [whhP, wrzP].forEach((w) => dropPacked(backend, w));
  }
  return [dCand, dG, carried];
}
