/**
 * A tf.layers layer on our fused kernels (`fast-cells.ts`): the same weights, layout and numbers as
 * tf.layers' `simpleRNN` (tanh), `gru` (σ gates, tanh candidate, the reset gate applied before the
 * recurrent product, as tfjs-layers 4.22 computes it: `(R ⊙ H) · W_hh`) and `lstm` (σ gates, tanh,
 * no unit forget bias), so a concise model can run its time loop as two kernels instead of op by op.
 *
 * - Weights: `kernel [D, kH]`, `recurrent_kernel [H, kH]`, `bias [kH]`, gates side by side in
 *   tf.layers' order (h; z r h; i f c o), so `getWeights`/`setWeights` exchange them with tf.layers.
 *   All start at zero: fill them from a seeded generator with `setWeights` (no random initialiser here).
 * - Inputs: token indices `[B, T]` (int32; then `inputDim` is the vocabulary and a row lookup stands
 *   for the one-hot product), or dense rows `[B, T, D]` (a deeper layer). Outputs `[B, T, H]`, every step.
 *   With `timeMajor` (Keras' `time_major`), inputs `[T, B]` or `[T, B, D]` and outputs `[T, B, H]`: the
 *   kernels' own layout, so a stack of these layers and the output layer's time-major rows need no
 *   transposes (`conciseModel({ layer: "kernels" })` uses it).
 * - State: `initialState` ([H] or [H, C], each `[B, H]`, zeros when absent) as a call option, as
 *   tf.layers' recurrent layers take it, or as inputs after X (`apply([X, H_0(, C_0)])`, the form to
 *   use in a symbolic `tf.model`, where this layer does not turn `initialState` into graph inputs as
 *   tf.layers' RNN does); with `returnState` the call returns `[outputs, H_T(, C_T)]`.
 * - Why not bit-identical to tf.layers: the fused layer adds in another order (input projections of
 *   all steps at once, gates fused into one product, the weight gradient as one product over the
 *   steps rather than T summed ones), so values agree to float32 rounding (tests: 1e-5), not to the bit.
 * - The time-loop kernels read per-gate recurrent matrices, so each call splits the packed
 *   recurrent kernel (one split, whose gradient is one concatenation). The input kernel is read in
 *   place by one lookup of token rows where the loop takes all the gates' projections at once (the
 *   RNN, the LSTM); the GRU's loop takes them in two parts, so its kernel is split as well.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/cell-kit";
import { HiddenState } from "../cells/scan";
import { fusedLayer, packedProjection, splitGates } from "./fast-cells";

/** The gates of each cell in tf.layers' order within a packed weight. */
const GATES: Record<CellName, readonly string[]> = { rnn: ["h"], gru: ["z", "r", "h"], lstm: ["i", "f", "c", "o"] };

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface FusedRecurrentArgs extends Pick<LayerArgs, "name" | "trainable" | "inputShape" | "batchInputShape" | "dtype"> {
  /** "rnn" (tanh simpleRNN), "gru" or "lstm". */
  readonly cell: CellName;
  /** H, the hidden units. */
  readonly units: number;
  /** D for token-index inputs `[B, T]` (the vocabulary size); dense inputs `[B, T, D]` give D themselves. */
  readonly inputDim?: number;
  /** Also return the last state (H, and C for the LSTM). Default false. */
  readonly returnState?: boolean;
  /** Steps first: inputs `[T, B(, D)]`, outputs `[T, B, H]`. Default false (`[B, T, …]`, as tf.layers). */
  readonly timeMajor?: boolean;
}

