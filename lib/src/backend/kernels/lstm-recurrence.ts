/**
 * The LSTM's time loop (forward and back-propagation through time) as two wasm kernels, built
 * like `gru-recurrence.ts`: each op of `fast-cells.ts`'s op-by-op loop replaced by the function
 * its kernel calls (our GEMM, σ, tanh and vector ops), a gate's columns read and written where they
 * lie in the step's [B, 4H] block, so the numbers are those of the op-by-op loop to the bit
 * (`kernels.test.ts`).
 *
 *   D2lLstmForward   {x4 [T·B, 4H], h0 [B, H], c0 [B, H], w4 [H, 4H]}
 *                    → [value [(T + 1)·B, H] = H_1…H_T then C_T, C_1…C_T, act = [I | F | O | C̃], tanh C_t]:
 *                    A_t = x4_t + H_{t−1}·w4; [I, F, O] = σ(A_t's first 3H columns), C̃ = tanh(the last H);
 *                    C_t = F ⊙ C_{t−1} + I ⊙ C̃; H_t = O ⊙ tanh C_t
 *   D2lLstmBackward  {dy [(T + 1)·B, H], act [T·B, 4H], tanhC, cs [T·B, H] (C_1…C_T), c0 [B, H], w4 [H, 4H]}
 *                    → [dA [T·B, 4H], dH_0 [B, H], dC_0 [B, H]]: from t = T down to 1, with
 *                    dH = dy_t + (carried from t + 1), dC = dH ⊙ O ⊙ (1 − tanh²C_t) + (dC from t + 1, first dy_{T+1}):
 *                    dA_t = [dC ⊙ C̃, dC ⊙ C_{t−1}, dH ⊙ tanh C_t, dC ⊙ I] ⊙ [σ'(I, F, O) = IFO ⊙ (1 − IFO), 1 − C̃²];
 *                    carried = dA_t·w4ᵀ; dC to step t − 1 = dC ⊙ F
 */
import { Info, KernelArgs, expectShape, heapOffset, stepPlaces, stepDims } from "./wasm-internals";
import { dropPacked, packTransposedWeights, packWeights, timesWeights } from "./gemm";
import { sigmoidRowsInto } from "./sigmoid";
import { tanhInto, tanhRowsInto } from "./tanh";
import { Rows, addInto, mulRowsInto, runPass } from "./vectors";
import { splitRows } from "./row-split";

export const LSTM_FORWARD = "D2lLstmForward";
export const LSTM_BACKWARD = "D2lLstmBackward";

export function lstmForwardKernel(args: KernelArgs): Info[] {
  const { backend, inputs } = args;
  const [T, B, H] = stepDims(LSTM_FORWARD, args.attrs.numSteps, inputs.x4, inputs.h0);
  const x4 = expectShape(LSTM_FORWARD, "x4", inputs.x4, [T * B, 4 * H]);
  const h0 = expectShape(LSTM_FORWARD, "h0", inputs.h0, [B, H]);
  const c0 = expectShape(LSTM_FORWARD, "c0", inputs.c0, [B, H]);
  const w4 = expectShape(LSTM_FORWARD, "w4", inputs.w4, [H, 4 * H]);
  const value = backend.makeOutput([(T + 1) * B, H], "float32");
  const cs = backend.makeOutput([T * B, H], "float32");
  const act = backend.makeOutput([T * B, 4 * H], "float32");
  const tanhC = backend.makeOutput([T * B, H], "float32");
  const valueS = stepPlaces(backend, value, T + 1, B * H);
  const [x4S, actS] = [x4, act].map((x) => stepPlaces(backend, x, T, 4 * B * H));
  const [csS, tanhS] = [cs, tanhC].map((x) => stepPlaces(backend, x, T, B * H));
  const n = B * H;
  const plain = (offset: number): Rows => ({ offset, stride: H });
  const w4P = packWeights(backend, w4);
  try {
    // Rows r0 … r0 + b − 1 of every step (row-split.ts): a row's offset in [·, H] and [·, 4H] blocks.
    splitRows(backend, B, T * B * 4 * H * H, (r0, b) => {
      const [o1, o4, m] = [4 * r0 * H, 16 * r0 * H, b * H];
      let [prevH, prevC] = [heapOffset(backend, h0) + o1, heapOffset(backend, c0) + o1];
      for (let t = 0; t < T; t++) {
        // A_t is computed in act's block, whose columns then become [I | F | O | C̃] in place.
        const A = actS[t].offset + o4;
        const [c, tanhAt] = [csS[t].offset + o1, tanhS[t].offset + o1];
        const gate = (k: number): Rows => ({ offset: A + 4 * k * H, stride: 4 * H });
        timesWeights(backend, prevH, b, w4P, A);
        addInto(backend, x4S[t].offset + o4, A, A, 4 * m);
        sigmoidRowsInto(backend, gate(0), gate(0), b, 3 * H);
        tanhRowsInto(backend, gate(3), gate(3), b, H);
        runPass(backend, "lstmCell", { f: gate(1), cPrev: plain(prevC), i: gate(0), cTilde: gate(3), c: plain(c) }, b, H);
        tanhInto(backend, c, tanhAt, m);
        mulRowsInto(backend, gate(2), plain(tanhAt), plain(valueS[t].offset + o1), b, H);
        [prevH, prevC] = [valueS[t].offset + o1, c];
      }
    });
    const last = csS[T - 1].offset / 4;
    new Float32Array(backend.wasm.HEAPU8.buffer).copyWithin(valueS[T].offset / 4, last, last + n); // C_T after the H's
  } finally {
    dropPacked(backend, w4P);
  }
  return [value, cs, act, tanhC];
}

