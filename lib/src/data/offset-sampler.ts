/**
 * The random-offset sampler, an answer to the 6.3 exercise "what other ways of sampling are there?".
 *
 * The random sampler always cuts the corpus at 0, T, 2T, …, so a pattern that straddles a cut is
 * never seen whole inside one example. Here each epoch (call) first draws an offset o in [0, T − 1]
 * (inclusive) and then samples like the random sampler on the corpus from o on: examples start at
 * o, o + T, o + 2T, …, at most once each, in a seeded shuffled order, only full batches. Over many
 * epochs every position is a possible start. The number of batches may differ by one between
 * offsets; the corpus must hold one batch at every offset. (Chosen over a consecutive partition
 * after the offset because it keeps the random sampler's independence between batches.)
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { ArrayBatch, asTensors, checkCommon, checkRng, randomBatches } from "./samplers";

/** The random-offset sampler as plain arrays: yields `{X, Y}`, [B, T] each. */
export function dataIterRandomOffsetArrays(
  corpusIndices: readonly number[],
  batchSize: number,
  numSteps: number,
  rng: Rng,
): IterableIterator<ArrayBatch> {
  checkRandomOffset("dataIterRandomOffsetArrays", corpusIndices, batchSize, numSteps, rng);
  return randomBatches(corpusIndices, batchSize, numSteps, rng, true);
}

/** The random-offset sampler (exercise of 6.3): yields [X, Y], int32 [B, T] each, owned by the consumer. */
export function dataIterRandomOffset(
  corpusIndices: readonly number[],
  batchSize: number,
  numSteps: number,
  rng: Rng,
): IterableIterator<[tf.Tensor2D, tf.Tensor2D]> {
  checkRandomOffset("dataIterRandomOffset", corpusIndices, batchSize, numSteps, rng);
  return asTensors(randomBatches(corpusIndices, batchSize, numSteps, rng, true));
}

function checkRandomOffset(fn: string, corpus: readonly number[], batchSize: number, numSteps: number, rng: Rng): void {
  checkCommon(fn, corpus, batchSize, numSteps);
  checkRng(fn, rng);
  const needed = (batchSize + 1) * numSteps;
  if (corpus.length < needed) {
    throw new Error(
      `${fn}: corpusIndices: expected at least (batchSize + 1) * numSteps = ${needed} indices for one batch ` +
        `at every offset, got ${corpus.length}`,
    );
  }
}