/** A tf.layers-compatible recurrent layer run by our fused kernels; see the file comment. */
export class FusedRecurrent extends tf.layers.Layer {
  static className = "D2lFusedRecurrent";
  readonly cell: CellName;
  readonly units: number;
  readonly inputDim?: number;
  readonly returnState: boolean;
  readonly timeMajor: boolean;
  private kernel?: tf.LayerVariable;
  private recurrentKernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: FusedRecurrentArgs) {
    const { cell, units, inputDim, returnState, timeMajor, ...layerArgs } = args;
    super(layerArgs);
    if (!(cell === "rnn" || cell === "gru" || cell === "lstm")) {
      throw new Error(`fusedRecurrent: cell: expected "rnn", "gru" or "lstm", got ${JSON.stringify(cell)}`);
    }
    for (const [key, v] of [
      ["units", units],
      ["inputDim", inputDim],
    ] as const) {
      if ((key === "units" || v !== undefined) && !(Number.isInteger(v) && (v as number) > 0)) {
        throw new Error(`fusedRecurrent: ${key}: expected a positive integer, got ${String(v)}`);
      }
    }
    this.cell = cell;
    this.units = units;
    this.inputDim = inputDim;
    this.returnState = returnState ?? false;
    for (const [key, v] of [
      ["returnState", returnState],
      ["timeMajor", timeMajor],
    ] as const) {
      if (!(v === undefined || typeof v === "boolean")) throw new Error(`fusedRecurrent: ${key}: expected true or false, got ${String(v)}`);
    }
    this.timeMajor = timeMajor ?? false;
  }

  /** The number of states: 2 (H, C) for the LSTM, else 1. */
  get numStates(): number {
    return this.cell === "lstm" ? 2 : 1;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const D = shape.length === 3 ? shape[2] : this.inputDim;
    if (shape.length === 2 && D === undefined) {
      throw new Error(`fusedRecurrent ${this.name}: inputDim: expected the vocabulary size for token inputs [B, T], got undefined`);
    }
    if (!(shape.length === 2 || shape.length === 3) || !(typeof D === "number" && D > 0)) {
      throw new Error(`fusedRecurrent ${this.name}: input: expected [B, T] indices or [B, T, D] rows, got [${shape.join(", ")}]`);
    }
    const kH = GATES[this.cell].length * this.units;
    const zeros = tf.initializers.zeros();
    this.kernel = this.addWeight("kernel", [D, kH], "float32", zeros);
    this.recurrentKernel = this.addWeight("recurrent_kernel", [this.units, kH], "float32", zeros);
    this.bias = this.addWeight("bias", [kH], "float32", zeros);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const out: tf.Shape = [shape[0], shape[1], this.units];
    if (!this.returnState) return out;
    const batch = this.timeMajor ? shape[1] : shape[0];
    return [out, ...Array.from({ length: this.numStates }, () => [batch, this.units] as tf.Shape)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { initialState?: tf.Tensor[] }): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const X = list[0];
      const initial = kwargs.initialState ?? list.slice(1);
      const [B, T] = this.timeMajor ? [X.shape[1] as number, X.shape[0]] : X.shape;
      const H = this.units;
      if (X.rank === 2 && X.dtype !== "int32") {
        throw new Error(
          `fusedRecurrent ${this.name}: input: expected int32 indices ${this.timeMajor ? "[T, B]" : "[B, T]"}, got ${X.dtype}`,
        );
      }
      const steps = this.timeMajor ? X : X.rank === 2 ? tf.transpose(X) : tf.transpose(X, [1, 0, 2]);
      const inputsAll = X.rank === 2 ? tf.reshape(steps, [-1]) : tf.reshape(steps, [T * B, -1]); // time-major rows
      const state = this.state0(initial, B);
      const [kernel, recurrent, bias] = [this.kernel, this.recurrentKernel, this.bias].map((w) => (w as tf.LayerVariable).read());
      // One split per weight, not a slice per gate: a split's gradient is one concatenation, where
      // each slice's would be padded back to the whole weight and the k pads added up. The input
      // side reads the packed kernel in place where it can (`packedProjection`).
      const gates = GATES[this.cell];
      const hs = splitGates(recurrent, gates.length, 1);
      const params: Record<string, tf.Tensor> = {};
      gates.forEach((g, j) => (params[`W_h${g}`] = hs[j]));
      const rows = inputsAll as tf.Tensor1D | tf.Tensor2D;
      const result = fusedLayer(this.cell)(params, state, rows, T, packedProjection(rows, kernel, bias, gates));
      const timeMajor = tf.reshape(result.outputs, [T, B, H]);
      const outputs = this.timeMajor ? timeMajor : tf.transpose(timeMajor, [1, 0, 2]); // [B, T, H]
      if (!this.returnState) return outputs;
      const last = result.state as HiddenState & { readonly C?: tf.Tensor2D };
      return this.cell === "lstm" ? [outputs, last.H, last.C as tf.Tensor] : [outputs, last.H];
    });
  }

  /** The state entering step 1: the given one, checked, or zeros. */
  private state0(initial: tf.Tensor[], B: number): HiddenState {
    const n = this.numStates;
    if (initial.length === 0) {
      const zeros = () => tf.zeros([B, this.units]) as tf.Tensor2D;
      return (n === 2 ? { H: zeros(), C: zeros() } : { H: zeros() }) as HiddenState;
    }
    if (initial.length !== n || initial.some((s) => s.rank !== 2 || s.shape[0] !== B || s.shape[1] !== this.units)) {
      const got = initial.map((s) => `[${s.shape.join(", ")}]`).join(", ");
      throw new Error(`fusedRecurrent ${this.name}: initialState: expected ${n} state(s) [${B}, ${this.units}], got ${got || "none"}`);
    }
    return (n === 2 ? { H: initial[0], C: initial[1] } : { H: initial[0] }) as HiddenState;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      cell: this.cell,
      units: this.units,
      returnState: this.returnState,
      timeMajor: this.timeMajor,
    };
    if (this.inputDim !== undefined) config.inputDim = this.inputDim;
    return { ...config, ...super.getConfig() };
  }
}
tf.serialization.registerClass(FusedRecurrent);

/** A `FusedRecurrent` layer: tf.layers' `simpleRNN`/`gru`/`lstm` on our kernels. */
export function fusedRecurrent(args: FusedRecurrentArgs): FusedRecurrent {
  return new FusedRecurrent(args);
}
