/**
 * The training path of the scratch models: the same cells, parameters and numbers as the teaching
 * code (`rnnStep`, `gruStep`, `lstmStep` run by `scan`), computed with far fewer tensor operations.
 * The teaching cells stay what a student reads; `fast-cells.test.ts` checks that this file gives
 * their values and gradients.
 *
 * What changes, and why the numbers do not:
 * - Input projections for all T steps at once, before the time loop: `X_t W_x + b` does not depend
 *   on the state, so one lookup of the T·B token rows (or one `[T·B, D]·[D, H]` product for a deeper
 *   layer) replaces T of them. A one-hot row times W_x is the row of W_x it selects. On wasm the
 *   lookups of all the gates of a layer are one kernel each way (`backend/kernels/gather-blocks.ts`).
 * - Gates fused: the recurrent weights of gates that read the same H are side by side, so one
 *   `H·[W_hr | W_hz]` (GRU) or `H·[W_hi | W_hf | W_ho | W_hc]` (LSTM) replaces two or four products,
 *   and one σ covers all σ-gates. Concatenation is differentiable, so the gradients land on the
 *   named per-gate parameters.
 * - Back-propagation through time written out (`tf.customGrad`), as in d2l-zh 6.6: going backwards
 *   over the steps, only the gradient of the pre-activations `dA_t` and of the carried state are
 *   computed per step; the weight gradient is one product over all steps,
 *   `dW_h = [H_0; …; H_{T−1}]ᵀ · [dA_1; …; dA_T]`, instead of T small ones and T − 1 additions.
 *   The forward pass saves what the backward pass needs (gates, candidates, states).
 * - On wasm the time loops run as kernels (`backend/kernels/recurrence.ts` for the tanh RNN,
 *   `gru-recurrence.ts`, `lstm-recurrence.ts`) that call the backend's C++ functions step by step,
 *   instead of 3 (RNN) to ~15 (LSTM) tensor ops per step each way; their numbers are those of the
 *   op-by-op loops below, to the bit.
 * Only the order of floating-point additions differs from the teaching cells.
 *
 * Layout: every `*_all` tensor is time-major `[T·B, k]`: rows t·B … t·B + B − 1 belong to step t + 1.
 */
import * as tf from "@tensorflow/tfjs";
import { ParamRecord } from "../cells/params";
import { Activation } from "../cells/rnn";
import { HiddenState } from "../cells/scan";
import type { CellName } from "../cells/cell-kit";
import { RNN_BACKWARD, RNN_FORWARD } from "../backend/kernels/recurrence";
import { GRU_BACKWARD, GRU_FORWARD } from "../backend/kernels/gru-recurrence";
import { LSTM_BACKWARD, LSTM_FORWARD } from "../backend/kernels/lstm-recurrence";
import { GATHER_BLOCKS, GATHER_BLOCKS_GRAD, GATHER_PACKED, GATHER_PACKED_GRAD } from "../backend/kernels/gather-blocks";

/**
 * The inputs of one layer for all steps, time-major: token indices `[T·B]` (int32) standing for
 * one-hot rows, or dense rows `[T·B, D]`.
 */
export type SequenceInput = tf.Tensor1D | tf.Tensor2D;

/**
 * The input projections `inputs · W_x + b` of a layer's gates for all steps, the named gates side by
 * side in the order given: `[T·B, k·H]`.
 */
export type Projection = (gates: readonly string[]) => tf.Tensor2D;

/**
 * A fused layer: the whole sequence from `state`; outputs `[T·B, H]` time-major and the last state.
 * The input projections come from `params` (`W_x*`, `b_*`) unless `project` is given (then `params`
 * needs only the recurrent weights `W_h*`).
 */
export type FusedLayer = (
  params: ParamRecord,
  state: HiddenState,
  inputs: SequenceInput,
  numSteps: number,
  project?: Projection,
) => {
  readonly outputs: tf.Tensor2D;
  readonly state: HiddenState;
};

type T2 = tf.Tensor2D;

/** `inputs · W + b` for all steps: a row lookup for indices, one product for dense rows. */
function projectAll(inputs: SequenceInput, W: tf.Tensor, b: tf.Tensor): T2 {
  const XW = inputs.rank === 1 ? tf.gather(W, inputs) : tf.matMul(inputs as T2, W as T2);
  return tf.add(XW, b) as T2; // [T·B, H]
}

