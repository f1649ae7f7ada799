/**
 * The LSTM's time loop (forward and back-propagation through time) as two wasm kernels, built
 * like `gru-recurrence.ts`: each op of `fast-cells.ts`'s op-by-op loop replaced by the function
 * its kernel calls (C++, or our GEMM and tanh), each column split or concatenation by a plain copy, so the
 * numbers are those of the op-by-op loop to the bit (`kernels.test.ts`).
 *
 *   D2lLstmForward   {x4 [T·B, 4H], h0 [B, H], c0 [B, H], w4 [H, 4H]}
 *                    → [value [(T + 1)·B, H] = H_1…H_T then C_T, C_1…C_T, act = [I | F | O | C̃], tanh C_t]:
 *                    A_t = x4_t + H_{t−1}·w4; [I, F, O] = σ(A_t's first 3H columns), C̃ = tanh(the last H);
 *                    C_t = F ⊙ C_{t−1} + I ⊙ C̃; H_t = O ⊙ tanh C_t
 *   D2lLstmBackward  {dy [(T + 1)·B, H], cFactor, cTilde, cPrev, tanhC, i, f [T·B, H], slope [T·B, 4H], w4T [4H, H]}
 *                    → [dA [T·B, 4H], dH_0 [B, H], dC_0 [B, H]]: from t = T down to 1, with
 *                    dH = dy_t + (carried from t + 1), dC = dH ⊙ cFactor_t + (dC from t + 1, first dy_{T+1}):
 *                    dA_t = [dC ⊙ cTilde_t, dC ⊙ cPrev_t, dH ⊙ tanhC_t, dC ⊙ i_t] ⊙ slope_t;
 *                    carried = dA_t·w4T; dC to step t − 1 = dC ⊙ f_t
 */
import {
  Place,
  Info,
  KernelArgs,
  WasmBackend,
  copyColumns,
  cppCalls,
  expectShape,
  heapOffset,
  release,
  stepPlaces,
  stepDims,
  wholeBlock,
} from "./wasm-internals";
import { dropPacked, packWeights, timesWeights } from "./gemm";
import { tanhInto } from "./tanh";
import { addInto, mulInto } from "./vectors";

export const LSTM_FORWARD = "D2lLstmForward";
export const LSTM_BACKWARD = "D2lLstmBackward";

/** Copies `width` columns between blocks of `[B, fromCols]` and `[B, toCols]`. */
function columns(
  backend: WasmBackend,
  B: number,
  width: number,
  from: Place,
  fromCols: number,
  fromCol: number,
  to: Place,
  toCols: number,
  toCol: number,
): void {
  copyColumns(backend, B, width, { offset: from.offset, cols: fromCols, col: fromCol }, { offset: to.offset, cols: toCols, col: toCol });
}

export function lstmForwardKernel(args: KernelArgs): Info[] {
  const { backend, inputs } = args;
  const [T, B, H] = stepDims(LSTM_FORWARD, args.attrs.numSteps, inputs.x4, inputs.h0);
  const x4 = expectShape(LSTM_FORWARD, "x4", inputs.x4, [T * B, 4 * H]);
  const h0 = expectShape(LSTM_FORWARD, "h0", inputs.h0, [B, H]);
  const c0 = expectShape(LSTM_FORWARD, "c0", inputs.c0, [B, H]);
  const w4 = expectShape(LSTM_FORWARD, "w4", inputs.w4, [H, 4 * H]);
  const c = cppCalls(backend);
  const value = backend.makeOutput([(T + 1) * B, H], "float32");
  const cs = backend.makeOutput([T * B, H], "float32");
  const act = backend.makeOutput([T * B, 4 * H], "float32");
  const tanhC = backend.makeOutput([T * B, H], "float32");
  const sizes: Record<string, number[]> = {
    A: [B, 4 * H],
    gates: [B, 3 * H],
    IFO: [B, 3 * H],
    cand: [B, H],
    Ct: [B, H],
    I: [B, H],
    F: [B, H],
    O: [B, H],
    fc: [B, H],
    ic: [B, H],
  };
  const temps = Object.values(sizes).map((shape) => backend.makeOutput(shape, "float32"));
  const [A, gates, IFO, cand, Ct, I, F, O, fc, ic] = temps.map((t) => wholeBlock(backend, t));
  // σ reads and writes whole temporaries (their own ids): the step blocks need only offsets.
  const valueS = stepPlaces(backend, value, T + 1, B * H);
  const [x4S, actS] = [x4, act].map((x) => stepPlaces(backend, x, T, 4 * B * H));
  const [csS, tanhS] = [cs, tanhC].map((x) => stepPlaces(backend, x, T, B * H));
  const n = B * H;
  const w4P = packWeights(backend, w4);
  const split = (from: Place, k: number, to: Place) => columns(backend, B, H, from, 3 * H, k * H, to, H, 0);
  try {
    let [prevH, prevC]: [Place, number] = [wholeBlock(backend, h0), wholeBlock(backend, c0).offset];
    for (let t = 0; t < T; t++) {
      timesWeights(backend, prevH.offset, B, w4P, A.offset);
      addInto(backend, x4S[t].offset, A.offset, A.offset, 4 * n);
      columns(backend, B, 3 * H, A, 4 * H, 0, gates, 3 * H, 0);
      columns(backend, B, H, A, 4 * H, 3 * H, cand, H, 0);
      c.sigmoid(gates.id, IFO.id);
      tanhInto(backend, cand.offset, Ct.offset, B * H);
      [I, F, O].forEach((to, k) => split(IFO, k, to));
      mulInto(backend, F.offset, prevC, fc.offset, n);
      mulInto(backend, I.offset, Ct.offset, ic.offset, n);
      addInto(backend, fc.offset, ic.offset, csS[t].offset, n);
      tanhInto(backend, csS[t].offset, tanhS[t].offset, B * H);
      mulInto(backend, O.offset, tanhS[t].offset, valueS[t].offset, n);
      columns(backend, B, 3 * H, IFO, 3 * H, 0, actS[t], 4 * H, 0);
      columns(backend, B, H, Ct, H, 0, actS[t], 4 * H, 3 * H);
      [prevH, prevC] = [valueS[t], csS[t].offset];
    }
    columns(backend, B, H, csS[T - 1], H, 0, valueS[T], H, 0); // C_T after the H's
  } finally {
    temps.forEach((t) => release(backend, t));
    dropPacked(backend, w4P);
  }
  return [value, cs, act, tanhC];
}

