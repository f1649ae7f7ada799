/**
 * The hyperparameters of the chapter's language-model runs in one typed, frozen record, with the
 * book's defaults (d2l-zh 6.4, 6.5, 6.7, 6.8).
 */
import { CellName } from "../cells/cell-kit";

export type Sampling = "random" | "consecutive";

export interface TrainConfig {
  /** Hidden units H per layer, for code that builds the model from the config. Default 256. */
  readonly numHiddens: number;
  /** Epochs to train. Default 250 for the RNN, 160 for GRU and LSTM. */
  readonly numEpochs: number;
  /** Time steps T per example. Default 35. */
  readonly numSteps: number;
  /** Examples B per batch. Default 32. */
  readonly batchSize: number;
  /** SGD learning rate (the loss is a mean, so a large rate is fine). Default 100 (1e2). */
  readonly lr: number;
  /** Clipping threshold θ on the global gradient norm. Default 0.01 (1e-2). */
  readonly theta: number;
  /** Clip gradients before each update (6.4 exercise: turn it off). Default true. */
  readonly clipping: boolean;
  /** "random" (state reset each batch) or "consecutive" (state carried over). Default "random". */
  readonly sampling: Sampling;
  /**
   * Consecutive sampling only: cut the gradient at each batch boundary (the book's `detach`).
   * With false, every batch back-propagates through all earlier batches of its epoch (recomputed
   * with the current parameters), which costs time quadratic in the batches (6.4 exercise). Default true.
   */
  readonly detachState: boolean;
  /** Print perplexity and samples every this many epochs. Default 50 (RNN) or 40 (GRU, LSTM). */
  readonly predPeriod: number;
  /** Characters generated after each prefix. Default 50. */
  readonly predLen: number;
  /** Prefixes of the printed samples. Default ["分开", "不分开"]. */
  readonly prefixes: readonly string[];
  /** 0 (default): greedy samples like the book; τ > 0: sample from softmax(logits / τ). */
  readonly temperature: number;
  /** Seed of the sampler's shuffles and of temperature sampling. Default 0. */
  readonly seed: number;
  /** Stop (between batches) once this many seconds have passed. Default Infinity. */
  readonly timeBudgetSeconds: number;
  /** Print nothing. Default false. */
  readonly quiet: boolean;
  /**
   * Threads that compute each batch's gradient: 1 (default) trains on this thread; 2 splits every
   * batch with a worker thread on the second core (`parallel.ts`; scratch models, random sampling).
   */
  readonly workers: number;
}

/** The book's settings for the plain RNN (6.4). */
export const RNN_DEFAULTS: TrainConfig = Object.freeze({
  numHiddens: 256,
  numEpochs: 250,
  numSteps: 35,
  batchSize: 32,
  lr: 1e2,
  theta: 1e-2,
  clipping: true,
  sampling: "random",
  detachState: true,
  predPeriod: 50,
  predLen: 50,
  prefixes: Object.freeze(["分开", "不分开"]),
  temperature: 0,
  seed: 0,
  timeBudgetSeconds: Infinity,
  quiet: false,
  workers: 1,
});

/** The book's settings for GRU (6.7) and LSTM (6.8): 160 epochs, samples every 40. */
export const GATED_DEFAULTS: TrainConfig = Object.freeze({ ...RNN_DEFAULTS, numEpochs: 160, predPeriod: 40 });

/** The defaults for a cell: `RNN_DEFAULTS` for "rnn", `GATED_DEFAULTS` for "gru" and "lstm". */
export function defaultsFor(cell: CellName): TrainConfig {
  switch (cell) {
    case "rnn":
      return RNN_DEFAULTS;
    case "gru":
    case "lstm":
      return GATED_DEFAULTS;
    default: {
      const never: never = cell;
      throw new Error(`defaultsFor: cell: expected "rnn", "gru" or "lstm", got ${JSON.stringify(never)}`);
    }
  }
}

/** A complete frozen config: the defaults of `cell` (default "rnn") with `overrides` applied and checked. */
export function trainConfig(overrides: Partial<TrainConfig> = {}, cell: CellName = "rnn"): TrainConfig {
  const known = Object.keys(RNN_DEFAULTS);
  for (const key of Object.keys(overrides)) {
    if (!known.includes(key)) throw new Error(`trainConfig: ${key}: not a config field; expected one of ${known.join(", ")}`);
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const config = { ...defaultsFor(cell), ...defined } as TrainConfig;
  for (const key of ["numHiddens", "numEpochs", "numSteps", "batchSize", "predPeriod", "workers"] as const) {
    const v = config[key];
    if (!(Number.isInteger(v) && v >= 1)) throw new Error(`trainConfig: ${key}: expected a positive integer, got ${String(v)}`);
  }
  if (!(Number.isInteger(config.predLen) && config.predLen >= 0))
    throw new Error(`trainConfig: predLen: expected an integer >= 0, got ${String(config.predLen)}`);
  for (const key of ["lr", "theta", "timeBudgetSeconds"] as const) {
    if (!(config[key] > 0)) throw new Error(`trainConfig: ${key}: expected a positive number, got ${String(config[key])}`);
  }
  if (!(config.temperature >= 0 && Number.isFinite(config.temperature)))
    throw new Error(`trainConfig: temperature: expected a number >= 0, got ${String(config.temperature)}`);
  if (config.sampling !== "random" && config.sampling !== "consecutive") {
    throw new Error(`trainConfig: sampling: expected "random" or "consecutive", got ${JSON.stringify(config.sampling)}`);
  }
  if (config.workers > 2) throw new Error(`trainConfig: workers: expected 1 or 2, got ${config.workers}`);
  if (!Number.isSafeInteger(config.seed)) throw new Error(`trainConfig: seed: expected a safe integer, got ${String(config.seed)}`);
  return Object.freeze({ ...config, prefixes: Object.freeze([...config.prefixes]) });
}