type Named = Record<string, tf.Tensor>;

/** Whether our wasm kernel `name` is registered for the backend in use. */
const hasKernel = (name: string) => tf.getKernel(name, tf.getBackend()) !== undefined;

/**
 * `[inputs·W_1 + b_1 | … | inputs·W_k + b_k]` for all steps, `[T·B, k·H]`: the gates that read the
 * same inputs, side by side. For token indices on wasm, one lookup kernel each way
 * (`backend/kernels/gather-blocks.ts`, the same numbers) when the vocabulary has at most T·B rows.
 */
function projectBlocks(inputs: SequenceInput, Ws: readonly tf.Tensor[], bs: readonly tf.Tensor[]): T2 {
  const V = Ws[0].shape[0];
  if (lookupKernelServes(GATHER_BLOCKS, inputs, V)) return gatherBlocks(Ws.length, V)(inputs, ...Ws, ...bs) as T2;
  const parts = Ws.map((W, j) => projectAll(inputs, W, bs[j]));
  return parts.length === 1 ? parts[0] : (tf.concat(parts, 1) as T2);
}

/** Whether lookup kernel `name` is registered and serves `inputs`: token indices, a vocabulary of at most T·B rows. */
function lookupKernelServes(name: string, inputs: SequenceInput, V: number): boolean {
  return inputs.rank === 1 && V <= inputs.shape[0] && hasKernel(name);
}

/** A packed weight's k gate blocks along `axis` (the weight itself when k = 1). */
export function splitGates(w: tf.Tensor, k: number, axis: number): tf.Tensor[] {
  return k === 1 ? [w] : tf.split(w, k, axis);
}

/** The projections from a scratch record's per-gate weights `W_x*` and biases `b_*`. */
function paramProjection(p: ParamRecord, inputs: SequenceInput): Projection {
  return (gates) =>
    projectBlocks(
      inputs,
      gates.map((g) => p[`W_x${g}`]),
      gates.map((g) => p[`b_${g}`]),
    );
}

/**
 * The projections from one packed weight `kernel [D, k·H]` and bias `[k·H]` whose blocks belong to
 * the gates `packed` (tf.layers' layout). When all of its gates are asked for at once from token
 * indices on wasm, one lookup kernel each way reads the packed weight in place, its blocks put in
 * the order asked for (`D2lGatherPacked`: the numbers of a split and `projectBlocks`); otherwise the
 * weight is split into its gates (once) and `projectBlocks` runs on them.
 */
export function packedProjection(inputs: SequenceInput, kernel: tf.Tensor, bias: tf.Tensor, packed: readonly string[]): Projection {
  let split: { W: tf.Tensor[]; b: tf.Tensor[] } | undefined;
  return (gates) => {
    const V = kernel.shape[0];
    const order = gates.map((g) => packed.indexOf(g));
    if (order.some((o) => o < 0)) {
      throw new Error(`packedProjection: gates: expected some of ${packed.join(", ")}, got ${gates.join(", ")}`);
    }
    if (order.length === packed.length && lookupKernelServes(GATHER_PACKED, inputs, V)) {
      return gatherPacked(order, V)(inputs, kernel, bias) as T2;
    }
    split ??= { W: splitGates(kernel, packed.length, 1), b: splitGates(bias, packed.length, 0) };
    const { W, b } = split;
    return projectBlocks(
      inputs,
      order.map((o) => W[o]),
      order.map((o) => b[o]),
    );
  };
}

function gatherPacked(order: readonly number[], V: number) {
  const attrs = { blocks: order.length, order: [...order] };
  return withGradient(([indices, w, b], save) => {
    save([indices]);
    return {
      value: tf.engine().runKernel(GATHER_PACKED, { indices, w, b }, attrs) as tf.Tensor,
      gradFunc: (dy, [idx]) => {
        const [dw, db] = tf.engine().runKernel(GATHER_PACKED_GRAD, { dy, indices: idx }, { ...attrs, numRows: V }) as tf.Tensor[];
        return [tf.zeros(idx.shape), dw, db];
      },
    };
  });
}

