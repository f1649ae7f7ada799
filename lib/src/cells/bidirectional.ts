/**
 * Bidirectional recurrent networks (d2l-zh 6.10): one layer reads the sequence forwards, another
 * backwards, and the two hidden states of each step are concatenated:
 *
 *   →H_t = f(X_t, →H_{t−1}),   ←H_t = g(X_t, ←H_{t+1}),   H_t = [→H_t, ←H_t]  ([B, h_f + h_b])
 *
 * The two directions may have different cells and hidden sizes. A bidirectional layer is a
 * sequence function, so `deep(bidirectional(…))` stacks them (layer l + 1 reads h_f + h_b inputs).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { checkSize } from "./params";
import { SequenceFn } from "./scan";

/** Parameters of both directions. */
export type BidirectionalParams<PF, PB> = { readonly forward: PF; readonly backward: PB };
/** States of both directions (the backward state is the one at the start of the sequence). */
export type BidirectionalState<SF, SB> = { readonly forward: SF; readonly backward: SB };

/** Combines a forward and a backward sequence function; outputs are `[B, h_f + h_b]`. */
export function bidirectional<PF, SF, PB, SB>(
  forward: SequenceFn<PF, SF>,
  backward: SequenceFn<PB, SB>,
): SequenceFn<BidirectionalParams<PF, PB>, BidirectionalState<SF, SB>> {
  return (params, state, inputs) => {
    const f = forward(params.forward, state.forward, inputs);
    const b = backward(params.backward, state.backward, inputs.slice().reverse());
    const backwardInTime = b.outputs.slice().reverse(); // ←H_t in the order of the inputs
    const outputs = f.outputs.map((H_f, t) => tf.concat([H_f, backwardInTime[t]], 1)); // [B, h_f + h_b]
    return { outputs, state: { forward: f.state, backward: b.state } };
  };
}

/** Sizes of one bidirectional layer: its inputs and the hidden units [h_f, h_b] of each direction. */
export interface BidirectionalSizes {
  readonly numInputs: number;
  readonly numHiddens: readonly [number, number];
}

/** Initialises both directions with `init(numInputs, h, rng)`, forward first. */
export function initBidirectionalParams<P>(
  init: (numInputs: number, numHiddens: number, rng: Rng) => P,
  sizes: BidirectionalSizes,
  rng: Rng,
): BidirectionalParams<P, P> {
  checkSize("initBidirectionalParams", "sizes.numInputs", sizes.numInputs);
  const [h_f, h_b] = sizes.numHiddens;
  checkSize("initBidirectionalParams", "sizes.numHiddens[0]", h_f);
  checkSize("initBidirectionalParams", "sizes.numHiddens[1]", h_b);
  const forward = init(sizes.numInputs, h_f, rng);
  const backward = init(sizes.numInputs, h_b, rng);
  return { forward, backward };
}

/** Zero states for both directions. */
export function initBidirectionalState<S>(
  initState: (batchSize: number, numHiddens: number) => S,
  batchSize: number,
  numHiddens: readonly [number, number],
): BidirectionalState<S, S> {
  return { forward: initState(batchSize, numHiddens[0]), backward: initState(batchSize, numHiddens[1]) };
}

/** A stack of bidirectional layers: layer 1 reads `numInputs`, layer l + 1 reads h_f + h_b of layer l. */
export function initDeepBidirectionalParams<P>(
  init: (numInputs: number, numHiddens: number, rng: Rng) => P,
  sizes: { readonly numInputs: number; readonly numHiddens: readonly (readonly [number, number])[] },
  rng: Rng,
): BidirectionalParams<P, P>[] {
  if (sizes.numHiddens.length === 0)
    throw new Error("initDeepBidirectionalParams: sizes.numHiddens: expected one [h_f, h_b] per layer, got an empty list");
  return sizes.numHiddens.map((hs, l) => {
    const numInputs = l === 0 ? sizes.numInputs : sizes.numHiddens[l - 1][0] + sizes.numHiddens[l - 1][1];
    return initBidirectionalParams(init, { numInputs, numHiddens: hs }, rng);
  });
}
