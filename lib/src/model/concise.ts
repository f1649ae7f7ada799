/**
 * Concise models (d2l-zh 6.5): the recurrent layers of tf.layers (`simpleRNN`, `gru`, `lstm`,
 * `bidirectional`, stacked) and a dense output layer, behind the same `LanguageModel` interface as
 * the scratch models, so `trainAndPredictRnn` and `predictRnn` serve both.
 *
 * Where tf.layers and the book differ, and what this file does about it:
 * - GRU reset gate: the book's scratch GRU computes tanh(X W_xh + (R ⊙ H) W_hh + b_h) ("reset
 *   before"). tf.layers.gru computes exactly this; it has no `resetAfter` option (tfjs 4.22 throws
 *   if asked). Gluon's `rnn.GRU`, which produced the book's concise figures, is the cuDNN form
 *   ("reset after": R ⊙ (H W_hh + b_hh), with a second bias), so the tfjs concise GRU matches the
 *   book's scratch GRU, not its concise one.
 * - Gate activation: tf.layers.gru and lstm default to `hardSigmoid`; the book uses σ, set here.
 * - Weight layout: tf.layers keeps one kernel [D, kH], one recurrent kernel [H, kH] and one bias
 *   [kH] per layer, gates side by side in the order z, r, h (GRU) and i, f, c, o (LSTM);
 *   `kerasWeights` packs a scratch record into that layout. Gluon keeps two biases per gate, whose
 *   sum plays the role of our one.
 * - Initialisation: as the book trains them. Its `train_and_predict_rnn_gluon` re-initialises the
 *   model with N(0, 0.01²) (`force_reinit`) before training, so every weight matrix is drawn from
 *   N(0, 0.01²) and every bias is zero, from our seeded Rng. Gluon's default `initialize()`,
 *   U(−0.07, 0.07), only ever serves the book's prediction from an untrained model; pass
 *   `init: { dist: "uniform", scale: 0.07 }` to reproduce that.
 * - Inputs: batch-major one-hot rows [B, T, V], as Gluon's layer reads them after `to_onehot`.
 * - `layer: "kernels"` swaps tf.layers' recurrent layers for `FusedRecurrent` (`fused-recurrent.ts`):
 *   the same weights and numbers (to float32 rounding) on our fused kernels, reading the token
 *   indices instead of one-hot rows, steps first (`timeMajor`, so that no outputs are transposed).
 *   The notebooks keep tf.layers, the framework's own layer.
 * - A bidirectional layer's backward direction reads the future, so as a language model it sees
 *   the character it must predict (6.10): its training perplexity is misleading and it cannot
 *   generate text sensibly. It is stateless here (every call starts from zeros).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkRng } from "../core/random";
import { ParamRecord, checkSize, normalWeight, oneHotFloat, uniformWeight } from "../cells/params";
import { CellName } from "../cells/cell-kit";
import { LanguageModel, ScratchParams } from "./model";
import { FusedRecurrent } from "./fused-recurrent";

export interface ConciseModelOptions {
  /** Which tf.layers cell: "rnn" (simpleRNN), "gru" or "lstm". */
  readonly cell: CellName;
  /** V. */
  readonly vocabSize: number;
  /** Hidden units per layer (per direction when bidirectional). Default 256. */
  readonly numHiddens?: number;
  /** Stacked layers. Default 1. */
  readonly numLayers?: number;
  /** Wrap each layer in tf.layers.bidirectional (outputs concatenated). Default false. */
  readonly bidirectional?: boolean;
  /** Where the initial weights come from. */
  readonly rng: Rng;
  /**
   * How the weight matrices are drawn (biases start at zero): N(0, scale²) or U(−scale, scale).
   * Default `{ dist: "normal", scale: 0.01 }`, the book's re-initialisation before training.
   */
  readonly init?: ConciseInit;
  /**
   * Which recurrent layer: "tf.layers" (the framework's own, op by op on one-hot rows) or "kernels"
   * (`FusedRecurrent`: the same weights and numbers on our fused kernels; not bidirectional).
   * Default "tf.layers".
   */
  readonly layer?: ConciseLayer;
}

/** The recurrent layer behind a concise model. */
export type ConciseLayer = "tf.layers" | "kernels";

/** The distribution of a concise model's initial weight matrices. */
export interface ConciseInit {
  readonly dist: "normal" | "uniform";
  readonly scale: number;
}