function gatherBlocks(k: number, V: number) {
  return withGradient(([indices, ...params], save) => {
    const inputs: Named = { indices };
    params.forEach((p, i) => (inputs[i < k ? `w${i}` : `b${i - k}`] = p));
    save([indices]);
    return {
      value: tf.engine().runKernel(GATHER_BLOCKS, inputs as tf.NamedTensorMap, { blocks: k }) as tf.Tensor,
      gradFunc: (dy, [idx]) => {
        const grads = tf.engine().runKernel(GATHER_BLOCKS_GRAD, { dy, indices: idx }, { blocks: k, numRows: V }) as tf.Tensor[];
        return [tf.zeros(idx.shape), ...grads];
      },
    };
  });
}

/** `[T·B, k]` → the T blocks `[B, k]`. */
function steps(all: tf.Tensor, numSteps: number): T2[] {
  const [rows, k] = all.shape;
  return tf.unstack(tf.reshape(all, [numSteps, rows / numSteps, k])) as T2[];
}

/**
 * `[H_0; H_1; …; H_{T−1}]`: the state entering each step, from H_0 and the time-major outputs
 * (whose rows past the first T·B, such as the LSTM's C_T, are ignored).
 */
function entering(H0: T2, outputs: T2, numSteps: number): T2 {
  const [B] = H0.shape;
  return tf.concat([H0, tf.slice(outputs, [0, 0], [(numSteps - 1) * B, -1])], 0);
}

type Backward = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
type Body = (inputs: tf.Tensor[], save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: Backward };

/** `tf.customGrad` with the inputs as one list: `f(...inputs)` runs `body` and records `gradFunc`. */
function withGradient(body: Body): (...inputs: tf.Tensor[]) => tf.Tensor {
  const f = tf.customGrad(((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args.pop() as tf.GradSaveFunc;
    return body(args as tf.Tensor[], save);
  }) as Parameters<typeof tf.customGrad>[0]);
  return (...inputs) => f(...inputs);
}

// ------------------------------------------------------------------------------------------- RNN

/** φ'(A) from φ(A) alone: 1 − H² for tanh, [H > 0] for ReLU, 1 for the identity. */
function activationSlope(activation: Activation, H: T2): T2 {
  switch (activation) {
    case "tanh":
      return tf.sub<T2>(1, tf.square(H));
    case "relu":
      return tf.cast(tf.greater(H, 0), "float32") as T2;
    case "identity":
      return tf.onesLike(H);
    default: {
      const never: never = activation;
      throw new Error(`fusedLayer: activation: expected "tanh", "relu" or "identity", got ${JSON.stringify(never)}`);
    }
  }
}

function applyActivation(activation: Activation, A: T2): T2 {
  return activation === "tanh" ? tf.tanh(A) : activation === "relu" ? tf.relu(A) : A;
}

/**
 * H_t = φ(A_t), A_t = (X_t W_xh + b_h) + H_{t−1} W_hh. Backwards: dA_t = (dH_t + dA_{t+1} W_hhᵀ) ⊙ φ'(A_t).
 */
function rnnSequence(activation: Activation, numSteps: number) {
  if (activation === "tanh" && tf.getKernel(RNN_FORWARD, tf.getBackend()) !== undefined) return rnnTanhKernels(numSteps);
  return withGradient(([xs_all, H0, W_hh], save) => {
    const xs = steps(xs_all, numSteps);
    let H = H0 as T2;
    const Hs: T2[] = [];
    for (const x of xs) {
      H = applyActivation(activation, tf.add(x, tf.matMul(H, W_hh as T2)));
      Hs.push(H);
    }
    const outputs = tf.concat(Hs, 0); // [T·B, H]
    save([H0, W_hh, outputs]);
    return {
      value: outputs,
      gradFunc: (dy, saved) => {
        const [h0, w, out] = saved as T2[];
        const dOut = steps(dy, numSteps);
        const slope = steps(activationSlope(activation, out), numSteps);
        const W_hhT = tf.transpose(w); // once per batch, so every step is a plain product
        const dA: tf.Tensor[] = new Array(numSteps);
        let carried: tf.Tensor | undefined; // dA_{t+1} W_hhᵀ
        for (let t = numSteps - 1; t >= 0; t--) {
          const dH = carried === undefined ? dOut[t] : tf.add(dOut[t], carried);
          dA[t] = tf.mul(dH, slope[t]);
          carried = tf.matMul(dA[t], W_hhT);
        }
        const dA_all = tf.concat(dA, 0); // [T·B, H]
        const dW_hh = tf.matMul(entering(h0, out, numSteps), dA_all, true, false); // [H, H]
        return [dA_all, carried as tf.Tensor, dW_hh];
      },
    };
  });
}

