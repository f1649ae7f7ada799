/**
 * Gate activations over a sequence (d2l-zh 6.7, 6.8), for heatmaps: run a cell's gate function
 * (`gruGates`, `lstmGates`) step by step and record every tensor it returns as plain arrays.
 *
 * The state carried from one step to the next is taken from the gate record by the keys of the
 * given state: `{H}` for the GRU, `{H, C}` for the LSTM (both records contain them).
 */
import * as tf from "@tensorflow/tfjs";
import { StepInput } from "./params";
import { HiddenState } from "./scan";

/** What a gate function returns: named `[B, H]` tensors (gates, candidates, the new state). */
export type GateRecord = { readonly [name: string]: tf.Tensor2D };

export interface GateTraceOptions<P, S extends HiddenState, G extends GateRecord> {
  /** One step that exposes its gates, e.g. `d2l.gruGates` or `d2l.lstmGates`. */
  readonly gates: (params: P, state: S, X: StepInput) => G;
  /** The cell's parameters (e.g. `model.params.layers[0]` of a trained scratch model). */
  readonly params: P;
  /** The state before the first step; not disposed. */
  readonly state: S;
  /** T step inputs: `[B, D]` rows or int32 indices `[B]`. */
  readonly inputs: readonly StepInput[];
}

/** For each name the gate function returns: T arrays of shape [B][H] (time, batch row, unit). */
export type GateTrace<G extends GateRecord> = { [K in keyof G]: number[][][] };

/** Runs the gate function over `inputs` and returns every recorded tensor as arrays. Frees what it makes. */
export function traceGates<P, S extends HiddenState, G extends GateRecord>(options: GateTraceOptions<P, S, G>): GateTrace<G> {
  const { gates, params, state, inputs } = options;
  if (typeof gates !== "function") throw new Error(`traceGates: gates: expected a function such as d2l.gruGates, got ${String(gates)}`);
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new Error(
      `traceGates: inputs: expected a non-empty list of T step inputs, got ${Array.isArray(inputs) ? "an empty list" : String(inputs)}`,
    );
  }
  const stateKeys = Object.keys(state);
  const trace: Record<string, number[][][]> = {};
  let current: S = state;
  for (let t = 0; t < inputs.length; t++) {
    const next = tf.tidy(() => {
      const g = gates(params, current, inputs[t]);
      for (const [name, value] of Object.entries(g)) (trace[name] ??= []).push(value.arraySync() as number[][]);
      const missing = stateKeys.find((k) => !(g[k] instanceof tf.Tensor));
      if (missing !== undefined) {
        throw new Error(`traceGates: gates: expected the record to contain the state's ${missing} (keys ${Object.keys(g).join(", ")})`);
      }
      return Object.fromEntries(stateKeys.map((k) => [k, g[k]])) as unknown as S;
    });
    if (current !== state) tf.dispose(Object.values(current) as tf.Tensor[]);
    current = next;
  }
  if (current !== state) tf.dispose(Object.values(current) as tf.Tensor[]);
  return trace as GateTrace<G>;
}
