/**
 * Character-level language models behind one interface, so that one trainer (`train.ts`) and one
 * generator (`predict.ts`) serve the scratch models built here and the tf.layers models of
 * `concise.ts`.
 *
 * A model maps a batch of token indices `X [B, T]` (int32) and a state to the logits of every step,
 * `[T·B, V]` in time-major row order (rows t·B … t·B + B − 1 belong to step t, as the book's
 * `nd.concat(*outputs, dim=0)`), and the state after the last step.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkRng } from "../core/random";
import { ParamRecord, StepInput, checkSize, oneHotFloat, tensorsOf, toVariables } from "../cells/params";
import { Activation } from "../cells/rnn";
import { HiddenState, scan } from "../cells/scan";
import { CellName, cellKit } from "../cells/cell-kit";
import { deep, initDeepParams, initDeepState } from "../cells/deep";
import { OutputParams, initOutputParams, outputLayer } from "./output";
import { fusedLayer, fusedSequence } from "./fast-cells";

/** The interface the trainer and the generator use. */
export interface LanguageModel<S = unknown> {
  /** Which cell: "rnn", "gru" or "lstm". */
  readonly cell: CellName;
  /** "scratch" (this file) or "concise" (tf.layers). */
  readonly impl: "scratch" | "concise";
  /** V, the number of input and output classes. */
  readonly vocabSize: number;
  /** Hidden units of the last layer (summed over directions for a bidirectional one). */
  readonly numHiddens: number;
  /** The trainable variables by name; the trainer updates exactly these. */
  readonly variables: { readonly [name: string]: tf.Variable };
  /** A fresh zero state for a batch of `batchSize` sequences. */
  initState(batchSize: number): S;
  /** `X [B, T]` int32 and a state → logits `[T·B, V]` (time-major rows) and the new state. */
  forward(X: tf.Tensor2D, state: S): { readonly logits: tf.Tensor2D; readonly state: S };
  /** Frees the variables. */
  dispose(): void;
}

/** How the scratch model feeds tokens to the first layer: both give the same numbers. */
export type InputMode = "onehot" | "indices" | "auto";

export interface ScratchModelOptions {
  /** Which cell. */
  readonly cell: CellName;
  /** V. */
  readonly vocabSize: number;
  /** H, hidden units per layer. Default 256 (the book). */
  readonly numHiddens?: number;
  /** L, the number of stacked layers (6.9). Default 1. */
  readonly numLayers?: number;
  /** φ of the plain RNN cell: "tanh" (default) or "relu" (6.4 exercise). Only for cell "rnn". */
  readonly activation?: Activation;
  /** Where the initial weights come from (N(0, 0.01²), biases zero). */
  readonly rng: Rng;
  /**
   * "onehot": one-hot rows times W_x, as the book writes it; "indices": the row lookup `W_x[X]`
   * (same numbers, no `[B, V]` product); "auto" (default): indices where the backend has the
   * gradient of gather (UnsortedSegmentSum), one-hot otherwise.
   */
  readonly input?: InputMode;
  /**
   * "fused" (default): the training path of `fast-cells.ts`, the same numbers with all steps'
   * input projections at once and the gates of a cell fused (several times faster); "cells": the
   * teaching step functions run by `scan`, one step and one gate at a time.
   */
  readonly engine?: Engine;
}

/** How a scratch model runs its cells: fused for training speed, or the teaching cells step by step. */
export type Engine = "fused" | "cells";

/** The parameters of a scratch model: one record per layer and the output layer. */
export type ScratchParams = {
  readonly layers: readonly ParamRecord[];
  readonly output: OutputParams;
};

/** A scratch model: the `LanguageModel` interface plus its structured parameters. */
export interface ScratchModel extends LanguageModel<HiddenState[]> {
  readonly params: ScratchParams;
  readonly numLayers: number;
  readonly activation: Activation;
  /** How `forward` runs the cells: "fused" (training path) or "cells" (the teaching steps). */
  readonly engine: Engine;
  /** The options it was built with, less the Rng: enough to build a replica (`parallel.ts`). */
  readonly spec: Omit<ScratchModelOptions, "rng">;
}