/** The same time loop for tanh with the wasm kernels of `backend/kernels/recurrence.ts` (one op each way). */
function rnnTanhKernels(numSteps: number) {
  return withGradient(([xs_all, H0, W_hh], save) => {
    const outputs = tf.engine().runKernel(RNN_FORWARD, { xs: xs_all, h0: H0, w: W_hh }, { numSteps }) as T2;
    save([H0, W_hh, outputs]);
    return {
      value: outputs,
      gradFunc: (dy, saved) => {
        const [h0, w, out] = saved as T2[];
        const slope = activationSlope("tanh", out);
        const [dA_all, dH0] = tf.engine().runKernel(RNN_BACKWARD, { dy, slope, wT: tf.transpose(w) }, { numSteps }) as tf.Tensor[];
        return [dA_all, dH0, tf.matMul(entering(h0, out, numSteps), dA_all as T2, true, false)];
      },
    };
  });
}

function rnnLayer(activation: Activation): FusedLayer {
  return (p, state, inputs, numSteps, project = paramProjection(p, inputs)) => {
    const outputs = rnnSequence(activation, numSteps)(project(["h"]), state.H, p.W_hh) as T2;
    const [rows] = outputs.shape;
    const B = rows / numSteps;
    return { outputs, state: { H: tf.slice(outputs, [rows - B, 0], [B, -1]) } };
  };
}

// ------------------------------------------------------------------------------------------- GRU

/** `runKernel` of one of our multi-output wasm kernels. */
function runKernels(name: string, inputs: Named, numSteps: number): tf.Tensor[] {
  return tf.engine().runKernel(name, inputs as tf.NamedTensorMap, { numSteps }) as tf.Tensor[];
}

/**
 * The GRU's forward time loop, op by op: the contract of `D2lGruForward` (`kernels/gru-recurrence.ts`),
 * which computes the same numbers on wasm. Returns H_1…H_T, G = [R | Z], H̃ and R ⊙ H_{t−1}, time-major.
 */
function gruForwardLoop(x: Named, numSteps: number): tf.Tensor[] {
  const xrz = steps(x.xrz, numSteps);
  const xh = steps(x.xh, numSteps);
  let H = x.h0 as T2;
  const [Hs, Gs, Cands, RHs]: tf.Tensor[][] = [[], [], [], []];
  for (let t = 0; t < numSteps; t++) {
    const G = tf.sigmoid(tf.add(xrz[t], tf.matMul(H, x.wrz as T2))); // [B, 2H]: R | Z
    const [R, Z] = tf.split(G, 2, 1) as T2[];
    const RH = tf.mul(R, H);
    const H_tilde = tf.tanh(tf.add(xh[t], tf.matMul(RH, x.whh as T2)));
    H = tf.add(tf.mul(Z, H), tf.mul(tf.sub(1, Z), H_tilde));
    Hs.push(H);
    Gs.push(G);
    Cands.push(H_tilde);
    RHs.push(RH);
  }
  return [Hs, Gs, Cands, RHs].map((list) => tf.concat(list, 0));
}

/**
 * The GRU's backward time loop, op by op: the contract of `D2lGruBackward`. Returns dH̃, dG and dH_0.
 * The per-step factors are computed for all steps at once first (the kernel computes each step's
 * in its step: the same operations on the same numbers).
 */