/** A concise model: the `LanguageModel` interface plus its tf.layers layers. */
export interface ConciseModel extends LanguageModel<tf.Tensor2D[][]> {
  /** The recurrent layers, first to last. */
  readonly recurrent: readonly tf.layers.Layer[];
  /** The output layer (tf.layers.dense with V units). */
  readonly dense: tf.layers.Layer;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly layer: ConciseLayer;
}

function recurrentLayer(cell: CellName, units: number, withState: boolean, kernels?: { inputDim?: number }): tf.layers.Layer {
  if (kernels !== undefined)
    return new FusedRecurrent({ cell, units, inputDim: kernels.inputDim, returnState: withState, timeMajor: true });
  // The initialisers only fill the weights until `conciseModel` draws them from our Rng; zeros
  // avoid tfjs's slow (and noisy) orthogonal initialiser.
  const common = {
    units,
    returnSequences: true,
    returnState: withState,
    kernelInitializer: "zeros",
    recurrentInitializer: "zeros",
  } as const;
  switch (cell) {
    case "rnn":
      return tf.layers.simpleRNN({ ...common, activation: "tanh" });
    case "gru":
      return tf.layers.gru({ ...common, activation: "tanh", recurrentActivation: "sigmoid" });
    case "lstm":
      return tf.layers.lstm({ ...common, activation: "tanh", recurrentActivation: "sigmoid", unitForgetBias: false });
    default: {
      const never: never = cell;
      throw new Error(`conciseModel: cell: expected "rnn", "gru" or "lstm", got ${JSON.stringify(never)}`);
    }
  }
}

/** Builds a concise language model; see the file comment for where it differs from the book. */
export function conciseModel(options: ConciseModelOptions): ConciseModel {
  const { cell, vocabSize, rng } = options;
  const numHiddens = options.numHiddens ?? 256;
  const numLayers = options.numLayers ?? 1;
  const bidirectional = options.bidirectional ?? false;
  const init = options.init ?? { dist: "normal", scale: 0.01 };
  if (!(init.dist === "normal" || init.dist === "uniform") || !(init.scale > 0 && Number.isFinite(init.scale))) {
    throw new Error(`conciseModel: init: expected { dist: "normal" | "uniform", scale > 0 }, got ${JSON.stringify(init)}`);
  }
  const draw = init.dist === "normal" ? normalWeight : uniformWeight;
  checkSize("conciseModel", "vocabSize", vocabSize);
  checkSize("conciseModel", "numHiddens", numHiddens);
  checkSize("conciseModel", "numLayers", numLayers);
  checkRng("conciseModel", rng);
  const layerKind = options.layer ?? "tf.layers";
  if (!(layerKind === "tf.layers" || layerKind === "kernels")) {
    throw new Error(`conciseModel: layer: expected "tf.layers" or "kernels", got ${JSON.stringify(layerKind)}`);
  }
  const kernels = layerKind === "kernels";
  if (kernels && bidirectional) {
    throw new Error(
      'conciseModel: layer: "kernels" has no bidirectional form (tf.layers.bidirectional wraps tf.layers\' own RNN); use layer "tf.layers"',
    );
  }
  const width = bidirectional ? 2 * numHiddens : numHiddens; // outputs of each layer
  const numStates = cell === "lstm" ? 2 : 1;
  const recurrent = Array.from({ length: numLayers }, (_, l) =>
    bidirectional
      ? tf.layers.bidirectional({ layer: recurrentLayer(cell, numHiddens, false) as tf.RNN, mergeMode: "concat" })
      : recurrentLayer(cell, numHiddens, true, kernels ? { inputDim: l === 0 ? vocabSize : undefined } : undefined),
  );
  // The first layer's input: token indices [T, B] for our kernels (time-major, their own layout, so
  // that no layer's outputs are transposed), one-hot rows [B, T, V] for tf.layers.
  const firstInput = (X: tf.Tensor2D): tf.Tensor => (kernels ? tf.transpose(X) : oneHotFloat(X, vocabSize));
  const dense = tf.layers.dense({ units: vocabSize, kernelInitializer: "zeros" });
  // Build every layer on a dummy batch, then draw the weights from our Rng.
  tf.tidy(() => {
    let x: tf.Tensor = firstInput(tf.zeros([1, 1], "int32"));
    for (const layer of recurrent) {
      const out = layer.apply(x) as tf.Tensor | tf.Tensor[];
      x = Array.isArray(out) ? out[0] : out;
    }
    dense.apply(tf.zeros([1, width]));
  });
  for (const layer of [...recurrent, dense]) {
    const weights = layer
      .getWeights()
      .map((w) => (w.rank === 2 ? draw(rng, w.shape[0] as number, w.shape[1] as number, init.scale) : tf.zerosLike(w)));
    layer.setWeights(weights);
    tf.dispose(weights);
  }
  const variables: Record<string, tf.Variable> = {};
  for (const layer of [...recurrent, dense]) {
    for (const w of layer.trainableWeights) variables[w.name] = w.read() as tf.Variable;
  }

  return {
    cell,
    impl: "concise",
    vocabSize,
    numHiddens: width,
    numLayers,
    bidirectional,
    layer: layerKind,
    variables,
    recurrent,
    dense,
    initState: (batchSize) =>
      recurrent.map(() => (bidirectional ? [] : Array.from({ length: numStates }, () => tf.zeros([batchSize, numHiddens]) as tf.Tensor2D))),
    forward(X, state) {
      if (X.rank !== 2 || X.dtype !== "int32") {
        throw new Error(`concise ${cell} model forward: X: expected int32 indices [B, T], got ${X.dtype} [${X.shape.join(", ")}]`);
      }
      const [B, T] = X.shape;
      let h: tf.Tensor = firstInput(X); // [B, T, V] one-hot rows, or the indices [T, B] for our kernels
      const next: tf.Tensor2D[][] = [];
      recurrent.forEach((layer, l) => {
        if (bidirectional) {
          h = layer.apply(h) as tf.Tensor3D; // [B, T, 2H]
          next.push([]);
        } else {
          const out = layer.apply(h, { initialState: state[l] }) as tf.Tensor[];
          h = out[0] as tf.Tensor3D; // [B, T, H], or [T, B, H] for our kernels
          next.push(out.slice(1) as tf.Tensor2D[]);
        }
      });
      const H = tf.reshape(kernels ? h : tf.transpose(h, [1, 0, 2]), [T * B, width]) as tf.Tensor2D; // time-major rows
      return { logits: dense.apply(H) as tf.Tensor2D, state: next };
    },
    dispose: () => [...recurrent, dense].forEach((layer) => layer.dispose()),
  };
}

