/**
 * The chapter's trainer (d2l-zh 6.4 `train_and_predict_rnn`), for scratch and concise models alike:
 * for every batch, forward through the T steps, mean cross-entropy over the T·B predictions,
 * gradients, clipping to θ, `param ← param − lr·grad`; per epoch, perplexity = exp(mean loss),
 * and every `predPeriod` epochs one line of figures and one generated line per prefix, as the book
 * prints them.
 *
 * Ownership: each batch runs in one `tf.tidy`; only the carried state (consecutive sampling)
 * survives a batch, and it is disposed when replaced. The run can be stopped from outside
 * (`signal`), by a time budget, and stops by itself on a non-finite loss.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { tensorsOf } from "../cells/params";
import { LanguageModel } from "../model/model";
import { TrainConfig, trainConfig } from "./config";
import { softmaxCrossEntropy } from "./loss";
import { clippingScale, globalNorm } from "./clipping";
import { sgd } from "./sgd";
import { predictRnn } from "./predict";
import { dataIterConsecutive, dataIterRandom } from "../data/samplers";
import { ParallelGradients } from "./parallel";
import type { ScratchModel } from "../model/model";

/** What the trainer needs of a corpus (a `CharCorpus` will do). */
export interface TrainCorpus {
  readonly corpusIndices: readonly number[];
  readonly charToIdx: ReadonlyMap<string, number>;
  readonly idxToChar: readonly string[];
  readonly vocabSize: number;
}

/** The arguments of `trainAndPredictRnn`: the model, the corpus, hyperparameters and controls. */
export interface TrainOptions<S> extends Partial<TrainConfig> {
  /** The model to train (its variables are updated in place). */
  readonly model: LanguageModel<S>;
  /** The corpus and its vocabulary. */
  readonly corpus: TrainCorpus;
  /** Called after every epoch with its figures (and the samples, on sample epochs). */
  readonly onProgress?: (record: EpochRecord, samples: readonly Sample[]) => void;
  /** Aborting it stops the run between two batches. */
  readonly signal?: AbortSignal;
  /** Where lines are printed. Default `console.log`. */
  readonly log?: (line: string) => void;
}

/** The figures of one epoch. */
export interface EpochRecord {
  readonly epoch: number;
  /** exp(meanLoss). */
  readonly perplexity: number;
  /** Mean cross-entropy over the epoch's predictions. */
  readonly meanLoss: number;
  /** Mean global gradient norm before clipping. */
  readonly gradNorm: number;
  /** Wall time of the epoch, in seconds. */
  readonly seconds: number;
  readonly batches: number;
}

/** One generated line. */
export interface Sample {
  readonly epoch: number;
  readonly prefix: string;
  readonly text: string;
}

export type StopReason = "completed" | "aborted" | "time-budget" | "non-finite";

export interface TrainResult {
  readonly config: TrainConfig;
  readonly history: readonly EpochRecord[];
  readonly samples: readonly Sample[];
  readonly stopReason: StopReason;
  /** Why the run stopped early, in one sentence. */
  readonly message?: string;
}

