/**
 * Live training progress for notebooks: one line, updated in place after every epoch (epoch,
 * perplexity, characters per second, time used and left), built on `liveLine`. Pass its
 * `onProgress` to `trainAndPredictRnn`:
 *
 *   const progress = d2l.trainingProgress({ numEpochs, batchSize, numSteps });
 *   await d2l.trainAndPredictRnn({ model, corpus, numEpochs, onProgress: progress.onProgress });
 *   progress.done();
 *
 * or, in one call, `await d2l.trainWithProgress({ model, corpus, numEpochs, label: "RNN" })`.
 */
import { LiveLine, liveLine } from "./display";
import { trainConfig } from "../train/config";
import { EpochRecord, TrainOptions, TrainResult, trainAndPredictRnn } from "../train/train";

export interface ProgressOptions {
  /** Epochs the run will take (for "epoch 3/250" and the time left). */
  readonly numEpochs: number;
  /** B, to count characters per second (B·T per batch). */
  readonly batchSize: number;
  /** T. */
  readonly numSteps: number;
  /** Shown first, e.g. "RNN 随机采样". Default: none. */
  readonly label?: string;
  /** Where the line goes. Default: a new `liveLine()`. */
  readonly line?: LiveLine;
}

export interface TrainingProgress {
  /** Give this to `trainAndPredictRnn` as `onProgress`. */
  readonly onProgress: (record: EpochRecord) => void;
  /** Leaves the last line in place. */
  done(): void;
}

/** "8 秒", "2 分 05 秒", "1 小时 03 分". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, "0")} 秒`;
  return `${Math.floor(s / 3600)} 小时 ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} 分`;
}

/** The text of the progress line after `record`, given the seconds spent so far. */
export function progressText(options: ProgressOptions, record: EpochRecord, elapsedSeconds: number): string {
  const { numEpochs, batchSize, numSteps } = options;
  const perSecond = record.seconds > 0 ? (record.batches * batchSize * numSteps) / record.seconds : NaN;
  const left = (elapsedSeconds / record.epoch) * Math.max(numEpochs - record.epoch, 0);
  const ppl = Number.isFinite(record.perplexity) ? record.perplexity.toFixed(2) : String(record.perplexity);
  const rate = Number.isFinite(perSecond) ? Math.round(perSecond).toLocaleString("en-US") : "?";
  const parts = [
    `epoch ${record.epoch}/${numEpochs}`,
    `困惑度 ${ppl}`,
    `${rate} 字符/秒`,
    `已用 ${formatDuration(elapsedSeconds)}`,
    record.epoch < numEpochs ? `约剩 ${formatDuration(left)}` : "完成",
  ];
  return (options.label ? `[${options.label}] ` : "") + parts.join("  ·  ");
}

/** A progress line for one training run (see the file comment). */
export function trainingProgress(options: ProgressOptions): TrainingProgress {
  for (const key of ["numEpochs", "batchSize", "numSteps"] as const) {
    const v = options[key];
    if (!(Number.isInteger(v) && v >= 1))
      throw new Error(`trainingProgress: options.${key}: expected a positive integer, got ${String(v)}`);
  }
  const line = options.line ?? liveLine();
  let elapsed = 0;
  return {
    onProgress(record) {
      elapsed += record.seconds;
      line.update(progressText(options, record, elapsed));
    },
    done: () => line.done(),
  };
}

/**
 * `trainAndPredictRnn` with a progress line: the same options plus an optional `label`; the line
 * reads the epochs, B and T of the resolved config (the cell's defaults with the overrides).
 * A caller's own `onProgress` is still called.
 */
export async function trainWithProgress<S>(
  options: TrainOptions<S> & { readonly label?: string; readonly line?: LiveLine },
): Promise<TrainResult> {
  const { label, line, ...trainOptions } = options;
  const { model, corpus: _corpus, onProgress, signal: _signal, log: _log, ...overrides } = trainOptions;
  if (model === undefined || typeof model.forward !== "function") {
    throw new Error(`trainWithProgress: model: expected a LanguageModel (d2l.scratchModel or d2l.conciseModel), got ${String(model)}`);
  }
  const config = trainConfig(overrides, model.cell);
  const progress = trainingProgress({ numEpochs: config.numEpochs, batchSize: config.batchSize, numSteps: config.numSteps, label, line });
  try {
    return await trainAndPredictRnn({
      ...trainOptions,
      onProgress: (record, samples) => {
        progress.onProgress(record);
        onProgress?.(record, samples);
      },
    });
  } finally {
    progress.done();
  }
}