/**
 * A scratch cell's record in the tf.layers layout `[kernel, recurrentKernel, bias]`: gates side by
 * side, z r h for the GRU, i f c o for the LSTM. New tensors, owned by the caller.
 */
export function kerasWeights(cell: CellName, params: ParamRecord): tf.Tensor[] {
  const pick = (names: string[]) =>
    names.map((n) => {
      const t = params[n];
      if (!(t instanceof tf.Tensor)) throw new Error(`kerasWeights: params.${n}: expected a tensor for a ${cell} cell, got ${String(t)}`);
      return t;
    });
  const pack = (x: string[], h: string[], b: string[]) => [tf.concat(pick(x), 1), tf.concat(pick(h), 1), tf.concat(pick(b), 0)];
  switch (cell) {
    case "rnn":
      return pack(["W_xh"], ["W_hh"], ["b_h"]);
    case "gru":
      return pack(["W_xz", "W_xr", "W_xh"], ["W_hz", "W_hr", "W_hh"], ["b_z", "b_r", "b_h"]);
    case "lstm":
      return pack(["W_xi", "W_xf", "W_xc", "W_xo"], ["W_hi", "W_hf", "W_hc", "W_ho"], ["b_i", "b_f", "b_c", "b_o"]);
    default: {
      const never: never = cell;
      throw new Error(`kerasWeights: cell: expected "rnn", "gru" or "lstm", got ${JSON.stringify(never)}`);
    }
  }
}

/** Copies a scratch model's parameters into a concise model of the same cell and sizes. */
export function loadScratchParams(model: ConciseModel, params: ScratchParams): void {
  if (model.bidirectional) throw new Error("loadScratchParams: model: expected a unidirectional concise model, got a bidirectional one");
  if (params.layers.length !== model.recurrent.length) {
    throw new Error(`loadScratchParams: params.layers: expected ${model.recurrent.length} layers, got ${params.layers.length}`);
  }
  const sets = [
    ...params.layers.map((p, l) => [model.recurrent[l], kerasWeights(model.cell, p)] as const),
    [model.dense, [params.output.W_hq, params.output.b_q].map((t) => t.clone())] as const,
  ];
  try {
    for (const [layer, weights] of sets) {
      const expected = layer
        .getWeights()
        .map((w) => w.shape.join("x"))
        .join(", ");
      const given = weights.map((w) => w.shape.join("x")).join(", ");
      if (expected !== given) throw new Error(`loadScratchParams: ${layer.name}: expected weights ${expected}, got ${given}`);
      layer.setWeights(weights);
    }
  } finally {
    sets.forEach(([, weights]) => tf.dispose(weights as tf.Tensor[]));
  }
}
