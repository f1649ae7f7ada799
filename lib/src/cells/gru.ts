/**
 * The gated recurrent unit of d2l-zh 6.7, for one time step:
 *
 *   R_t = σ(X_t W_xr + H_{t−1} W_hr + b_r)                 reset gate, in [0, 1]
 *   Z_t = σ(X_t W_xz + H_{t−1} W_hz + b_z)                 update gate, in [0, 1]
 *   H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t−1}) W_hh + b_h)      candidate, in [−1, 1]
 *   H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t
 *
 * The reset gate acts on H_{t−1} before the product with W_hh (the book's form; tf.layers.gru
 * computes the same, see `concise.ts`).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { StepInput, affine, checkSize, checkStep, normalWeight, zeroBias } from "./params";
import { RnnState, initRnnState } from "./rnn";

/** GRU parameters: for each of R, Z and the candidate, `W_x* [D, H]`, `W_h* [H, H]`, `b_* [H]`. */
export type GruParams = {
  readonly W_xr: tf.Tensor2D;
  readonly W_hr: tf.Tensor2D;
  readonly b_r: tf.Tensor1D;
  readonly W_xz: tf.Tensor2D;
  readonly W_hz: tf.Tensor2D;
  readonly b_z: tf.Tensor1D;
  readonly W_xh: tf.Tensor2D;
  readonly W_hh: tf.Tensor2D;
  readonly b_h: tf.Tensor1D;
};

/** The GRU's state is the hidden state alone, `{H: [B, H]}`. */
export type GruState = RnnState;

/** Everything one GRU step computes, for plots and tests: the gates, the candidate and the new H. */
export type GruGates = {
  readonly R: tf.Tensor2D;
  readonly Z: tf.Tensor2D;
  readonly H_tilde: tf.Tensor2D;
  readonly H: tf.Tensor2D;
};

/** Weights from N(0, 0.01²) drawn from `rng` (R, then Z, then the candidate), biases zero. */
export function initGruParams(numInputs: number, numHiddens: number, rng: Rng): GruParams {
  checkSize("initGruParams", "numInputs", numInputs);
  checkSize("initGruParams", "numHiddens", numHiddens);
  const three = () => [normalWeight(rng, numInputs, numHiddens), normalWeight(rng, numHiddens, numHiddens), zeroBias(numHiddens)] as const;
  const [W_xr, W_hr, b_r] = three();
  const [W_xz, W_hz, b_z] = three();
  const [W_xh, W_hh, b_h] = three();
  return { W_xr, W_hr, b_r, W_xz, W_hz, b_z, W_xh, W_hh, b_h };
}

/** The zero state `{H: [B, H]}`. */
export function initGruState(batchSize: number, numHiddens: number): GruState {
  return initRnnState(batchSize, numHiddens);
}

/** One GRU step, returning the gates `R`, `Z`, the candidate `H_tilde` and the new `H`. */
export function gruGates(params: GruParams, state: GruState, X: StepInput): GruGates {
  checkStep("gruStep", params.W_xh, state, X);
  const H = state.H; // [B, H]
  const gate = (W_x: tf.Tensor2D, W_h: tf.Tensor2D, b: tf.Tensor1D, h: tf.Tensor2D) =>
    tf.add<tf.Tensor2D>(affine(X, W_x), affine(h, W_h, b)); // [B, H]
  const R = tf.sigmoid(gate(params.W_xr, params.W_hr, params.b_r, H));
  const Z = tf.sigmoid(gate(params.W_xz, params.W_hz, params.b_z, H));
  const H_tilde = tf.tanh(gate(params.W_xh, params.W_hh, params.b_h, tf.mul<tf.Tensor2D>(R, H)));
  const H_new = tf.add<tf.Tensor2D>(tf.mul<tf.Tensor2D>(Z, H), tf.mul<tf.Tensor2D>(tf.sub<tf.Tensor2D>(1, Z), H_tilde));
  return { R, Z, H_tilde, H: H_new };
}

/** One GRU step `{H} → {H'}`. Pure: disposes nothing (wrap calls in `tf.tidy`). */
export function gruStep(params: GruParams, state: GruState, X: StepInput): GruState {
  return { H: gruGates(params, state, X).H };
}
