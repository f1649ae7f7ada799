/**
 * Sentence-level batching, the answer to the 6.3 exercise "what if each example must be a whole
 * sentence?": sentences have different lengths, so rows are padded to one length T with a pad index
 * and carry their valid length and a mask; the loss must ignore the padded steps (multiply by the
 * mask and divide by the sum of valid lengths). No sentence is ever split: a sentence longer than
 * T + 1 tokens is dropped (and listed) or is an error, as the caller chooses. Hidden states cannot
 * be carried from one batch to the next, as in random sampling.
 *
 * A sentence of k tokens gives k − 1 steps: X is its first k − 1 tokens, Y its last k − 1.
 */
import { Rng } from "../core/random";
import { checkIndices, checkPositiveInt, checkRng } from "./samplers";

export interface SentenceBatchOptions {
  /** B, rows per batch. */
  readonly batchSize: number;
  /** T, the padded length of X and Y; sentences of 2 to T + 1 tokens fit. */
  readonly numSteps: number;
  /** The index written into padded steps (often a new index V, or the index of a pad token). */
  readonly padIndex: number;
  /** Shuffles the sentences when given; keeps their order otherwise. Default: no shuffle. */
  readonly rng?: Rng;
  /** A sentence of more than T + 1 tokens: "drop" it (listed in `tooLong`; default) or throw ("error"). */
  readonly tooLong?: "drop" | "error";
  /** "drop" (default): only full batches of B rows; "keep": also the last, smaller batch. */
  readonly lastBatch?: "drop" | "keep";
}

/** One batch: X, Y and mask are [rows, T]; `validLens[r]` steps of row r are real, the rest padding. */
export interface SentenceBatch {
  readonly X: number[][];
  readonly Y: number[][];
  /** k − 1 for a sentence of k tokens. */
  readonly validLens: number[];
  /** 1 for a real step, 0 for padding. */
  readonly mask: number[][];
  /** Position in `sentences` of the sentence in each row. */
  readonly sentenceIds: number[];
}

export interface SentenceBatches {
  readonly batches: SentenceBatch[];
  /** Sentences of more than T + 1 tokens, left out whole. */
  readonly tooLong: number[];
  /** Sentences of fewer than 2 tokens: nothing to predict. */
  readonly tooShort: number[];
  /** Sentences that fit but did not fill a last batch (with lastBatch "drop"). */
  readonly leftOver: number[];
}

/**
 * Cuts a corpus after every index in `endIndices` (e.g. the indices of "。" or of the space that
 * replaced line breaks); each sentence keeps its end token. A tail without an end token is the last
 * sentence.
 */
export function splitSentences(corpusIndices: readonly number[], endIndices: Iterable<number>): number[][] {
  if (!Array.isArray(corpusIndices)) {
    throw new Error(`splitSentences: corpusIndices: expected an array of indices, got ${typeof corpusIndices}`);
  }
  checkIndices("splitSentences", "corpusIndices", corpusIndices);
  const ends = new Set(endIndices);
  const sentences: number[][] = [];
  let current: number[] = [];
  for (const idx of corpusIndices) {
    current.push(idx);
    if (ends.has(idx)) {
      sentences.push(current);
      current = [];
    }
  }
  if (current.length > 0) sentences.push(current);
  return sentences;
}

/** Whole sentences in batches of B rows padded to T steps, with valid lengths and masks (one epoch). */
export function sentenceBatches(sentences: readonly (readonly number[])[], options: SentenceBatchOptions): SentenceBatches {
  const fn = "sentenceBatches";
  const { batchSize, numSteps, padIndex, rng, tooLong = "drop", lastBatch = "drop" } = options;
  checkPositiveInt(fn, "options.batchSize", batchSize);
  checkPositiveInt(fn, "options.numSteps", numSteps);
  if (!(Number.isInteger(padIndex) && padIndex >= 0 && padIndex <= 0x7fffffff)) {
    throw new Error(`${fn}: options.padIndex: expected an integer index in [0, 2^31), got ${String(padIndex)}`);
  }
  if (rng !== undefined) checkRng(fn, rng);
  checkChoice(fn, "options.tooLong", tooLong, ["drop", "error"]);
  checkChoice(fn, "options.lastBatch", lastBatch, ["drop", "keep"]);
  if (!Array.isArray(sentences)) throw new Error(`${fn}: sentences: expected an array of index arrays, got ${typeof sentences}`);
  const fits: number[] = [];
  const long: number[] = [];
  const short: number[] = [];
  sentences.forEach((s, i) => {
    if (!Array.isArray(s)) throw new Error(`${fn}: sentences[${i}]: expected an array of indices, got ${typeof s}`);
    checkIndices(fn, `sentences[${i}]`, s);
    if (s.length < 2) short.push(i);
    else if (s.length <= numSteps + 1) fits.push(i);
    else if (tooLong === "drop") long.push(i);
    else {
      throw new Error(
        `${fn}: sentences[${i}]: expected at most numSteps + 1 = ${numSteps + 1} tokens (sentences are never ` +
          `split; raise numSteps or use tooLong: "drop"), got ${s.length}`,
      );
    }
  });
  const order = rng === undefined ? fits : rng.shuffle(fits);
  const numBatches = lastBatch === "keep" ? Math.ceil(order.length / batchSize) : Math.floor(order.length / batchSize);
  if (numBatches === 0) {
    throw new Error(
      `${fn}: sentences: expected at least batchSize = ${batchSize} sentences of 2 to numSteps + 1 = ` +
        `${numSteps + 1} tokens, got ${order.length}`,
    );
  }
  const batches: SentenceBatch[] = [];
  for (let i = 0; i < numBatches; i++) {
    batches.push(padBatch(sentences, order.slice(i * batchSize, (i + 1) * batchSize), numSteps, padIndex));
  }
  return { batches, tooLong: long, tooShort: short, leftOver: order.slice(numBatches * batchSize) };
}

function padBatch(
  sentences: readonly (readonly number[])[],
  ids: number[],
  numSteps: number,
  padIndex: number,
): SentenceBatch {
  const pad = (row: readonly number[]) => [...row, ...new Array<number>(numSteps - row.length).fill(padIndex)];
  const validLens = ids.map((i) => sentences[i].length - 1);
  return {
    X: ids.map((i) => pad(sentences[i].slice(0, -1))),
    Y: ids.map((i) => pad(sentences[i].slice(1))),
    validLens,
    mask: validLens.map((v) => Array.from({ length: numSteps }, (_, t) => (t < v ? 1 : 0))),
    sentenceIds: ids,
  };
}

function checkChoice(fn: string, arg: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw new Error(`${fn}: ${arg}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value)}`);
  }
}
