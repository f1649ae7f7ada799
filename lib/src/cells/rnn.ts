/**
 * The recurrent cell of d2l-zh 6.2/6.4, for one time step:
 *
 *   H_t = φ(X_t W_xh + H_{t−1} W_hh + b_h),   φ = tanh (the book), ReLU (6.4 exercise) or identity
 *
 * (the linear RNN of 6.6). The output layer `O_t = H_t W_hq + b_q` is kept apart (`output.ts`).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { StepInput, affine, checkSize, checkStep, normalWeight, zeroBias } from "./params";

/** Parameters of the plain RNN cell: `W_xh [D, H]`, `W_hh [H, H]`, `b_h [H]`. */
export type RnnParams = {
  readonly W_xh: tf.Tensor2D;
  readonly W_hh: tf.Tensor2D;
  readonly b_h: tf.Tensor1D;
};

/** The hidden state `H [B, H]` (also the GRU's state). */
export type RnnState = { readonly H: tf.Tensor2D };

/** The element-wise non-linearity φ of the plain RNN. */
export type Activation = "tanh" | "relu" | "identity";

export interface RnnStepOptions {
  /** φ: "tanh" (default, the book), "relu" (6.4 exercise) or "identity" (the linear RNN of 6.6). */
  readonly activation?: Activation;
}

/** `W_xh [D, H]`, `W_hh [H, H]` from N(0, 0.01²) drawn from `rng`, `b_h` zero. */
export function initRnnParams(numInputs: number, numHiddens: number, rng: Rng): RnnParams {
  checkSize("initRnnParams", "numInputs", numInputs);
  checkSize("initRnnParams", "numHiddens", numHiddens);
  return {
    W_xh: normalWeight(rng, numInputs, numHiddens),
    W_hh: normalWeight(rng, numHiddens, numHiddens),
    b_h: zeroBias(numHiddens),
  };
}

/** The zero state `{H: [B, H]}` the book starts every random-sampling batch with. */
export function initRnnState(batchSize: number, numHiddens: number): RnnState {
  checkSize("initRnnState", "batchSize", batchSize);
  checkSize("initRnnState", "numHiddens", numHiddens);
  return { H: tf.zeros([batchSize, numHiddens]) };
}

/** Applies φ. */
export function activate(activation: Activation, x: tf.Tensor2D): tf.Tensor2D {
  switch (activation) {
    case "tanh":
      return tf.tanh(x);
    case "relu":
      return tf.relu(x);
    case "identity":
      return x;
    default: {
      const never: never = activation;
      throw new Error(`activate: activation: expected "tanh", "relu" or "identity", got ${JSON.stringify(never)}`);
    }
  }
}

/**
 * One step of the RNN: `{H} → {H'}` with `H' = φ(X W_xh + H W_hh + b_h)`. X is `[B, D]`, or
 * int32 indices `[B]` standing for one-hot rows. Pure: disposes nothing (wrap calls in `tf.tidy`).
 */
export function rnnStep(params: RnnParams, state: RnnState, X: StepInput, options: RnnStepOptions = {}): RnnState {
  checkStep("rnnStep", params.W_xh, state, X);
  const preactivation = tf.add<tf.Tensor2D>(affine(X, params.W_xh), affine(state.H, params.W_hh, params.b_h)); // [B, H]
  return { H: activate(options.activation ?? "tanh", preactivation) };
}