export function lstmBackwardKernel(args: KernelArgs): Info[] {
  const { backend, inputs } = args;
  const [T, B, H] = stepDims(LSTM_BACKWARD, args.attrs.numSteps, inputs.cs, inputs.cs);
  const dy = expectShape(LSTM_BACKWARD, "dy", inputs.dy, [(T + 1) * B, H]);
  const act = expectShape(LSTM_BACKWARD, "act", inputs.act, [T * B, 4 * H]);
  const tanhC = expectShape(LSTM_BACKWARD, "tanhC", inputs.tanhC, [T * B, H]);
  const cs = expectShape(LSTM_BACKWARD, "cs", inputs.cs, [T * B, H]);
  const c0 = expectShape(LSTM_BACKWARD, "c0", inputs.c0, [B, H]);
  const w4 = expectShape(LSTM_BACKWARD, "w4", inputs.w4, [H, 4 * H]);
  const dA = backend.makeOutput([T * B, 4 * H], "float32");
  const dH0 = backend.makeOutput([B, H], "float32"); // carried to step t − 1, then dH_0
  const dC0 = backend.makeOutput([B, H], "float32"); // dC carried to step t − 1, then dC_0
  const dyS = stepPlaces(backend, dy, T + 1, B * H);
  const [tanhS, csS] = [tanhC, cs].map((x) => stepPlaces(backend, x, T, B * H));
  const [actS, dAS] = [act, dA].map((x) => stepPlaces(backend, x, T, 4 * B * H));
  const plain = (offset: number): Rows => ({ offset, stride: H });
  const w4P = packTransposedWeights(backend, w4); // w4ᵀ [4H, H]
  try {
    // Rows r0 … r0 + b − 1 of every step (row-split.ts), as in the forward kernel.
    splitRows(backend, B, T * B * 4 * H * H, (r0, b) => {
      const [o1, o4] = [4 * r0 * H, 16 * r0 * H];
      let dCnext = dyS[T].offset + o1; // dC_T from the value's last block
      const [carried, dCback] = [heapOffset(backend, dH0) + o1, heapOffset(backend, dC0) + o1];
      for (let t = T - 1; t >= 0; t--) {
        const gate = (k: number): Rows => ({ offset: actS[t].offset + o4 + 4 * k * H, stride: 4 * H });
        const into = (k: number): Rows => ({ offset: dAS[t].offset + o4 + 4 * k * H, stride: 4 * H });
        const cPrev = (t > 0 ? csS[t - 1].offset : heapOffset(backend, c0)) + o1;
        // dH, dC and dA_t in one pass (row-passes.ts: lstmBack); on the last step nothing is carried yet.
        const blocks = {
          tanhC: plain(tanhS[t].offset + o1),
          i: gate(0),
          f: gate(1),
          o: gate(2),
          cTilde: gate(3),
          cPrev: plain(cPrev),
          dCnext: plain(dCnext),
          dI: into(0),
          dF: into(1),
          dO: into(2),
          dCTilde: into(3),
          dCback: plain(dCback),
        };
        if (t === T - 1) runPass(backend, "lstmBackLast", { ...blocks, g: plain(dyS[t].offset + o1) }, b, H);
        else runPass(backend, "lstmBack", { ...blocks, dy: plain(dyS[t].offset + o1), carried: plain(carried) }, b, H);
        dCnext = dCback;
        timesWeights(backend, dAS[t].offset + o4, b, w4P, carried);
      }
    });
  } finally {
    dropPacked(backend, w4P);
  }
  return [dA, dH0, dC0];
}
