/**
 * The two minibatch samplers of d2l-zh 6.3, and the random-offset variant that answers its exercise.
 *
 * Each call is one epoch: an iterable of batches (X, Y), both [B, T] (B = batchSize,
 * T = numSteps), with Y = X shifted by one position in the corpus. The `…Arrays` functions yield
 * plain `{X, Y}` number arrays; the tensor versions are built on them and yield int32 tensors that
 * the consumer owns (and disposes). Arguments are checked when the function is called, randomness
 * is drawn when the iteration starts (as a Python generator would).
 *
 * - random: examples start at 0, T, 2T, … (all that fit in len − 1 tokens); the epoch takes
 *   ⌊numExamples / B⌋ full batches of examples in a seeded shuffled order, each example at most once.
 *   Adjacent batches are not adjacent in the corpus, so the hidden state is re-initialised per batch.
 * - consecutive: the corpus is cut into B equal rows of ⌊len / B⌋ tokens; batch i holds columns
 *   [iT, iT + T) of every row, so row b of batch i + 1 continues row b of batch i (the hidden state
 *   may be carried over).
 *
 * The random-offset variant (an answer to the section's exercise) is in offset-sampler.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";

/** One batch as plain arrays: X and Y are [B, T]. */
export interface ArrayBatch {
  readonly X: number[][];
  readonly Y: number[][];
}

/** The random sampler as plain arrays (see the file comment). */
export function dataIterRandomArrays(
  corpusIndices: readonly number[],
  batchSize: number,
  numSteps: number,
  rng: Rng,
): IterableIterator<ArrayBatch> {
  checkRandom("dataIterRandomArrays", corpusIndices, batchSize, numSteps, rng);
  return randomBatches(corpusIndices, batchSize, numSteps, rng, false);
}

/** The book's `data_iter_random`: yields [X, Y], int32 [B, T] each, owned by the consumer. */
export function dataIterRandom(
  corpusIndices: readonly number[],
  batchSize: number,
  numSteps: number,
  rng: Rng,
): IterableIterator<[tf.Tensor2D, tf.Tensor2D]> {
  checkRandom("dataIterRandom", corpusIndices, batchSize, numSteps, rng);
  return asTensors(randomBatches(corpusIndices, batchSize, numSteps, rng, false));
}

/** The consecutive sampler as plain arrays (see the file comment). */
export function dataIterConsecutiveArrays(
  corpusIndices: readonly number[],
  batchSize: number,
  numSteps: number,
): IterableIterator<ArrayBatch> {
  checkConsecutive("dataIterConsecutiveArrays", corpusIndices, batchSize, numSteps);
  return consecutiveBatches(corpusIndices, batchSize, numSteps);
}

/** The book's `data_iter_consecutive`: yields [X, Y], int32 [B, T] each, owned by the consumer. */
export function dataIterConsecutive(
  corpusIndices: readonly number[],
  batchSize: number,
  numSteps: number,
): IterableIterator<[tf.Tensor2D, tf.Tensor2D]> {
  checkConsecutive("dataIterConsecutive", corpusIndices, batchSize, numSteps);
  return asTensors(consecutiveBatches(corpusIndices, batchSize, numSteps));
}

/** The random sampler's epoch; `withOffset` draws the start offset first (see offset-sampler.ts). */
export function* randomBatches(
  corpus: readonly number[],
  batchSize: number,
  numSteps: number,
  rng: Rng,
  withOffset: boolean,
): IterableIterator<ArrayBatch> {
  const offset = withOffset ? rng.randint(0, numSteps) : 0; // upper bound exclusive: o ≤ T − 1
  const numExamples = Math.floor((corpus.length - offset - 1) / numSteps); // − 1: Y needs one more token
  const starts = rng.shuffle(Array.from({ length: numExamples }, (_, j) => offset + j * numSteps));
  const epochSize = Math.floor(numExamples / batchSize);
  for (let i = 0; i < epochSize; i++) {
    const batch = starts.slice(i * batchSize, (i + 1) * batchSize);
    yield {
      X: batch.map((s) => corpus.slice(s, s + numSteps)),
      Y: batch.map((s) => corpus.slice(s + 1, s + 1 + numSteps)),
    };
  }
}

