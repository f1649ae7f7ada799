/**
 * The one time loop. A cell is a pure step `(params, state, X) => state`; `scan(step)` lifts it to a
 * whole time-major sequence with the same shape of signature, `(params, state, inputs) => {outputs,
 * state}`, where `inputs` is a list of T step inputs (`[B, D]`, or int32 indices `[B]`) and
 * `outputs` the T hidden states `H_t` `[B, H]`. Deep and bidirectional networks are built from such
 * sequence functions (`deep.ts`, `bidirectional.ts`), never by writing new cells.
 */
import * as tf from "@tensorflow/tfjs";
import { StepInput } from "./params";

/** A state that carries a hidden state `H [B, H]` (the RNN and GRU `{H}`, the LSTM `{H, C}`). */
export type HiddenState = { readonly H: tf.Tensor2D };

/** A cell: one time step, pure. */
export type Step<P, S extends HiddenState> = (params: P, state: S, X: StepInput) => S;

/** What a sequence function returns: the T outputs `[B, H]` and the state after the last step. */
export interface SequenceResult<S> {
  readonly outputs: tf.Tensor2D[];
  readonly state: S;
}

/** A whole-sequence function: the cell's signature with a list of inputs in place of one X. */
export type SequenceFn<P, S> = (params: P, state: S, inputs: readonly StepInput[]) => SequenceResult<S>;

/**
 * Runs `step` over the time-major `inputs`, from `state`, and collects `H_t` of every step.
 * Pure like the cell: the caller owns (and tidies) every tensor made.
 */
export function scan<P, S extends HiddenState>(step: Step<P, S>): SequenceFn<P, S> {
  return (params, state, inputs) => {
    if (!Array.isArray(inputs) || inputs.length === 0) {
      throw new Error(`scan: inputs: expected a non-empty list of T step inputs, got ${describe(inputs)}`);
    }
    const outputs: tf.Tensor2D[] = [];
    let current = state;
    for (const X of inputs) {
      current = step(params, current, X);
      outputs.push(current.H); // [B, H]
    }
    return { outputs, state: current };
  };
}

function describe(x: unknown): string {
  return Array.isArray(x) ? "an empty list" : String(x);
}