/** True when the backend can differentiate `tf.gather` (wasm in tfjs 4.22 cannot). */
export function gatherHasGradient(): boolean {
  return tf.getKernel("UnsortedSegmentSum", tf.getBackend()) !== undefined;
}

/**
 * `X [B, T]` → T step inputs: one-hot rows `[B, V]` (float32), or the indices `[B]` (int32).
 */
export function timeMajorInputs(X: tf.Tensor2D, vocabSize: number, mode: "onehot" | "indices"): StepInput[] {
  const XT = tf.transpose(X); // [T, B]
  return mode === "indices" ? (tf.unstack(XT) as tf.Tensor1D[]) : (tf.unstack(oneHotFloat(XT, vocabSize)) as tf.Tensor2D[]);
}

/** Builds a scratch language model: L layers of one cell, then the output layer, as variables. */
export function scratchModel(options: ScratchModelOptions): ScratchModel {
  const { cell, vocabSize, rng } = options;
  const numHiddens = options.numHiddens ?? 256;
  const numLayers = options.numLayers ?? 1;
  const activation = options.activation ?? "tanh";
  const inputMode = options.input ?? "auto";
  const engine = options.engine ?? "fused";
  checkSize("scratchModel", "vocabSize", vocabSize);
  checkSize("scratchModel", "numHiddens", numHiddens);
  checkSize("scratchModel", "numLayers", numLayers);
  checkRng("scratchModel", rng);
  if (options.activation !== undefined && cell !== "rnn") {
    throw new Error(`scratchModel: activation: only the "rnn" cell takes an activation, got cell ${JSON.stringify(cell)}`);
  }
  const kit = cellKit(cell, activation);
  const hiddens = Array.from({ length: numLayers }, () => numHiddens);
  const layers = initDeepParams(kit.init, { numInputs: vocabSize, numHiddens: hiddens }, rng).map((p) => toVariables(p));
  const output = toVariables(initOutputParams(numHiddens, vocabSize, rng));
  const variables: Record<string, tf.Variable> = {};
  layers.forEach((p, l) => Object.entries(p).forEach(([k, v]) => (variables[numLayers === 1 ? k : `${k}@${l + 1}`] = v)));
  variables.W_hq = output.W_hq;
  variables.b_q = output.b_q;
  const sequence = deep(scan(kit.step));
  const fused = fusedLayer(cell, activation);
  const params: ScratchParams = { layers, output: output as unknown as OutputParams };

  return {
    cell,
    impl: "scratch",
    vocabSize,
    numHiddens,
    numLayers,
    activation,
    engine,
    spec: Object.freeze({ cell, vocabSize, numHiddens, numLayers, activation: options.activation, input: inputMode, engine }),
    variables,
    params,
    initState: (batchSize) => initDeepState(kit.initState, batchSize, hiddens),
    forward(X, state) {
      if (X.rank !== 2 || X.dtype !== "int32") {
        throw new Error(`${cell} model forward: X: expected int32 indices [B, T], got ${X.dtype} [${X.shape.join(", ")}]`);
      }
      const mode = inputMode === "auto" ? (gatherHasGradient() ? "indices" : "onehot") : inputMode;
      if (engine === "fused") {
        const { outputs, states } = fusedSequence(fused, params.layers, state, X, mode === "onehot" ? vocabSize : undefined);
        return { logits: outputLayer(params.output, outputs), state: states }; // [T·B, V]
      }
      const inputs = timeMajorInputs(X, vocabSize, mode);
      const { outputs, state: next } = sequence(params.layers, state, inputs);
      const H = tf.concat(outputs, 0); // [T·B, H]
      return { logits: outputLayer(params.output, H), state: next as HiddenState[] }; // [T·B, V]
    },
    dispose: () => tensorsOf(variables).forEach((v) => v.dispose()),
  };
}