function gruBackwardLoop(x: Named, numSteps: number): tf.Tensor[] {
  const hPrevAll = entering(x.h0 as T2, x.out as T2, numSteps); // [T·B, H]
  const [r, z] = tf.split(x.gates, 2, 1) as T2[];
  const candFactorAll = tf.mul(tf.sub(1, z), tf.sub(1, tf.square(x.cand))); // (1 − Z)(1 − H̃²)
  const zFactorAll = tf.sub(hPrevAll, x.cand); // H_{t−1} − H̃
  const slope = tf.mul(x.gates, tf.sub(1, x.gates)); // σ'
  const [whhT, wrzT] = [tf.transpose(x.whh), tf.transpose(x.wrz)];
  const [dOut, candFactor, Hprev, zFactor, gateSlope, R, Z] = [x.dy, candFactorAll, hPrevAll, zFactorAll, slope, r, z].map((a) =>
    steps(a, numSteps),
  );
  const dCand: tf.Tensor[] = new Array(numSteps);
  const dG: tf.Tensor[] = new Array(numSteps);
  let carried: tf.Tensor | undefined;
  for (let t = numSteps - 1; t >= 0; t--) {
    const dH = carried === undefined ? dOut[t] : tf.add(dOut[t], carried);
    dCand[t] = tf.mul(dH, candFactor[t]);
    const dRH = tf.matMul(dCand[t], whhT);
    dG[t] = tf.mul(tf.concat([tf.mul(dRH, Hprev[t]), tf.mul(dH, zFactor[t])], 1), gateSlope[t]);
    carried = tf.add(tf.add(tf.mul(dH, Z[t]), tf.mul(dRH, R[t])), tf.matMul(dG[t], wrzT));
  }
  return [tf.concat(dCand, 0), tf.concat(dG, 0), carried as tf.Tensor];
}

/**
 * [R_t, Z_t] = σ(xrz_t + H_{t−1} [W_hr | W_hz]); H̃_t = tanh(xh_t + (R_t ⊙ H_{t−1}) W_hh);
 * H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t. Backwards, with dH = dH_t + (from step t + 1):
 *   dÃ = dH ⊙ (1 − Z) ⊙ (1 − H̃²)           (pre-activation of the candidate)
 *   dRH = dÃ W_hhᵀ,  dR = dRH ⊙ H_{t−1},  dZ = dH ⊙ (H_{t−1} − H̃)
 *   dG = [dR, dZ] ⊙ σ'(·)                  (pre-activations of the gates)
 *   to step t − 1: dH ⊙ Z + dRH ⊙ R + dG [W_hr | W_hz]ᵀ
 * The time loops run as wasm kernels where they are registered, else op by op (same numbers).
 */
function gruSequence(numSteps: number) {
  const kernels = hasKernel(GRU_FORWARD);
  const forward = kernels ? (x: Named) => runKernels(GRU_FORWARD, x, numSteps) : (x: Named) => gruForwardLoop(x, numSteps);
  const backward = kernels ? (x: Named) => runKernels(GRU_BACKWARD, x, numSteps) : (x: Named) => gruBackwardLoop(x, numSteps);
  return withGradient(([xrz, xh, h0, wrz, whh], save) => {
    const [outputs, G_all, cand_all, RH_all] = forward({ xrz, xh, h0, wrz, whh });
    save([h0, wrz, whh, outputs, G_all, cand_all, RH_all]);
    return {
      value: outputs,
      gradFunc: (dy, saved) => {
        const [H0, W_hrz, W_hh, out, G, cand, RH] = saved as T2[];
        const [dCand, dG, dH0] = backward({ dy, gates: G, cand, out, h0: H0, whh: W_hh, wrz: W_hrz });
        const hPrev = entering(H0, out, numSteps); // [T·B, H]
        return [dG, dCand, dH0, tf.matMul(hPrev, dG as T2, true, false), tf.matMul(RH, dCand as T2, true, false)];
      },
    };
  });
}

const gruLayer: FusedLayer = (p, state, inputs, numSteps, project = paramProjection(p, inputs)) => {
  const xrz = project(["r", "z"]); // [T·B, 2H]
  const xh = project(["h"]);
  const W_hrz = tf.concat([p.W_hr, p.W_hz], 1); // [H, 2H]
  const outputs = gruSequence(numSteps)(xrz, xh, state.H, W_hrz, p.W_hh) as T2;
  const [rows] = outputs.shape;
  const B = rows / numSteps;
  return { outputs, state: { H: tf.slice(outputs, [rows - B, 0], [B, -1]) } };
};

// ------------------------------------------------------------------------------------------ LSTM

/**
 * The LSTM's forward time loop, op by op: the contract of `D2lLstmForward` (`kernels/lstm-recurrence.ts`).
 * Returns `[H_1; …; H_T; C_T]`, C_1…C_T, the activations [I | F | O | C̃] and tanh C_t, time-major.
 */
