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
import { PackedB, dropPacked, packTransposedWeights, packWeights, timesWeights } from "./gemm";
import { sigmoidInto } from "./sigmoid";
import { tanhInto } from "./tanh";
import { Rows, addInto, mulRowsInto, runPass } from "./vectors";

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
  const temps = ["product2", "product"].map((k) => backend.makeOutput(k === "product2" ? [B, 2 * H] : [B, H], "float32"));
  const [product2, product] = temps.map((t) => heapOffset(backend, t));
  const [gatesS, xrzS] = [gates, xrz].map((x) => stepPlaces(backend, x, T, 2 * B * H));
  const [xhS, outS, candS, rhS] = [xh, out, cand, rh].map((x) => stepPlaces(backend, x, T, B * H));
  const n = B * H;
  const plain = (offset: number): Rows => ({ offset, stride: H });
  const packed: PackedB[] = [];
  try {
    // One at a time, so that a pack that fails (an exhausted heap) leaves none behind.
    for (const w of [wrz, whh]) packed.push(packWeights(backend, w));
    const [wrzP, whhP] = packed;
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
      runPass(backend, "gruOut", { z: Z, hPrev: plain(prev), cand: plain(candS[t].offset), h: plain(outS[t].offset) }, B, H);
      prev = outS[t].offset;
    }
  } finally {
    temps.forEach((t) => release(backend, t));
    packed.forEach((w) => dropPacked(backend, w));
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
  const temps = ["dH", "dRH", "part", "product"].map(() => backend.makeOutput([B, H], "float32"));
  const [dH, dRH, part, product] = temps.map((t) => heapOffset(backend, t));
  const [dyS, candS, outS, dCandS] = [dy, cand, out, dCand].map((x) => stepPlaces(backend, x, T, B * H));
  const [gatesS, dGS] = [gates, dG].map((x) => stepPlaces(backend, x, T, 2 * B * H));
  const n = B * H;
  const plain = (offset: number): Rows => ({ offset, stride: H });
  const carriedAt = heapOffset(backend, carried);
  const packed: PackedB[] = [];
  try {
    for (const w of [whh, wrz]) packed.push(packTransposedWeights(backend, w));
    const [whhP, wrzP] = packed;
    for (let t = T - 1; t >= 0; t--) {
      const [R, Z]: Rows[] = [0, H].map((col) => ({ offset: gatesS[t].offset + 4 * col, stride: 2 * H }));
      const [dR, dZ]: Rows[] = [0, H].map((col) => ({ offset: dGS[t].offset + 4 * col, stride: 2 * H }));
      const hPrev = t > 0 ? outS[t - 1].offset : heapOffset(backend, h0);
      const [cand, dCandAt] = [plain(candS[t].offset), plain(dCandS[t].offset)];
      // dH and dH̃ (row-passes.ts: gruBackA); on the last step nothing is carried yet: dH is dy_t itself.
      const g = t === T - 1 ? dyS[t].offset : dH;
      if (t === T - 1) runPass(backend, "gruBackALast", { g: plain(g), z: Z, cand, dCand: dCandAt }, B, H);
      else
        runPass(
          backend,
          "gruBackA",
          { dy: plain(dyS[t].offset), carried: plain(carriedAt), z: Z, cand, gOut: plain(dH), dCand: dCandAt },
          B,
          H,
        );
      timesWeights(backend, dCandS[t].offset, B, whhP, dRH);
      // dG = [dR, dZ] and dH ⊙ Z + dRH ⊙ R (gruBackB), then the carried product added.
      runPass(
        backend,
        "gruBackB",
        { dRH: plain(dRH), hPrev: plain(hPrev), g: plain(g), cand, r: R, z: Z, dR, dZ, part: plain(part) },
        B,
        H,
      );
      timesWeights(backend, dGS[t].offset, B, wrzP, product);
      addInto(backend, part, product, carriedAt, n);
    }
  } finally {
    temps.forEach((t) => release(backend, t));
    packed.forEach((w) => dropPacked(backend, w));
  }
  return [dCand, dG, carried];
}