function* consecutiveBatches(corpus: readonly number[], batchSize: number, numSteps: number): IterableIterator<ArrayBatch> {
  const batchLen = Math.floor(corpus.length / batchSize); // row b is corpus[b·batchLen, (b+1)·batchLen)
  const epochSize = Math.floor((batchLen - 1) / numSteps);
  const rows = Array.from({ length: batchSize }, (_, b) => b * batchLen);
  for (let i = 0; i < epochSize; i++) {
    const s = i * numSteps;
    yield {
      X: rows.map((r) => corpus.slice(r + s, r + s + numSteps)),
      Y: rows.map((r) => corpus.slice(r + s + 1, r + s + 1 + numSteps)),
    };
  }
}

/** Turns array batches into int32 tensor pairs as they are consumed. */
export function* asTensors(batches: IterableIterator<ArrayBatch>): IterableIterator<[tf.Tensor2D, tf.Tensor2D]> {
  for (const { X, Y } of batches) {
    yield [tf.tensor2d(X, [X.length, X[0].length], "int32"), tf.tensor2d(Y, [Y.length, Y[0].length], "int32")];
  }
}

export function checkRandom(fn: string, corpus: readonly number[], batchSize: number, numSteps: number, rng: Rng): void {
  checkCommon(fn, corpus, batchSize, numSteps);
  checkRng(fn, rng);
  const needed = batchSize * numSteps + 1;
  if (corpus.length < needed) {
    throw new Error(
      `${fn}: corpusIndices: expected at least batchSize * numSteps + 1 = ${needed} indices for one batch, ` +
        `got ${corpus.length}`,
    );
  }
}

function checkConsecutive(fn: string, corpus: readonly number[], batchSize: number, numSteps: number): void {
  checkCommon(fn, corpus, batchSize, numSteps);
  const needed = batchSize * (numSteps + 1);
  if (corpus.length < needed) {
    throw new Error(
      `${fn}: corpusIndices: expected at least batchSize * (numSteps + 1) = ${needed} indices for one batch, ` +
        `got ${corpus.length}`,
    );
  }
}

/** Shared checks: positive integer sizes and a corpus of int32 indices >= 0. */
export function checkCommon(fn: string, corpus: readonly number[], batchSize: number, numSteps: number): void {
  if (!Array.isArray(corpus)) {
    throw new Error(`${fn}: corpusIndices: expected an array of indices, got ${kind(corpus)}`);
  }
  checkPositiveInt(fn, "batchSize", batchSize);
  checkPositiveInt(fn, "numSteps", numSteps);
  checkIndices(fn, "corpusIndices", corpus);
}

export function checkPositiveInt(fn: string, arg: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new Error(`${fn}: ${arg}: expected a positive integer, got ${String(value)}`);
  }
}

export function checkIndices(fn: string, arg: string, indices: readonly number[]): void {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    if (!(Number.isInteger(v) && v >= 0 && v <= 0x7fffffff)) {
      throw new Error(`${fn}: ${arg}[${i}]: expected an integer index in [0, 2^31), got ${String(v)}`);
    }
  }
}

export function checkRng(fn: string, rng: Rng): void {
  if (typeof (rng as Partial<Rng> | undefined)?.shuffle !== "function") {
    throw new Error(`${fn}: rng: expected an Rng (e.g. d2l.seed(42)), got ${kind(rng)}`);
  }
}

function kind(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value !== "object") return `${typeof value} ${String(value)}`;
  const name = value.constructor?.name;
  return name === undefined || name === "Object" ? "an object" : `a ${name}`;
}