/** Trains `options.model` on `options.corpus` with the book's procedure; see the file comment. */
export async function trainAndPredictRnn<S>(options: TrainOptions<S>): Promise<TrainResult> {
  const { model, corpus, onProgress, signal, log: userLog, ...overrides } = options;
  checkTrainArgs(model, corpus);
  const config = trainConfig(overrides, model.cell);
  const log = config.quiet ? () => undefined : (userLog ?? ((line: string) => console.log(line)));
  const rng = new Rng(config.seed);
  const samplerRng = rng.fork();
  const textRng = rng.fork();
  const history: EpochRecord[] = [];
  const samples: Sample[] = [];
  const started = Date.now();
  const stop = (stopReason: StopReason, message?: string): TrainResult => {
    if (message !== undefined) log(message);
    return Object.freeze({ config, history, samples, stopReason, message });
  };

  const parallel = config.workers > 1 ? startParallel(model, config) : undefined;
  try {
    return await epochs();
  } finally {
    parallel?.terminate();
  }

  async function epochs(): Promise<TrainResult> {
    for (let epoch = 1; epoch <= config.numEpochs; epoch++) {
      const epochStart = Date.now();
      const run = new EpochRun(model, config, parallel);
      let lossSum = 0;
      let normSum = 0;
      let batches = 0;
      let halt: TrainResult | undefined;
      try {
        const batchesOfEpoch =
          config.sampling === "random"
            ? dataIterRandom(corpus.corpusIndices, config.batchSize, config.numSteps, samplerRng)
            : dataIterConsecutive(corpus.corpusIndices, config.batchSize, config.numSteps);
        for (const [X, Y] of batchesOfEpoch) {
          const { loss, norm } = run.step(X, Y);
          batches++;
          if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
            halt = stop(
              "non-finite",
              `trainAndPredictRnn: epoch ${epoch}, batch ${batches}: the loss is ${loss} and the gradient norm ${norm}; ` +
                `training stopped before this update. The parameters diverged: ${config.clipping ? "lower lr" : "turn clipping on or lower lr"} (lr ${config.lr}, theta ${config.theta}).`,
            );
            break;
          }
          lossSum += loss;
          normSum += norm;
          await new Promise((resolve) => setImmediate(resolve)); // lets an abort or a timer in
          if (signal?.aborted) {
            halt = stop(
              "aborted",
              `trainAndPredictRnn: aborted during epoch ${epoch} after ${batches} batches; ${history.length} epochs complete.`,
            );
            break;
          }
          if ((Date.now() - started) / 1000 > config.timeBudgetSeconds) {
            halt = stop(
              "time-budget",
              `trainAndPredictRnn: the time budget of ${config.timeBudgetSeconds} s ran out during epoch ${epoch}; ${history.length} epochs complete.`,
            );
            break;
          }
        }
      } finally {
        run.dispose();
      }
      if (halt !== undefined) return halt;
      if (batches === 0)
        throw new Error(`trainAndPredictRnn: corpus: the sampler gave no batch of ${config.batchSize} × ${config.numSteps}`);
      const meanLoss = lossSum / batches;
      const record: EpochRecord = Object.freeze({
        epoch,
        perplexity: Math.exp(meanLoss),
        meanLoss,
        gradNorm: normSum / batches,
        seconds: (Date.now() - epochStart) / 1000,
        batches,
      });
      history.push(record);
      let fresh: Sample[] = [];
      if (epoch % config.predPeriod === 0) {
        const ppl = Number.isFinite(record.perplexity) ? record.perplexity.toFixed(6) : `overflowed (mean loss ${meanLoss.toFixed(3)})`;
        log(`epoch ${epoch}, perplexity ${ppl}, time ${record.seconds.toFixed(2)} sec`);
        fresh = config.prefixes.map((prefix) => ({
          epoch,
          prefix,
          text: predictRnn(prefix, config.predLen, { model, vocab: corpus, temperature: config.temperature, rng: textRng }),
        }));
        fresh.forEach((s) => log(` - ${s.text}`));
        samples.push(...fresh);
      }
      onProgress?.(record, fresh);
    }
    return stop("completed");
  }
}

/** The second thread of `workers: 2`, for the models and samplings it can split. */
function startParallel<S>(model: LanguageModel<S>, config: TrainConfig): ParallelGradients {
  const spec = (model as unknown as Partial<ScratchModel>).spec;
  if (model.impl !== "scratch" || spec === undefined) {
    throw new Error(`trainAndPredictRnn: workers: 2 needs a scratchModel (a ${model.impl} model cannot be replicated); use workers: 1`);
  }
  if (config.sampling !== "random") {
    throw new Error(
      "trainAndPredictRnn: workers: 2 needs random sampling (with consecutive sampling the batches share a state); use workers: 1",
    );
  }
  return new ParallelGradients(model as unknown as ScratchModel, spec, config.numSteps, config.batchSize);
}

/**
 * One epoch's batches: the state the book keeps between them (consecutive sampling) and, when the
 * state is not detached, the earlier batches to back-propagate through.
 */
class EpochRun<S> {
  private state: S | undefined;
  private readonly earlier: tf.Tensor2D[] = [];
  private readonly variables: tf.Variable[];
  private readonly keys: Map<string, string>;