function lstmForwardLoop(x: Named, numSteps: number): tf.Tensor[] {
  const x4 = steps(x.x4, numSteps);
  const numHiddens = x.h0.shape[1] as number;
  let H = x.h0 as T2;
  let C = x.c0 as T2;
  const [Hs, Cs, Acts, TanhCs]: tf.Tensor[][] = [[], [], [], []];
  for (let t = 0; t < numSteps; t++) {
    const [gates, candidate] = tf.split(tf.add(x4[t], tf.matMul(H, x.w4 as T2)), [3 * numHiddens, numHiddens], 1);
    const IFO = tf.sigmoid(gates); // [B, 3H]
    const C_tilde = tf.tanh(candidate);
    const [I, F, O] = tf.split(IFO, 3, 1) as T2[];
    C = tf.add(tf.mul(F, C), tf.mul(I, C_tilde));
    const tanhC = tf.tanh(C);
    H = tf.mul(O, tanhC);
    Hs.push(H);
    Cs.push(C);
    Acts.push(tf.concat([IFO, C_tilde], 1));
    TanhCs.push(tanhC);
  }
  return [tf.concat([...Hs, C], 0), ...[Cs, Acts, TanhCs].map((list) => tf.concat(list, 0))];
}

/**
 * The LSTM's backward time loop, op by op: the contract of `D2lLstmBackward`. Returns dA, dH_0 and
 * dC_0. The per-step factors are computed for all steps at once first (the kernel computes each
 * step's in its step: the same operations on the same numbers).
 */
function lstmBackwardLoop(x: Named, numSteps: number): tf.Tensor[] {
  const B = x.c0.shape[0];
  const H = x.c0.shape[1] as number;
  const [iAll, fAll, oAll, cTildeAll] = tf.split(x.act, 4, 1) as T2[];
  const cPrevAll = entering(x.c0 as T2, x.cs as T2, numSteps);
  const cFactorAll = tf.mul(oAll, tf.sub(1, tf.square(x.tanhC))); // O ⊙ (1 − tanh²C)
  const IFO = tf.slice(x.act, [0, 0], [-1, 3 * H]);
  const slopeAll = tf.concat([tf.mul(IFO, tf.sub(1, IFO)), tf.sub(1, tf.square(cTildeAll))], 1); // σ', σ', σ', tanh'
  const w4T = tf.transpose(x.w4) as T2;
  const dOut = steps(tf.slice(x.dy, [0, 0], [numSteps * B, -1]), numSteps);
  const [cFactor, Ct, Cprev, tanhC, I, F, slope] = [cFactorAll, cTildeAll, cPrevAll, x.tanhC, iAll, fAll, slopeAll].map((a) =>
    steps(a, numSteps),
  );
  const dA: tf.Tensor[] = new Array(numSteps);
  let carriedH: tf.Tensor | undefined;
  let dCnext = tf.slice(x.dy, [numSteps * B, 0], [B, -1]); // dC_T from the value
  for (let t = numSteps - 1; t >= 0; t--) {
    const dH = carriedH === undefined ? dOut[t] : tf.add(dOut[t], carriedH);
    const dC = tf.add(tf.mul(dH, cFactor[t]), dCnext);
    dA[t] = tf.mul(tf.concat([tf.mul(dC, Ct[t]), tf.mul(dC, Cprev[t]), tf.mul(dH, tanhC[t]), tf.mul(dC, I[t])], 1), slope[t]);
    dCnext = tf.mul(dC, F[t]);
    carriedH = tf.matMul(dA[t], w4T);
  }
  return [tf.concat(dA, 0), carriedH as tf.Tensor, dCnext];
}

/**
 * A_t = x4_t + H_{t−1} [W_hi | W_hf | W_ho | W_hc]; [I, F, O] = σ(first 3H columns), C̃ = tanh(last H);
 * C_t = F ⊙ C_{t−1} + I ⊙ C̃;  H_t = O ⊙ tanh(C_t). Backwards, with dH = dH_t + (from step t + 1)
 * and dC = dH ⊙ O ⊙ (1 − tanh²C_t) + (from step t + 1):
 *   dA = [dC ⊙ C̃, dC ⊙ C_{t−1}, dH ⊙ tanh C_t, dC ⊙ I] ⊙ [σ', σ', σ', 1 − C̃²]
 *   to step t − 1: dA W_h4ᵀ (for H) and dC ⊙ F (for C)
 * The value is `[H_1; …; H_T; C_T]`, `[(T + 1)·B, H]`, so that the last memory cell has a gradient.
 * The time loops run as wasm kernels where they are registered, else op by op (same numbers).
 */
