/**
 * Generating text with a language model (d2l-zh 6.4 `predict_rnn`): read the prefix, then append
 * `numChars` characters, each chosen from the model's output after the previous one. Greedy
 * (argmax, like the book) by default, or sampled from softmax(logits / τ) with a seeded rng.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/random";
import { tensorsOf } from "../cells/params";
import { LanguageModel } from "../model/model";

export interface PredictOptions<S> {
  /** The model that predicts the next character. */
  readonly model: LanguageModel<S>;
  /** The vocabulary (a `CharCorpus` will do). */
  readonly vocab: { readonly charToIdx: ReadonlyMap<string, number>; readonly idxToChar: readonly string[] };
  /** 0 (default): the most likely character (first on ties); τ > 0: sample from softmax(logits / τ). */
  readonly temperature?: number;
  /** Required when temperature > 0. */
  readonly rng?: Rng;
}

/** Returns `prefix` followed by `numChars` generated characters. */
export function predictRnn<S>(prefix: string, numChars: number, options: PredictOptions<S>): string {
  const { model, vocab } = options;
  const temperature = options.temperature ?? 0;
  const chars = Array.from(prefix);
  if (chars.length === 0) throw new Error("predictRnn: prefix: expected at least one character, got an empty string");
  if (!(Number.isInteger(numChars) && numChars >= 0))
    throw new Error(`predictRnn: numChars: expected an integer >= 0, got ${String(numChars)}`);
  if (!(temperature >= 0 && Number.isFinite(temperature)))
    throw new Error(`predictRnn: temperature: expected a number >= 0, got ${String(temperature)}`);
  if (temperature > 0 && !(options.rng instanceof Rng))
    throw new Error("predictRnn: rng: expected an Rng (d2l.seed(n)) for temperature sampling, got none");
  const indices = chars.map((c, i) => {
    const idx = vocab.charToIdx.get(c);
    if (idx === undefined) throw new Error(`predictRnn: prefix: character ${JSON.stringify(c)} at position ${i} is not in the vocabulary`);
    return idx;
  });

  let state = model.initState(1);
  // Reads X [1, n] and returns the logits after its last character; the state moves on.
  const read = (tokens: number[]): Float32Array => {
    let next = state;
    const row = tf.tidy(() => {
      const out = model.forward(tf.tensor2d([tokens], [1, tokens.length], "int32"), state);
      next = out.state;
      tensorsOf(next).forEach((t) => tf.keep(t));
      return out.logits.slice([tokens.length - 1, 0], [1, -1]).dataSync() as Float32Array;
    });
    const kept = new Set(tensorsOf(next));
    tensorsOf(state).forEach((t) => kept.has(t) || t.dispose());
    state = next;
    return row;
  };

  const output = indices.slice();
  try {
    let logits = read(indices);
    for (let i = 0; i < numChars; i++) {
      const next = temperature === 0 ? argmax(logits) : sample(logits, temperature, options.rng as Rng);
      output.push(next);
      if (i + 1 < numChars) logits = read([next]);
    }
  } finally {
    tensorsOf(state).forEach((t) => t.dispose());
  }
  return output.map((i) => vocab.idxToChar[i]).join("");
}

/** The first index of the largest value. */
function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Draws an index from softmax(logits / τ), computed in float64. */
function sample(logits: ArrayLike<number>, temperature: number, rng: Rng): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const weights = Array.from(logits, (l) => Math.exp((l - max) / temperature));
  return rng.choice(weights);
}
