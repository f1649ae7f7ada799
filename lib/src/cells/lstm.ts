/**
 * Long short-term memory of d2l-zh 6.8, for one time step:
 *
 *   I_t = σ(X_t W_xi + H_{t−1} W_hi + b_i)      input gate, in [0, 1]
 *   F_t = σ(X_t W_xf + H_{t−1} W_hf + b_f)      forget gate, in [0, 1]
 *   O_t = σ(X_t W_xo + H_{t−1} W_ho + b_o)      output gate, in [0, 1]
 *   C̃_t = tanh(X_t W_xc + H_{t−1} W_hc + b_c)   candidate memory, in [−1, 1]
 *   C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t
 *   H_t = O_t ⊙ tanh(C_t)
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { StepInput, affine, checkSize, checkStep, normalWeight, zeroBias } from "./params";

/** LSTM parameters: for each of I, F, O and the candidate C̃: `W_x* [D, H]`, `W_h* [H, H]`, `b_* [H]`. */
export type LstmParams = {
  readonly W_xi: tf.Tensor2D;
  readonly W_hi: tf.Tensor2D;
  readonly b_i: tf.Tensor1D;
  readonly W_xf: tf.Tensor2D;
  readonly W_hf: tf.Tensor2D;
  readonly b_f: tf.Tensor1D;
  readonly W_xo: tf.Tensor2D;
  readonly W_ho: tf.Tensor2D;
  readonly b_o: tf.Tensor1D;
  readonly W_xc: tf.Tensor2D;
  readonly W_hc: tf.Tensor2D;
  readonly b_c: tf.Tensor1D;
};

/** The LSTM's state: hidden state and memory cell, both `[B, H]`. */
export type LstmState = { readonly H: tf.Tensor2D; readonly C: tf.Tensor2D };

/** Everything one LSTM step computes: the gates, the candidate memory and the new state. */
export type LstmGates = {
  readonly I: tf.Tensor2D;
  readonly F: tf.Tensor2D;
  readonly O: tf.Tensor2D;
  readonly C_tilde: tf.Tensor2D;
  readonly C: tf.Tensor2D;
  readonly H: tf.Tensor2D;
};

/** Weights from N(0, 0.01²) drawn from `rng` (I, F, O, then C̃), biases zero. */
export function initLstmParams(numInputs: number, numHiddens: number, rng: Rng): LstmParams {
  checkSize("initLstmParams", "numInputs", numInputs);
  checkSize("initLstmParams", "numHiddens", numHiddens);
  const three = () => [normalWeight(rng, numInputs, numHiddens), normalWeight(rng, numHiddens, numHiddens), zeroBias(numHiddens)] as const;
  const [W_xi, W_hi, b_i] = three();
  const [W_xf, W_hf, b_f] = three();
  const [W_xo, W_ho, b_o] = three();
  const [W_xc, W_hc, b_c] = three();
  return { W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c };
}

/** The zero state `{H, C}`, both `[B, H]`. */
export function initLstmState(batchSize: number, numHiddens: number): LstmState {
  checkSize("initLstmState", "batchSize", batchSize);
  checkSize("initLstmState", "numHiddens", numHiddens);
  return { H: tf.zeros([batchSize, numHiddens]), C: tf.zeros([batchSize, numHiddens]) };
}

/** One LSTM step, returning the gates `I`, `F`, `O`, the candidate `C_tilde` and the new `C`, `H`. */
export function lstmGates(params: LstmParams, state: LstmState, X: StepInput): LstmGates {
  checkStep("lstmStep", params.W_xi, state, X);
  const gate = (W_x: tf.Tensor2D, W_h: tf.Tensor2D, b: tf.Tensor1D) => tf.add<tf.Tensor2D>(affine(X, W_x), affine(state.H, W_h, b)); // [B, H]
  const I = tf.sigmoid(gate(params.W_xi, params.W_hi, params.b_i));
  const F = tf.sigmoid(gate(params.W_xf, params.W_hf, params.b_f));
  const O = tf.sigmoid(gate(params.W_xo, params.W_ho, params.b_o));
  const C_tilde = tf.tanh(gate(params.W_xc, params.W_hc, params.b_c));
  const C = tf.add<tf.Tensor2D>(tf.mul<tf.Tensor2D>(F, state.C), tf.mul<tf.Tensor2D>(I, C_tilde));
  const H = tf.mul<tf.Tensor2D>(O, tf.tanh(C));
  return { I, F, O, C_tilde, C, H };
}

/** One LSTM step `{H, C} → {H', C'}`. Pure: disposes nothing (wrap calls in `tf.tidy`). */
export function lstmStep(params: LstmParams, state: LstmState, X: StepInput): LstmState {
  const { H, C } = lstmGates(params, state, X);
  return { H, C };
}
