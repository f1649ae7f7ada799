/**
 * Back-propagation through time (d2l-zh 6.6): the gradient of the loss with respect to every hidden
 * state H_t, by automatic differentiation for any cell, and by the book's closed form for a linear
 * RNN (H_t = X_t W_xh + H_{t−1} W_hh + b_h, O_t = H_t W_hq + b_q), in row-vector form:
 *
 *   ∂L/∂H_t = Σ_{i=t}^{T} (∂L/∂O_i) W_hqᵀ (W_hhᵀ)^{i−t}
 *
 * The powers of W_hhᵀ make the gradient decay or explode with T − t, depending on W_hh's scale;
 * `gradNorms` gives the norms over t for plotting.
 *
 * The loss is the mean cross-entropy over the predictions of every step (`lossAt: "all"`, as in
 * training), or of the last step only (`"last"`, where the power law shows unmixed).
 */
import * as tf from "@tensorflow/tfjs";
import { StepInput, oneHotFloat } from "../cells/params";
import { HiddenState, Step } from "../cells/scan";
import { OutputParams, outputLayer } from "../model/output";
import { RnnParams, rnnStep } from "../cells/rnn";
import { softmaxCrossEntropy } from "./loss";

export interface BpttOptions<P, S extends HiddenState> {
  /** The cell (for the closed form, the linear RNN is used whatever is given here). */
  readonly step: Step<P, S>;
  readonly params: P;
  readonly output: OutputParams;
  /** The state before step 1. */
  readonly state: S;
  /** T step inputs. */
  readonly inputs: readonly StepInput[];
  /** T label vectors, int32 [B]. */
  readonly labels: readonly tf.Tensor1D[];
  /** Which predictions the loss averages: every step's ("all", default) or the last step's. */
  readonly lossAt?: "all" | "last";
}

/** The linear RNN of 6.6: `rnnStep` with the identity as φ. */
export function linearRnnStep(params: RnnParams, state: HiddenState, X: StepInput): HiddenState {
  return rnnStep(params, state, X, { activation: "identity" });
}

function lossOf(outputs: tf.Tensor2D[], labels: readonly tf.Tensor1D[], lossAt: "all" | "last"): tf.Scalar {
  if (lossAt === "last") return softmaxCrossEntropy(outputs[outputs.length - 1], labels[labels.length - 1]);
  return softmaxCrossEntropy(tf.concat(outputs, 0), tf.concat(labels as tf.Tensor1D[], 0));
}

function checkBptt(fn: string, inputs: readonly StepInput[], labels: readonly tf.Tensor1D[]): void {
  if (inputs.length === 0 || labels.length !== inputs.length) {
    throw new Error(`${fn}: labels: expected ${inputs.length} label vectors (one per input step, T ≥ 1), got ${labels.length}`);
  }
}

/** ∂L/∂H_t for t = 1 … T by automatic differentiation (T tensors [B, H], owned by the caller). */
export function hiddenStateGrads<P, S extends HiddenState>(options: BpttOptions<P, S>): tf.Tensor2D[] {
  const { step, params, output, state, inputs, labels } = options;
  checkBptt("hiddenStateGrads", inputs, labels);
  return tf.tidy(() => {
    // Adding a zero E_t to each H_t does not change the forward pass, and ∂L/∂E_t = ∂L/∂H_t.
    const Es = inputs.map((X) => tf.zeros([X.shape[0], state.H.shape[1]]) as tf.Tensor2D);
    const loss = (...E: tf.Tensor[]) => {
      let s = state;
      const outputs = inputs.map((X, t) => {
        const next = step(params, s, X);
        s = { ...next, H: tf.add(next.H, E[t]) };
        return outputLayer(output, s.H);
      });
      return lossOf(outputs, labels, options.lossAt ?? "all");
    };
    return tf.grads(loss)(Es) as tf.Tensor2D[];
  });
}

/**
 * ∂L/∂H_t for t = 1 … T of the linear RNN by the closed form above (no automatic
 * differentiation): ∂L/∂O_t = (softmax(O_t) − onehot(y_t)) / N, N the number of predictions averaged.
 */
export function linearRnnHiddenStateGrads(options: Omit<BpttOptions<RnnParams, HiddenState>, "step">): tf.Tensor2D[] {
  const { params, output, state, inputs, labels } = options;
  checkBptt("linearRnnHiddenStateGrads", inputs, labels);
  const lossAt = options.lossAt ?? "all";
  return tf.tidy(() => {
    let s: HiddenState = state;
    const O = inputs.map((X) => {
      s = linearRnnStep(params, s, X);
      return outputLayer(output, s.H); // [B, V]
    });
    const T = O.length;
    const B = O[0].shape[0];
    const V = O[0].shape[1];
    const counted = lossAt === "all" ? T * B : B;
    const dO = O.map((o, i) =>
      lossAt === "last" && i < T - 1 ? tf.zerosLike(o) : tf.div(tf.sub(tf.softmax(o), oneHotFloat(labels[i], V)), counted),
    );
    const W_hhT = tf.transpose(params.W_hh);
    const powers: tf.Tensor2D[] = [tf.eye(params.W_hh.shape[0]) as tf.Tensor2D]; // (W_hhᵀ)^k
    for (let k = 1; k < T; k++) powers.push(tf.matMul(powers[k - 1], W_hhT));
    const W_hqT = tf.transpose(output.W_hq);
    const back = dO.map((d) => tf.matMul(d, W_hqT)); // (∂L/∂O_i) W_hqᵀ, [B, H]
    return O.map((_, t) => tf.addN(back.slice(t).map((g, j) => tf.matMul(g, powers[j]))) as tf.Tensor2D);
  });
}

/** The Frobenius norm of each tensor: ‖∂L/∂H_t‖ for t = 1 … T. */
export function gradNorms(grads: readonly tf.Tensor[]): number[] {
  return grads.map((g) => tf.tidy(() => tf.norm(g).dataSync()[0]));
}