export function lstmBackwardKernel(args: KernelArgs): Info[] {
  const { backend, inputs } = args;
  const [T, B, H] = stepDims(LSTM_BACKWARD, args.attrs.numSteps, inputs.cFactor, inputs.cFactor);
  const all = [T * B, H];
  const dy = expectShape(LSTM_BACKWARD, "dy", inputs.dy, [(T + 1) * B, H]);
  const named = (["cFactor", "cTilde", "cPrev", "tanhC", "i", "f"] as const).map((k) => expectShape(LSTM_BACKWARD, k, inputs[k], all));
  const slope = expectShape(LSTM_BACKWARD, "slope", inputs.slope, [T * B, 4 * H]);
  const w4T = expectShape(LSTM_BACKWARD, "w4T", inputs.w4T, [4 * H, H]);
  const dA = backend.makeOutput([T * B, 4 * H], "float32");
  const dH0 = backend.makeOutput([B, H], "float32"); // carried to step t − 1, then dH_0
  const dC0 = backend.makeOutput([B, H], "float32"); // dC carried to step t − 1, then dC_0
  const temps = ["dH", "scaled", "dC", "p0", "p1", "p2", "p3", "all4"].map((k) =>
    backend.makeOutput(k === "all4" ? [B, 4 * H] : [B, H], "float32"),
  );
  const [dH, scaled, dC, p0, p1, p2, p3, all4] = temps.map((t) => wholeBlock(backend, t));
  const dyS = stepPlaces(backend, dy, T + 1, B * H);
  const [cFactorS, cTildeS, cPrevS, tanhS, iS, fS] = named.map((x) => stepPlaces(backend, x, T, B * H));
  const [slopeS, dAS] = [slope, dA].map((x) => stepPlaces(backend, x, T, 4 * B * H));
  const n = B * H;
  const w4P = packWeights(backend, w4T);
  try {
    let dCnext = dyS[T].offset; // dC_T from the value's last block
    for (let t = T - 1; t >= 0; t--) {
      const g = t === T - 1 ? dyS[t].offset : dH.offset; // on the last step nothing is carried yet
      if (t < T - 1) addInto(backend, dyS[t].offset, heapOffset(backend, dH0), dH.offset, n);
      mulInto(backend, g, cFactorS[t].offset, scaled.offset, n);
      addInto(backend, scaled.offset, dCnext, dC.offset, n);
      mulInto(backend, dC.offset, cTildeS[t].offset, p0.offset, n);
      mulInto(backend, dC.offset, cPrevS[t].offset, p1.offset, n);
      mulInto(backend, g, tanhS[t].offset, p2.offset, n);
      mulInto(backend, dC.offset, iS[t].offset, p3.offset, n);
      [p0, p1, p2, p3].forEach((p, k) => columns(backend, B, H, p, H, 0, all4, 4 * H, k * H));
      mulInto(backend, all4.offset, slopeS[t].offset, dAS[t].offset, 4 * n);
      mulInto(backend, dC.offset, fS[t].offset, heapOffset(backend, dC0), n);
      dCnext = heapOffset(backend, dC0);
      timesWeights(backend, dAS[t].offset, B, w4P, heapOffset(backend, dH0));
    }
  } finally {
    temps.forEach((t) => release(backend, t));
    dropPacked(backend, w4P);
  }
  return [dA, dH0, dC0];
}