function lstmSequence(numSteps: number) {
  const kernels = hasKernel(LSTM_FORWARD);
  const forward = kernels ? (x: Named) => runKernels(LSTM_FORWARD, x, numSteps) : (x: Named) => lstmForwardLoop(x, numSteps);
  const backward = kernels ? (x: Named) => runKernels(LSTM_BACKWARD, x, numSteps) : (x: Named) => lstmBackwardLoop(x, numSteps);
  return withGradient(([x4, h0, c0, w4], save) => {
    const [value, C_all, act_all, tanhC_all] = forward({ x4, h0, c0, w4 });
    save([h0, c0, w4, value, C_all, act_all, tanhC_all]);
    return {
      value,
      gradFunc: (dy, saved) => {
        const [H0, C0, W_h4, val, Cs, act, tanhC] = saved as T2[];
        const [dA, dH0, dC0] = backward({ dy, act, tanhC, cs: Cs, c0: C0, w4: W_h4 });
        const dW_h4 = tf.matMul(entering(H0, val, numSteps), dA as T2, true, false);
        return [dA, dH0, dC0, dW_h4];
      },
    };
  });
}

const lstmLayer: FusedLayer = (p, state, inputs, numSteps, project = paramProjection(p, inputs)) => {
  const x4 = project(["i", "f", "o", "c"]); // [T·B, 4H]
  const W_h4 = tf.concat([p.W_hi, p.W_hf, p.W_ho, p.W_hc], 1); // [H, 4H]
  const C0 = (state as HiddenState & { readonly C: T2 }).C;
  const value = lstmSequence(numSteps)(x4, state.H, C0, W_h4) as T2;
  const rows = value.shape[0];
  const B = rows / (numSteps + 1);
  return {
    outputs: tf.slice(value, [0, 0], [numSteps * B, -1]),
    state: { H: tf.slice(value, [(numSteps - 1) * B, 0], [B, -1]), C: tf.slice(value, [numSteps * B, 0], [B, -1]) } as HiddenState,
  };
};

// ---------------------------------------------------------------------------------------- public

/** The fused layer of a cell (the RNN with its φ). */
export function fusedLayer(cell: CellName, activation: Activation = "tanh"): FusedLayer {
  switch (cell) {
    case "rnn":
      return rnnLayer(activation);
    case "gru":
      return gruLayer;
    case "lstm":
      return lstmLayer;
    default: {
      const never: never = cell;
      throw new Error(`fusedLayer: cell: expected "rnn", "gru" or "lstm", got ${JSON.stringify(never)}`);
    }
  }
}

/**
 * L stacked fused layers over `X [B, T]` (int32): layer 1 reads the tokens (as indices, or as
 * one-hot rows when `onehot` is given as V), layer l the outputs of layer l − 1. Returns the last
 * layer's outputs `[T·B, H]` (time-major) and one state per layer.
 */
export function fusedSequence(
  layer: FusedLayer,
  layers: readonly ParamRecord[],
  states: readonly HiddenState[],
  X: tf.Tensor2D,
  onehot?: number,
): { readonly outputs: tf.Tensor2D; readonly states: HiddenState[] } {
  if (states.length !== layers.length) {
    throw new Error(`fusedSequence: states: expected ${layers.length} states (one per layer), got ${states.length}`);
  }
  const [, T] = X.shape;
  const tokens = tf.reshape(tf.transpose(X), [-1]) as tf.Tensor1D; // [T·B], time-major
  let inputs: SequenceInput = onehot === undefined ? tokens : (tf.cast(tf.oneHot(tokens, onehot), "float32") as tf.Tensor2D);
  const next: HiddenState[] = [];
  layers.forEach((params, l) => {
    const { outputs, state } = layer(params, states[l], inputs, T);
    next.push(state);
    inputs = outputs; // [T·B, H]
  });
  return { outputs: inputs as tf.Tensor2D, states: next };
}
