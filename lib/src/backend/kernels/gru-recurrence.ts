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
import { splitRows } from "./row-split";

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
  const plain = (offset: number): Rows => ({ offset, stride: H });
  const packed: PackedB[] = [];
  try {
    // One at a time, so that a pack that fails (an exhausted heap) leaves none behind.
    for (const w of [wrz, whh]) packed.push(packWeights(backend, w));
    const [wrzP, whhP] = packed;
    // Rows r0 … r0 + b − 1 of every step (row-split.ts): a row's offset in [·, H] and [·, 2H] blocks.
    splitRows(backend, B, T * B * 3 * H * H, (r0, b) => {
      const [o1, o2, n] = [4 * r0 * H, 8 * r0 * H, b * H];
      let prev = heapOffset(backend, h0) + o1;
      for (let t = 0; t < T; t++) {
        const [G, out, rh, cand] = [gatesS[t].offset + o2, outS[t].offset + o1, rhS[t].offset + o1, candS[t].offset + o1];
        const [R, Z]: Rows[] = [0, H].map((col) => ({ offset: G + 4 * col, stride: 2 * H }));
        timesWeights(backend, prev, b, wrzP, product2 + o2);
        addInto(backend, xrzS[t].offset + o2, product2 + o2, G, 2 * n);
        sigmoidInto(backend, G, G, 2 * n);
        mulRowsInto(backend, R, plain(prev), plain(rh), b, H);
        timesWeights(backend, rh, b, whhP, product + o1);
        addInto(backend, xhS[t].offset + o1, product + o1, cand, n);
        tanhInto(backend, cand, cand, n);
        runPass(backend, "gruOut", { z: Z, hPrev: plain(prev), cand: plain(cand), h: plain(out) }, b, H);
        prev = out;
      }
    });
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
  const plain = (offset: number): Rows => ({ offset, stride: H });
  const carriedAt = heapOffset(backend, carried);
  const packed: PackedB[] = [];
  try {
    for (const w of [whh, wrz]) packed.push(packTransposedWeights(backend, w));
    const [whhP, wrzP] = packed;
    // Rows r0 … r0 + b − 1 of every step (row-split.ts), as in the forward kernel.
    splitRows(backend, B, T * B * 3 * H * H, (r0, b) => {
      const [o1, o2, n] = [4 * r0 * H, 8 * r0 * H, b * H];
      const [dHr, dRHr, partR, productR, carriedR] = [dH, dRH, part, product, carriedAt].map((x) => x + o1);
      for (let t = T - 1; t >= 0; t--) {
        const [R, Z]: Rows[] = [0, H].map((col) => ({ offset: gatesS[t].offset + o2 + 4 * col, stride: 2 * H }));
        const [dR, dZ]: Rows[] = [0, H].map((col) => ({ offset: dGS[t].offset + o2 + 4 * col, stride: 2 * H }));
        const hPrev = (t > 0 ? outS[t - 1].offset : heapOffset(backend, h0)) + o1;
        const [cand, dCandAt] = [plain(candS[t].offset + o1), plain(dCandS[t].offset + o1)];
        // dH and dH̃ (row-passes.ts: gruBackA); on the last step nothing is carried yet: dH is dy_t itself.
        const g = t === T - 1 ? dyS[t].offset + o1 : dHr;
        if (t === T - 1) runPass(backend, "gruBackALast", { g: plain(g), z: Z, cand, dCand: dCandAt }, b, H);
        else
          runPass(
            backend,
            "gruBackA",
            { dy: plain(dyS[t].offset + o1), carried: plain(carriedR), z: Z, cand, gOut: plain(dHr), dCand: dCandAt },
            b,
            H,
          );
        timesWeights(backend, dCandAt.offset, b, whhP, dRHr);
        // dG = [dR, dZ] and dH ⊙ Z + dRH ⊙ R (gruBackB), then the carried product added.
        runPass(
          backend,
          "gruBackB",
          { dRH: plain(dRHr), hPrev: plain(hPrev), g: plain(g), cand, r: R, z: Z, dR, dZ, part: plain(partR) },
          b,
          H,
        );
        timesWeights(backend, dGS[t].offset + o2, b, wrzP, productR);
        addInto(backend, partR, productR, carriedR, n);
      }
    });
  } finally {
    temps.forEach((t) => release(backend, t));
    packed.forEach((w) => dropPacked(backend, w));
  }
  return [dCand, dG, carried];
}
