/**
 * The output layer, kept apart from the cell: `O_t = H_t W_hq + b_q` with `W_hq [H, Q]`, `b_q [Q]`
 * (Q = V for a language model).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { affine, checkShape, checkSize, normalWeight, zeroBias } from "../cells/params";

/** Output-layer parameters `{W_hq [H, Q], b_q [Q]}`. */
export type OutputParams = { readonly W_hq: tf.Tensor2D; readonly b_q: tf.Tensor1D };

/** `W_hq` from N(0, 0.01²) drawn from `rng`, `b_q` zero. */
export function initOutputParams(numHiddens: number, numOutputs: number, rng: Rng): OutputParams {
  checkSize("initOutputParams", "numHiddens", numHiddens);
  checkSize("initOutputParams", "numOutputs", numOutputs);
  return { W_hq: normalWeight(rng, numHiddens, numOutputs), b_q: zeroBias(numOutputs) };
}

/** `H W_hq + b_q` for `H [N, H]` (one step's batch, or all steps concatenated): `[N, Q]`. */
export function outputLayer(params: OutputParams, H: tf.Tensor2D): tf.Tensor2D {
  checkShape("outputLayer", "H", H, [H.shape[0], params.W_hq.shape[0]]);
  return affine(H, params.W_hq, params.b_q);
}