  constructor(
    private readonly model: LanguageModel<S>,
    private readonly config: TrainConfig,
    private readonly parallel?: ParallelGradients,
  ) {
    this.variables = Object.values(model.variables);
    this.keys = new Map(Object.entries(model.variables).map(([key, v]) => [v.name, key]));
    if (config.sampling === "consecutive") this.state = keepAll(model.initState(config.batchSize));
  }

  /** Trains on one batch and returns its mean loss and the gradient norm before clipping. */
  step(X: tf.Tensor2D, Y: tf.Tensor2D): { loss: number; norm: number } {
    const { model, config } = this;
    const carry = config.sampling === "consecutive";
    let next: S | undefined;
    const lossOf = (x: tf.Tensor2D, labels: tf.Tensor2D) =>
      softmaxCrossEntropy(model.forward(x, model.initState(x.shape[0])).logits, tf.reshape(tf.transpose(labels), [-1]) as tf.Tensor1D);
    const result = tf.tidy(() => {
      const { value, grads } =
        this.parallel !== undefined
          ? this.parallel.compute(X, Y, lossOf)
          : tf.variableGrads(() => {
              const state = carry && !config.detachState ? this.replayEarlier() : (this.state ?? model.initState(X.shape[0]));
              const out = model.forward(X, state);
              if (carry) next = keepAll(out.state);
              const y = tf.reshape(tf.transpose(Y), [-1]) as tf.Tensor1D; // [T·B], time-major like the logits
              return softmaxCrossEntropy(out.logits, y);
            }, this.variables);
      const loss = typeof value === "number" ? value : value.dataSync()[0];
      const named: Record<string, tf.Tensor> = {};
      for (const [name, g] of Object.entries(grads)) named[this.keys.get(name) as string] = g;
      // Clipping rides on the update: sgd multiplies each gradient by min(θ/‖g‖, 1) as it goes.
      const norm = globalNorm(named);
      const scale = config.clipping ? clippingScale(norm, config.theta) : 1;
      if (Number.isFinite(loss) && Number.isFinite(norm)) sgd(model.variables, named, config.lr, scale);
      return { loss, norm };
    });
    Y.dispose();
    if (carry && !config.detachState) {
      this.earlier.push(X); // kept for the replay of later batches; disposed with the epoch
      disposeAll(next);
    } else {
      X.dispose();
      if (carry) {
        disposeAll(this.state);
        this.state = next;
      }
    }
    return result;
  }

  /** Without detaching, the state entering this batch is recomputed from the epoch's start. */
  private replayEarlier(): S {
    let state = this.state as S;
    for (const X of this.earlier) state = this.model.forward(X, state).state;
    return state;
  }

  dispose(): void {
    disposeAll(this.state);
    this.earlier.forEach((X) => X.dispose());
  }
}

function keepAll<S>(state: S): S {
  tensorsOf(state).forEach((t) => tf.keep(t));
  return state;
}

function disposeAll(state: unknown): void {
  tensorsOf(state).forEach((t) => t.dispose());
}

/** What was given, for a message: `undefined`, `an object with keys {corpus, vocab}`, `an empty object {}` … */
function shown(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  const keys = Object.keys(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return keys.length === 0 ? "an empty object {}" : `an object with keys {${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", …" : ""}}`;
}

function checkTrainArgs(model: LanguageModel<unknown>, corpus: TrainCorpus): void {
  if (model === undefined || typeof model.forward !== "function") {
    throw new Error(`trainAndPredictRnn: model: expected a LanguageModel (d2l.scratchModel or d2l.conciseModel), got ${String(model)}`);
  }
  if (corpus === undefined || !Array.isArray(corpus.corpusIndices)) {
    throw new Error(
      `trainAndPredictRnn: corpus: expected {corpusIndices, charToIdx, idxToChar, vocabSize} (d2l.loadDataJayLyrics() gives one), got ${shown(corpus)}`,
    );
  }
  if (corpus.vocabSize !== model.vocabSize) {
    throw new Error(`trainAndPredictRnn: corpus.vocabSize: expected ${model.vocabSize} (the model's V), got ${corpus.vocabSize}`);
  }
}
