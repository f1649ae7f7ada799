/**
 * Deep recurrent networks (d2l-zh 6.9): L layers, layer 1 reading the inputs (V or D wide) and
 * layer l reading the hidden states of layer l − 1 (H wide):
 *
 *   H_t^(1) = f(X_t, H_{t−1}^(1)),   H_t^(l) = f(H_t^(l−1), H_{t−1}^(l)),   O_t = H_t^(L) W_hq + b_q
 *
 * `deep(layer)` stacks any sequence function (`scan(gruStep)`, a bidirectional layer, …). It runs
 * layer by layer over the whole sequence, which computes the same numbers as going step by step.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { StepInput, checkSize } from "./params";
import { SequenceFn } from "./scan";

/** Stacks L copies of a sequence layer; params and states are lists with one entry per layer. */
export function deep<P, S>(layer: SequenceFn<P, S>): SequenceFn<readonly P[], readonly S[]> {
  return (params, states, inputs) => {
    if (!Array.isArray(params) || params.length === 0) {
      throw new Error(`deep: params: expected a non-empty list with one entry per layer, got ${String(params)}`);
    }
    if (!Array.isArray(states) || states.length !== params.length) {
      throw new Error(
        `deep: states: expected ${params.length} states (one per layer), got ${Array.isArray(states) ? states.length : String(states)}`,
      );
    }
    let xs: readonly StepInput[] = inputs;
    const out: S[] = [];
    for (let l = 0; l < params.length; l++) {
      const { outputs, state } = layer(params[l], states[l], xs);
      out.push(state);
      xs = outputs; // [B, H] each: the next layer's inputs
    }
    return { outputs: xs as tf.Tensor2D[], state: out }; // L ≥ 1, so these are layer outputs
  };
}

/** Layer sizes of a deep network: inputs of layer 1, hidden units of each layer (length L). */
export interface DeepSizes {
  readonly numInputs: number;
  readonly numHiddens: readonly number[];
}

/** Initialises L layers with `init(inputsOfLayer, hiddensOfLayer, rng)`, layer 1 first. */
export function initDeepParams<P>(init: (numInputs: number, numHiddens: number, rng: Rng) => P, sizes: DeepSizes, rng: Rng): P[] {
  checkSize("initDeepParams", "sizes.numInputs", sizes.numInputs);
  if (sizes.numHiddens.length === 0) throw new Error("initDeepParams: sizes.numHiddens: expected one size per layer, got an empty list");
  sizes.numHiddens.forEach((h, l) => checkSize("initDeepParams", `sizes.numHiddens[${l}]`, h));
  return sizes.numHiddens.map((h, l) => init(l === 0 ? sizes.numInputs : sizes.numHiddens[l - 1], h, rng));
}

/** One initial state per layer, `initState(batchSize, hiddensOfLayer)`. */
export function initDeepState<S>(
  initState: (batchSize: number, numHiddens: number) => S,
  batchSize: number,
  numHiddens: readonly number[],
): S[] {
  return numHiddens.map((h) => initState(batchSize, h));
}
